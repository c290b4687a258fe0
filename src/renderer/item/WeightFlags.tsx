import type { ItemDetail } from '../../shared/contract/index.ts';
import { Icon } from '../ui/index.ts';

/** Weight observations inform the inspection; they never clear or condemn (DESIGN.md invariant 7). */
export function WeightFlags({ detail }: { detail: ItemDetail }) {
  if (detail.weightFlags.length === 0) return null;
  return (
    <div className="notice notice-info" role="note" data-testid="weight-flags">
      <Icon kind="info" />
      <div>
        <p className="notice-title">For your attention (information only, not a clearance)</p>
        <ul className="plain-list">
          {detail.weightFlags.map((flag) => (
            <li key={flag.code}>{flag.message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
