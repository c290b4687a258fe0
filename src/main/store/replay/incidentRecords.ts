import type { AuditKind, CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { canonicalJson } from '../canonicalJson.ts';
import { carried, operatorIdOf, SequencedRows, type ExpectedRow, type TableReplay } from './types.ts';

/** The incidents a purge removed (with their steps and entries). */
export function purgedIncidents(event: CataloguedAuditEvent): readonly string[] {
  return event.kind === 'records.purged' ? (event.payload.incidents?.numbers ?? []) : [];
}

/**
 * incident_steps, keyed `<incident number>/<step id>`: each `incident.stepAcknowledged` is one
 * acknowledgement (who, the second person, the note, why it was done without its record).
 * acknowledged_at is the service clock's.
 */
export class IncidentStepsReplay implements TableReplay {
  readonly table = 'incident_steps';
  readonly columns = ['acknowledged_by', 'second_by', 'note', 'could_not_because'] as const;
  readonly #rows = new Map<string, ExpectedRow>();
  readonly #keys = new Map<string, string[]>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    for (const number of purgedIncidents(event)) {
      for (const key of this.#keys.get(number) ?? []) this.#rows.delete(key);
      this.#keys.delete(number);
    }
    if (event.kind !== 'incident.stepAcknowledged' || event.subjectType !== 'incident' || typeof event.payload.stepId !== 'string') return;
    const key = `${event.subjectId}/${event.payload.stepId}`;
    this.#keys.set(event.subjectId, [...(this.#keys.get(event.subjectId) ?? []), key]);
    this.#rows.set(key, { acknowledged_by: operatorIdOf(event.actor), second_by: carried(event.payload, 'secondBy'), note: carried(event.payload, 'note'), could_not_because: carried(event.payload, 'couldNotBecause') });
  }
}

// The event that records each kind of entry; its payload is the entry's data.
const ENTRY_KINDS: Readonly<Partial<Record<AuditKind, string>>> = {
  'incident.personRecorded': 'person',
  'incident.notificationRecorded': 'notification',
  'incident.witnessStatementRecorded': 'witness',
  'incident.respondersArrived': 'responder',
};

/**
 * incident_entries, keyed `<incident number>/<kind>/<n>`: the n-th person, notification, witness
 * statement or responder arrival of the incident, in the order recorded. recorded_at is the
 * service clock's.
 */
export class IncidentEntriesReplay implements TableReplay {
  readonly table = 'incident_entries';
  readonly columns = ['data', 'recorded_by'] as const;
  readonly #rows = new SequencedRows();

  rows(): SequencedRows {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    for (const number of purgedIncidents(event)) {
      for (const kind of Object.values(ENTRY_KINDS)) this.#rows.dropSubject(`${number}/${kind}`);
    }
    const kind = ENTRY_KINDS[event.kind];
    if (!kind || event.subjectType !== 'incident') return;
    this.#rows.add(`${event.subjectId}/${kind}`, { data: canonicalJson(event.payload), recorded_by: operatorIdOf(event.actor) });
  }
}
