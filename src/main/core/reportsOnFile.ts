import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Store } from '../store/index.ts';
import { publicOperator } from '../store/index.ts';
import { ReportService, requesterOf, type Requester } from '../reports/index.ts';
import { EventBus } from './eventBus.ts';
import { WorkflowContext } from './workflowContext.ts';
import { IncidentService, type ProtocolSource } from './incidentService.ts';
import { reportSources } from './reportSources.ts';

function notInTheCli(): never {
  throw new Error('The admin CLI reads incidents; it does not run protocols or confirm second persons.');
}
const NO_PROTOCOLS: ProtocolSource = { protocolFor: notInTheCli, status: notInTheCli, reload: notInTheCli };

/** The admin CLI's way to the reports: the station's own services on the database file, no devices. */
export function openReportsOnFile(dbPath: string): { store: Store; reports: ReportService; requester: (badge: string | undefined) => Requester } {
  if (!existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);
  const store = Store.open(dbPath);
  const ctx = new WorkflowContext(store, new EventBus(false), 'live', () => new Date());
  const incidents = new IncidentService(ctx, NO_PROTOCOLS, notInTheCli);
  const reports = new ReportService(reportSources(ctx), incidents);
  return {
    store,
    reports,
    // Without a badge the export is still attributed: to the OS account that ran the CLI.
    requester: (badge) => {
      if (badge === undefined) {
        const user = userInfo().username;
        return { actor: `cli:${user}`, name: `admin CLI (${user})` };
      }
      const operator = store.operators.byBadge(badge);
      if (!operator) throw new Error(`no operator has badge ${badge}`);
      return requesterOf(publicOperator(operator));
    },
  };
}
