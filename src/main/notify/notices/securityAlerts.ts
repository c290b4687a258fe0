import { StationFailure, type Operator } from '../../../shared/contract/index.ts';
import { SecurityAlertReadModel, type OpenIncidentAlert, type Store } from '../../store/index.ts';

const SHOWN = 50;

export type SecurityAlert = OpenIncidentAlert;

/**
 * The security coordinator's on-screen alert of a suspect item: every open incident (a suspect item
 * opens one, in the step that marks it) that this coordinator has not acknowledged. An
 * acknowledgement is an audit event by the coordinator (`incident.alertAcknowledged`), so the alert
 * stays on each coordinator's screens, over a reload or a restart, until they acknowledge it, and
 * the record says who saw it when. A closed incident is no longer an alert.
 */
export class SecurityAlerts {
  readonly #store: Store;
  readonly #read: SecurityAlertReadModel;

  constructor(store: Store) {
    this.#store = store;
    this.#read = new SecurityAlertReadModel(store.db);
  }

  /** The alerts the coordinator has not acknowledged, newest first. */
  unseen(operator: Operator): SecurityAlert[] {
    return this.#read.unseen(`operator:${operator.id}`, SHOWN);
  }

  /** The coordinator has seen the alert; acknowledging it again records nothing more. */
  acknowledge(incidentId: number, operator: Operator): void {
    const actor = `operator:${operator.id}`;
    this.#store.transaction(() => {
      const incident = this.#read.open(incidentId);
      if (!incident) throw new StationFailure('NOT_FOUND', 'No open incident has this number: the alert is gone (the incident was closed). Nothing to acknowledge.');
      if (this.#read.acknowledged(incident.incidentNumber, actor)) return;
      this.#store.audit.append({ actor, kind: 'incident.alertAcknowledged', subjectType: 'incident', subjectId: incident.incidentNumber, mode: incident.mode, payload: { custodyId: incident.custodyId } });
    });
  }
}
