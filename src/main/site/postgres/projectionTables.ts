import type { AuditSubjectType, CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { ItemsReplay, purgedIncidents, type ExpectedRow, type ExpectedRows, type TableReplay } from '../../store/index.ts';

/**
 * The X-ray cabinet's warnings per device (`xray.<warning>` events, subject the device): how many,
 * and the last one. The station keeps no table of them (its device health log is operational, not
 * in the chain), so this fold is the only reading of these events; it is a TableReplay like the
 * station's so the projector treats every table alike.
 */
export class DeviceWarningsReplay implements TableReplay {
  readonly table = 'device_warnings';
  readonly columns = ['warnings', 'last_kind', 'last_detail', 'last_scan_ref', 'last_at'] as const;
  readonly #rows = new Map<string, ExpectedRow>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.subjectType !== 'device' || !event.kind.startsWith('xray.')) return;
    const p = event.payload as { detail?: unknown; reason?: unknown; scanRef?: unknown };
    const detail = typeof p.detail === 'string' ? p.detail : typeof p.reason === 'string' ? p.reason : null;
    const before = Number(this.#rows.get(event.subjectId)?.warnings ?? 0);
    this.#rows.set(event.subjectId, {
      warnings: String(before + 1),
      last_kind: event.kind,
      last_detail: detail,
      last_scan_ref: typeof p.scanRef === 'string' ? p.scanRef : null,
      last_at: event.at,
    });
  }
}

/** A row of a projection table: its key after the station (the subject first), and its cells. */
export interface ProjectedRow {
  key: readonly string[];
  row: ExpectedRow;
}

/**
 * One projection table at the site: the station's replayed table it copies, the subject type of
 * the events that change its rows, and how a subject's rows are read out of the replay. Every
 * replayed table is keyed by its events' subject (an item's custody ID, an incident's number, an
 * operator's id) or by `<subject>/<…>`; a purge names the subjects it removes.
 */
export interface ProjectionTable {
  /** The SQL table (projectionSchema.ts). */
  readonly sqlTable: string;
  /** The replayed table's name (StateReplay's, or DeviceWarningsReplay's). */
  readonly replayTable: string;
  readonly subjectType: AuditSubjectType;
  /** The key columns after `station`, the subject's first, with their SQL type. */
  readonly keyColumns: ReadonlyArray<{ name: string; type: 'text' | 'integer' }>;
  /** The subjects whose rows this event removed (a purge), beyond its own subject. */
  purged(event: CataloguedAuditEvent): readonly string[];
  /** The rows the replay holds for the subject. */
  rowsOf(rows: ExpectedRows, subject: string): ProjectedRow[];
  /**
   * Columns the site adds that the station's table does not have, each an SQL expression over the
   * row being written (`u.k0`: its subject; `u.useq`: the last event that touched it, text; `$1`:
   * its station), made in the INSERT that writes the row, by the follower and by `site rebuild` alike.
   */
  readonly derived?: ReadonlyArray<{ column: string; select: string }>;
}

const bySubject = (rows: ExpectedRows, subject: string): ProjectedRow[] => {
  const row = rows.get(subject);
  return row ? [{ key: [subject], row }] : [];
};

/** `<subject>/<n>`, n from 1 with no hole (SequencedRows, never taken from here). */
const inSequence = (rows: ExpectedRows, subject: string): ProjectedRow[] => {
  const found: ProjectedRow[] = [];
  for (let n = 1; ; n += 1) {
    const row = rows.get(`${subject}/${n}`);
    if (!row) return found;
    found.push({ key: [subject, String(n)], row });
  }
};

/** `<subject>/<rest>` in a map: an incident's steps (few, and incidents are few). */
const underSubject = (rows: ExpectedRows, subject: string): ProjectedRow[] => {
  const prefix = `${subject}/`;
  const found: ProjectedRow[] = [];
  for (const key of rows.keys()) {
    if (!key.startsWith(prefix)) continue;
    const row = rows.get(key);
    if (row) found.push({ key: [subject, key.slice(prefix.length)], row });
  }
  return found.sort((a, b) => (a.key[1]! < b.key[1]! ? -1 : 1));
};

const none = (): readonly string[] => [];

/**
 * An item's received time (site schema 14): the `at` of the event that made its row, its intake
 * (`item.received`, or `drill.started` for a drill's parcel), as the station's `items.received_at`
 * is that moment (the station's row time is its service clock's, a few milliseconds off; the
 * event's is what the site holds). One index lookup (station_events_subject, version 4): the
 * item's events in seq order, the first of them being its intake, up to the event the row is
 * written for (never an event the projection has not reached).
 */
const RECEIVED_AT = `(SELECT e.at FROM station_events e
    WHERE e.station = $1 AND e.subject_type = 'item' AND e.subject_id = u.k0 AND e.seq <= u.useq::bigint AND e.kind IN ('item.received', 'drill.started')
    ORDER BY e.seq LIMIT 1)`;

export const PROJECTED: readonly ProjectionTable[] = [
  {
    sqlTable: 'site_items',
    replayTable: 'items',
    subjectType: 'item',
    keyColumns: [{ name: 'custody_id', type: 'text' }],
    purged: ItemsReplay.purgedItems,
    rowsOf: bySubject,
    derived: [{ column: 'received_at', select: RECEIVED_AT }],
  },
  {
    sqlTable: 'site_custody_transfers',
    replayTable: 'custody_transfers',
    subjectType: 'item',
    keyColumns: [
      { name: 'custody_id', type: 'text' },
      { name: 'n', type: 'integer' },
    ],
    purged: ItemsReplay.purgedItems,
    rowsOf: inSequence,
  },
  { sqlTable: 'site_incidents', replayTable: 'incidents', subjectType: 'incident', keyColumns: [{ name: 'number', type: 'text' }], purged: purgedIncidents, rowsOf: bySubject },
  {
    sqlTable: 'site_incident_steps',
    replayTable: 'incident_steps',
    subjectType: 'incident',
    keyColumns: [
      { name: 'incident_number', type: 'text' },
      { name: 'step_id', type: 'text' },
    ],
    purged: purgedIncidents,
    rowsOf: underSubject,
  },
  { sqlTable: 'site_operators', replayTable: 'operators', subjectType: 'operator', keyColumns: [{ name: 'operator_id', type: 'text' }], purged: none, rowsOf: bySubject },
  { sqlTable: 'site_device_warnings', replayTable: 'device_warnings', subjectType: 'device', keyColumns: [{ name: 'device_id', type: 'text' }], purged: none, rowsOf: bySubject },
];
