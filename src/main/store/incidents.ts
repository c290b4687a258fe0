import type Database from 'better-sqlite3';
import type { z } from 'zod';
import {
  IncidentDetails,
  IncidentNotification,
  IncidentPerson,
  ResponderArrival,
  WitnessStatement,
  type IncidentOutcome,
  type IncidentType,
  type RecordMode,
} from '../../shared/contract/index.ts';
import { Sop } from '../../shared/domain/index.ts';
import { parseStoredJson } from './storedJson.ts';

/** An incident as stored, its protocol (the SOP followed) and details parsed with their schemas. */
export interface IncidentRow extends Omit<StoredIncidentRow, 'protocol' | 'details'> {
  protocol: Sop;
  details: IncidentDetails;
}

interface StoredIncidentRow {
  id: number;
  number: string;
  custody_id: string;
  type: IncidentType;
  mode: RecordMode;
  reason: string;
  protocol: string;
  details: string;
  outcome: IncidentOutcome | null;
  lab_reference: string | null;
  corrective_actions: string | null;
  opened_by: string;
  opened_at: string;
  closed_by: string | null;
  closed_second_by: string | null;
  closed_at: string | null;
}

export interface StepAckRow {
  step_id: string;
  acknowledged_by: string;
  second_by: string | null;
  acknowledged_at: string;
  note: string;
  could_not_because: string | null;
}

/** What each kind of incident record holds; when it was recorded is a column of its own. */
const ENTRY_SCHEMAS = {
  person: IncidentPerson.omit({ recordedAt: true }),
  notification: IncidentNotification.omit({ recordedAt: true }),
  witness: WitnessStatement.omit({ recordedAt: true }),
  responder: ResponderArrival.omit({ recordedAt: true }),
} as const;
export type IncidentEntryKind = keyof typeof ENTRY_SCHEMAS;
export type IncidentEntry<K extends IncidentEntryKind> = z.output<(typeof ENTRY_SCHEMAS)[K]>;

function parseIncident(row: StoredIncidentRow): IncidentRow {
  const at = (column: string) => ({ table: 'incidents', column, key: `id ${row.id} (${row.number})` });
  return { ...row, protocol: parseStoredJson(Sop, row.protocol, at('protocol')), details: parseStoredJson(IncidentDetails, row.details, at('details')) };
}

/** Incidents, their protocol step acknowledgements and their records (persons, notifications, ...). */
export class IncidentRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Incident numbers run per year and per kind of record: INC-2026-0001, DRILL-2026-0001. */
  nextNumber(mode: RecordMode, year: number): string {
    const prefix = mode === 'drill' ? 'DRILL' : mode === 'demo' ? 'DEMO' : 'INC';
    const like = `${prefix}-${year}-%`;
    const row = this.#db.prepare('SELECT count(*) AS n FROM incidents WHERE number LIKE ?').get(like) as { n: number };
    return `${prefix}-${year}-${String(row.n + 1).padStart(4, '0')}`;
  }

  insert(incident: { number: string; custodyId: string; type: IncidentType; mode: RecordMode; reason: string; protocol: unknown; openedBy: string; openedAt: string }): number {
    return Number(
      this.#db
        .prepare('INSERT INTO incidents (number, custody_id, type, mode, reason, protocol, opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(incident.number, incident.custodyId, incident.type, incident.mode, incident.reason, JSON.stringify(incident.protocol), incident.openedBy, incident.openedAt)
        .lastInsertRowid,
    );
  }

  byId(id: number): IncidentRow | null {
    const row = this.#db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as StoredIncidentRow | undefined;
    return row ? parseIncident(row) : null;
  }

  list(includeClosed: boolean): IncidentRow[] {
    const where = includeClosed ? '' : 'WHERE closed_at IS NULL';
    return (this.#db.prepare(`SELECT * FROM incidents ${where} ORDER BY closed_at IS NOT NULL, opened_at DESC, id DESC`).all() as StoredIncidentRow[]).map(parseIncident);
  }

  acknowledgements(incidentId: number): StepAckRow[] {
    return this.#db.prepare('SELECT * FROM incident_steps WHERE incident_id = ? ORDER BY acknowledged_at, rowid').all(incidentId) as StepAckRow[];
  }

  acknowledge(incidentId: number, ack: { stepId: string; by: string; secondBy: string | null; at: string; note: string; couldNotBecause: string | null }): void {
    this.#db
      .prepare('INSERT INTO incident_steps (incident_id, step_id, acknowledged_by, second_by, acknowledged_at, note, could_not_because) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(incidentId, ack.stepId, ack.by, ack.secondBy, ack.at, ack.note, ack.couldNotBecause);
  }

  addEntry(incidentId: number, kind: IncidentEntryKind, data: Record<string, unknown>, by: string, at: string): void {
    this.#db.prepare('INSERT INTO incident_entries (incident_id, kind, data, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)').run(incidentId, kind, JSON.stringify(data), by, at);
  }

  entries<K extends IncidentEntryKind>(incidentId: number, kind: K): Array<{ data: IncidentEntry<K>; recordedAt: string }> {
    const rows = this.#db.prepare('SELECT id, data, recorded_at FROM incident_entries WHERE incident_id = ? AND kind = ? ORDER BY id').all(incidentId, kind) as Array<{
      id: number;
      data: string;
      recorded_at: string;
    }>;
    // The indexed schema's output is IncidentEntry<K>; TypeScript cannot see through the generic index.
    const schema = ENTRY_SCHEMAS[kind] as unknown as z.ZodType<IncidentEntry<K>>;
    return rows.map((r) => ({ data: parseStoredJson(schema, r.data, { table: 'incident_entries', column: 'data', key: `id ${r.id} (${kind})` }), recordedAt: r.recorded_at }));
  }

  setDetails(incidentId: number, details: IncidentDetails): void {
    this.#db.prepare('UPDATE incidents SET details = ? WHERE id = ?').run(JSON.stringify(details), incidentId);
  }

  setOutcome(incidentId: number, outcome: IncidentOutcome, labReference: string | null, correctiveActions: string): void {
    this.#db.prepare('UPDATE incidents SET outcome = ?, lab_reference = ?, corrective_actions = ? WHERE id = ?').run(outcome, labReference, correctiveActions, incidentId);
  }

  close(incidentId: number, by: string, secondBy: string, at: string): void {
    this.#db.prepare('UPDATE incidents SET closed_by = ?, closed_second_by = ?, closed_at = ? WHERE id = ?').run(by, secondBy, at, incidentId);
  }
}
