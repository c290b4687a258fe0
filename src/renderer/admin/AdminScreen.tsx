import { useSite } from '../site/SiteContext.tsx';
import { Icon } from '../ui/Icon.tsx';
import { OperatorsPanel } from './OperatorsPanel.tsx';
import { SitePanel } from './SitePanel.tsx';

/** Operators and training, the site policy; SOP files and device configuration once the station offers them. */
export function AdminScreen() {
  const { settings, operator } = useSite();
  return (
    <section className="admin-screen" aria-labelledby="admin-title" data-testid="admin-screen">
      <h1 id="admin-title">{operator.role === 'admin' ? 'Administration' : 'Operators and training'}</h1>
      <OperatorsPanel />
      {operator.role === 'admin' && settings !== null && <SitePanel settings={settings} />}
      {operator.role === 'admin' && (
        <section className="panel admin-panel" aria-labelledby="admin-pending-title">
          <h2 id="admin-pending-title">SOP files and devices</h2>
          <p className="notice notice-info">
            <Icon kind="info" />
            <span>
              This station version does not report its SOP files or device configuration to the screen yet. Use the admin CLI (<code>npm run -s cli -- help</code>) meanwhile; the device bar above shows every device’s live state.
            </span>
          </p>
        </section>
      )}
    </section>
  );
}
