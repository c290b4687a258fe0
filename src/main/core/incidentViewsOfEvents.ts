import type { AuditEvent, IncidentView, ItemDetail } from '../../shared/contract/index.ts';
import type { IncidentItemField } from '../reports/index.ts';
import { incidentStoreOfEvents } from '../store/index.ts';
import { EventBus } from './eventBus.ts';
import { IncidentService, type ProtocolSource } from './incidentService.ts';
import { itemDetail } from './itemDetail.ts';
import { stepReportFields } from './steps/index.ts';
import { WorkflowContext } from './workflowContext.ts';

// An incident's report views made from its events alone, as the station makes them from its
// database: the station's own services (IncidentService.view, itemDetail, the steps' report lines)
// read an in-memory station database the station's replay wrote from the events
// (store/incidentStoreOfEvents.ts). The site console is given this by `site serve`.

export interface IncidentReportViews {
  incident: IncidentView;
  item: ItemDetail | null;
  itemFields: IncidentItemField[];
}

function refuse(): never {
  throw new Error('These views only read an incident; they do not run protocols or confirm second persons.');
}
const NO_PROTOCOLS: ProtocolSource = { protocolFor: refuse, status: refuse, reload: refuse };

/** The views of incident `number` from its and its item's events (oldest first) and the SOP it was opened under. */
export function incidentViewsOfEvents(number: string, events: readonly AuditEvent[], protocol: unknown): IncidentReportViews {
  const { store, incidentId, custodyId } = incidentStoreOfEvents(number, events, protocol);
  try {
    const ctx = new WorkflowContext(store, new EventBus(false), 'live', () => new Date());
    const incident = new IncidentService(ctx, NO_PROTOCOLS, refuse).view(incidentId);
    const item = store.items.exists(custodyId) ? itemDetail(ctx, custodyId) : null;
    return { incident, item, itemFields: stepReportFields(item) };
  } finally {
    store.close();
  }
}
