import { useSite } from '../site/index.ts';
import { DevicesPanel } from './DevicesPanel.tsx';
import { DirectoryPanel } from './DirectoryPanel.tsx';
import { DiskPanel } from '../disk/index.ts';
import { OperatorsPanel } from './OperatorsPanel.tsx';
import { SitePanel } from './SitePanel.tsx';
import { SopPanel } from './SopPanel.tsx';

/** Operators and training, the SOP files' status (coordinators too); the site policy and the devices (admins). */
export function AdminScreen() {
  const { settings, operator } = useSite();
  return (
    <section className="admin-screen" aria-labelledby="admin-title" data-testid="admin-screen">
      <h1 id="admin-title">{operator.role === 'admin' ? 'Administration' : 'Operators, training and SOP files'}</h1>
      <OperatorsPanel />
      {operator.role === 'admin' && settings !== null && <SitePanel settings={settings} />}
      <SopPanel />
      <DiskPanel />
      {operator.role === 'admin' && <DevicesPanel />}
      {operator.role === 'admin' && <DirectoryPanel />}
    </section>
  );
}
