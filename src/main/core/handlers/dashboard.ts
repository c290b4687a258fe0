import type { AreaHandlers } from '../../commands/index.ts';
import type { DeviceHealthLog } from '../../store/index.ts';
import type { Store } from '../../store/index.ts';
import { dashboardStats } from '../dashboard.ts';

export interface DashboardHandlerPorts {
  store: Pick<Store, 'reader'>;
  deviceHealth: DeviceHealthLog;
  now: () => Date;
}

/** The coordinator's figures for a period. */
export function dashboardHandlers({ store, deviceHealth, now }: DashboardHandlerPorts): AreaHandlers<'dashboard'> {
  return {
    'dashboard.stats': ({ from, to }) => dashboardStats(store.reader.dashboard, store.reader.afterClearance, deviceHealth, from, to, now()),
  };
}
