import type Database from 'better-sqlite3';
import { StationFailure, type AuditEvent } from '../../shared/contract/index.ts';
import { NOT_RECORDED } from './replay/index.ts';
import { StateReplay } from './stateReplay.ts';
import { Store } from './store.ts';

// An incident's rows made from its events alone: the item's and the incident's events folded by
// the station's own replay (StateReplay, what verify checks the station's tables with) and written
// into a fresh in-memory station database (the station's migrations), for the station's own
// services to read as they read its database. A row's time is the `at` of the event that made it
// (at the station, its service clock's reading of the same moment). The SOP in force is given: the
// log names it by SHA-256 only.

/** The tables the report's views read, in the order their rows are written (a row's references first). */
const TABLES = ['items', 'incidents', 'incident_steps', 'incident_entries', 'custody_transfers', 'weighings', 'step_skips', 'inspections', 'xray_scans', 'item_recipients'] as const;
type Table = (typeof TABLES)[number];

/** A replayed cell in the column's SQLite type: a cell no event carried is left to the column's default. */
function sqlCell(value: unknown, type: string): unknown {
  if (value === null || value === undefined || value === NOT_RECORDED) return null;
  if (type === 'INTEGER' || type === 'REAL') return Number(value);
  return String(value);
}

function insert(db: Database.Database, table: Table, values: Record<string, unknown>): number {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; type: string }>;
  const types = new Map(columns.map((c) => [c.name, c.type.toUpperCase()]));
  const names = Object.keys(values).filter((name) => types.has(name) && values[name] !== NOT_RECORDED);
  const result = db
    .prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
    .run(...names.map((name) => sqlCell(values[name], types.get(name)!)));
  return Number(result.lastInsertRowid);
}

/** The last segment of a `<subject>/<n>` key, and what comes before it. */
function split(key: string): { subject: string; last: string } {
  const slash = key.lastIndexOf('/');
  return { subject: key.slice(0, slash), last: key.slice(slash + 1) };
}

/**
 * The views of incident `number` from its events and its item's, oldest first (all of one
 * station's, each continuing its chain: the caller checked). Throws StationFailure when the events
 * do not make the rows the station's views need (an event recorded before its payload carried what
 * a row holds): the report is then made at the station.
 */
/** An in-memory station database holding one incident and its item, made from their events. */
export interface IncidentStoreOfEvents {
  store: Store;
  incidentId: number;
  custodyId: string;
}

/**
 * The rows of incident `number` and its item from their events, oldest first (one station's, each
 * continuing its chain: the caller checked). Throws StationFailure when the events do not make the
 * rows the station's tables hold (an event recorded before its payload carried what a row needs).
 * The caller closes the store.
 */
export function incidentStoreOfEvents(number: string, events: readonly AuditEvent[], protocol: unknown): IncidentStoreOfEvents {
  const replay = new StateReplay();
  const wanted = new Map(replay.tables.filter((t) => (TABLES as readonly string[]).includes(t.table)).map((t) => [t.table as Table, t]));
  // Each row's first appearance: the event that made it gives its time, and rows are written in that order.
  const madeAt = new Map<Table, Map<string, string>>(TABLES.map((t) => [t, new Map()]));
  let closedAt: string | null = null;
  let lastItemAt: string | null = null;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    replay.fold(event);
    if (event.subjectType === 'incident' && event.subjectId === number && event.kind === 'incident.closed') closedAt = event.at;
    if (event.subjectType === 'item') lastItemAt = event.at;
    for (const [table, rows] of wanted) {
      const made = madeAt.get(table)!;
      for (const key of rows.rows().keys()) if (!made.has(key)) made.set(key, event.at);
    }
  }
  const rowOf = (table: Table, key: string) => wanted.get(table)!.rows().get(key);
  const incidentRow = rowOf('incidents', number);
  if (!incidentRow) throw new StationFailure('NOT_FOUND', `The events of incident ${number} do not open it.`);
  const custodyId = String(incidentRow.custody_id);

  const store = Store.open(':memory:');
  try {
    const db = store.db;
    let incidentId = 0;
    try {
      store.transaction(() => {
        const item = rowOf('items', custodyId);
        if (item) insert(db, 'items', { ...item, custody_id: custodyId, received_at: madeAt.get('items')!.get(custodyId), updated_at: lastItemAt, incident_id: null });
        incidentId = insert(db, 'incidents', {
          ...incidentRow,
          number,
          protocol: JSON.stringify(protocol),
          opened_at: madeAt.get('incidents')!.get(number),
          closed_at: incidentRow.closed === 'true' ? closedAt : null,
        });
        if (item) db.prepare('UPDATE items SET incident_id = ? WHERE custody_id = ?').run(incidentId, custodyId);
        for (const [key, at] of madeAt.get('incident_steps')!) {
          const row = rowOf('incident_steps', key);
          if (row && key.startsWith(`${number}/`)) insert(db, 'incident_steps', { ...row, incident_id: incidentId, step_id: key.slice(number.length + 1), acknowledged_at: at });
        }
        for (const [key, at] of madeAt.get('incident_entries')!) {
          const row = rowOf('incident_entries', key);
          if (row && key.startsWith(`${number}/`)) insert(db, 'incident_entries', { ...row, incident_id: incidentId, kind: split(key).subject.slice(number.length + 1), recorded_at: at });
        }
        if (!item) return;
        for (const table of ['custody_transfers', 'weighings', 'step_skips', 'inspections', 'item_recipients'] as const) {
          for (const [key, at] of madeAt.get(table)!) {
            const row = rowOf(table, key);
            if (row && split(key).subject === custodyId) insert(db, table, { ...row, custody_id: custodyId, incident_id: row.incident_number === number ? incidentId : null, at });
          }
        }
        for (const [scanRef, at] of madeAt.get('xray_scans')!) {
          const row = rowOf('xray_scans', scanRef);
          if (row && row.custody_id === custodyId) insert(db, 'xray_scans', { ...row, scan_ref: scanRef, requested_at: at });
        }
      });
    } catch (error) {
      if (error instanceof StationFailure) throw error;
      throw new StationFailure('UNAVAILABLE', `The events of incident ${number} do not hold everything its report prints (${(error as Error).message.slice(0, 200)}): print the report at its station.`);
    }
    return { store, incidentId, custodyId };
  } catch (error) {
    store.close();
    throw error;
  }
}
