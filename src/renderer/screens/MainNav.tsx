import type { Role } from '../../shared/contract/index.ts';
import { useSiteLinkStatus } from '../siteLink/index.ts';

export type NavTarget = 'intake' | 'collection' | 'records' | 'incidents' | 'siteReview' | 'dashboard' | 'admin';

/** The few places an operator goes outside an item; the dashboard and admin entries only for the roles they serve, the site's review queue only at a station of a site. */
export function MainNav({ current, role, onGo, refreshKey }: { current: NavTarget | null; role: Role; onGo(target: NavTarget): void; refreshKey?: unknown }) {
  const site = useSiteLinkStatus(refreshKey) !== null;
  const targets: ReadonlyArray<{ target: NavTarget; label: string }> = [
    { target: 'intake', label: 'Intake' },
    { target: 'collection', label: 'Collection' },
    { target: 'records', label: role === 'screener' ? 'Find an item' : 'Records' },
    { target: 'incidents', label: role === 'coordinator' ? 'Incidents and drills' : 'Incidents' },
    ...(site ? [{ target: 'siteReview' as const, label: 'Site review' }] : []),
    ...(role === 'screener' ? [] : [{ target: 'dashboard' as const, label: 'Dashboard' }]),
    ...(role === 'admin' ? [{ target: 'admin' as const, label: 'Administration' }] : role === 'coordinator' ? [{ target: 'admin' as const, label: 'Operators and SOP files' }] : []),
  ];
  return (
    <nav className="main-nav" aria-label="Screens">
      {targets.map(({ target, label }) => (
        <button key={target} type="button" className={current === target ? 'nav-tab nav-active' : 'nav-tab'} aria-current={current === target ? 'page' : undefined} onClick={() => onGo(target)} data-testid={`nav-${target}`}>
          {label}
        </button>
      ))}
    </nav>
  );
}
