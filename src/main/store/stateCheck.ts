import type Database from 'better-sqlite3';
import { canonicalJson } from './canonicalJson.ts';
import { NOT_RECORDED, pinRecordFingerprint, protocolCell, readingSummary, type ExpectedCell, type TableReplay } from './replay/index.ts';

/** A row that is not what its events say: the table, its key, and the column or the whole row. */
export interface StateProblem {
  table: string;
  key: string;
  /** The column that differs; absent when the whole row is missing or unexplained. */
  column?: string;
  expected?: string | null;
  found?: string | null;
  problem: string;
}

type Cell = string | null;

/** How each table's actual rows are read, in the replay's column names and value forms. */
interface TableSource {
  sql: string;
  /** Columns holding JSON: compared in canonical form, whatever spacing or key order the row has. */
  json?: readonly string[];
  /** A JSON column put in the form its event recorded before comparing (the whole SOP → its fingerprint or summary). */
  summarise?: Readonly<Record<string, (value: unknown, expected: string | null) => string | null>>;
  /** A column the replay names that the row holds only as other columns (the PIN's fingerprint). */
  derive?: Readonly<Record<string, (row: Record<string, unknown>) => string | null>>;
}

// A table of an item's records is read in the order its rows were made (ORDER BY id), which is
// about the order the replay wrote them to its spill file: each batch is read back once.
const SOURCES: Readonly<Record<string, TableSource>> = {
  items: {
    sql: `SELECT i.custody_id AS key, i.tracking_number, i.carrier, i.scanned_code, i.match_key, i.symbology, i.state, i.mode,
      i.received_by, i.item_type, i.recipient, i.sender, i.dimensions, n.number AS incident_number, i.screened, i.disposition
      FROM items i LEFT JOIN incidents n ON n.id = i.incident_id`,
    json: ['dimensions', 'screened', 'disposition'],
  },
  weighings: {
    sql: `SELECT custody_id || '/' || ROW_NUMBER() OVER (PARTITION BY custody_id ORDER BY id) AS key, id AS row_id,
      grams, source, reading, manual_reason, operator_id FROM weighings ORDER BY id`,
    summarise: { reading: readingSummary },
  },
  step_skips: {
    sql: `SELECT custody_id || '/' || ROW_NUMBER() OVER (PARTITION BY custody_id ORDER BY id) AS key, id AS row_id,
      step, reason, operator_id FROM step_skips ORDER BY id`,
  },
  inspections: {
    sql: `SELECT custody_id || '/' || ROW_NUMBER() OVER (PARTITION BY custody_id ORDER BY id) AS key, id AS row_id,
      indicators, notes, operator_id FROM inspections ORDER BY id`,
    json: ['indicators'],
  },
  xray_scans: {
    sql: `SELECT scan_ref AS key, custody_id, device_id, requested_by, image_sha256, verdict, findings, notes, reviewer_id,
      second_verdict, second_notes, second_reviewer_id FROM xray_scans`,
    json: ['findings'],
  },
  operators: {
    sql: `SELECT id AS key, badge, name, role, pin_salt, pin_hash, CASE WHEN active = 1 THEN 'true' ELSE 'false' END AS active,
      CASE WHEN must_change_pin = 1 THEN 'true' ELSE 'false' END AS pin_to_change FROM operators`,
    derive: { pin_record: (row) => pinRecordFingerprint(String(row.pin_salt), String(row.pin_hash)) },
  },
  incidents: {
    sql: `SELECT number AS key, custody_id, type, mode, reason, protocol, details, outcome, lab_reference, corrective_actions,
      opened_by, closed_by, closed_second_by, CASE WHEN closed_at IS NULL THEN 'false' ELSE 'true' END AS closed FROM incidents`,
    json: ['details'],
    summarise: { protocol: protocolCell },
  },
  incident_steps: {
    sql: `SELECT n.number || '/' || s.step_id AS key, s.acknowledged_by, s.second_by, s.note, s.could_not_because
      FROM incident_steps s LEFT JOIN incidents n ON n.id = s.incident_id`,
  },
  incident_entries: {
    sql: `SELECT n.number || '/' || e.kind || '/' || ROW_NUMBER() OVER (PARTITION BY e.incident_id, e.kind ORDER BY e.id) AS key, e.id AS row_id,
      e.data, e.recorded_by FROM incident_entries e LEFT JOIN incidents n ON n.id = e.incident_id`,
    json: ['data'],
  },
  custody_transfers: {
    sql: `SELECT t.custody_id || '/' || ROW_NUMBER() OVER (PARTITION BY t.custody_id ORDER BY t.id) AS key, t.id AS row_id,
      n.number AS incident_number, t.kind, t.released_by, t.received_by, t.reason, t.seal_numbers, t.seal_intact, t.location,
      t.second_by, t.recorded_by FROM custody_transfers t LEFT JOIN incidents n ON n.id = t.incident_id ORDER BY t.id`,
    json: ['released_by', 'received_by', 'seal_numbers'],
  },
  training_records: {
    sql: `SELECT operator_id || '/' || ROW_NUMBER() OVER (PARTITION BY operator_id ORDER BY id) AS key, id AS row_id,
      kind, completed_on, expires_on, trainer, recorded_by FROM training_records`,
  },
  site_settings: { sql: 'SELECT key, value FROM site_settings', json: ['value'] },
  // The policy in force: a class without a row, or with days NULL, keeps for ever.
  retention_policy: { sql: 'SELECT record_class AS key, days FROM retention_policy WHERE days IS NOT NULL' },
  legal_holds: {
    sql: `SELECT CAST(id AS TEXT) AS key, subject_type, subject_id, reason, placed_by, released_by, release_reason,
      CASE WHEN released_at IS NULL THEN 'false' ELSE 'true' END AS released FROM legal_holds`,
  },
};

const SHOWN = 160;
const shown = (v: Cell): Cell => (v !== null && v.length > SHOWN ? `${v.slice(0, SHOWN)}…` : v);

function actualCell(value: unknown, column: string, source: TableSource, expected: Cell): Cell {
  if (value === null || value === undefined) return null;
  const raw = typeof value === 'string' ? value : String(value);
  const summarise = source.summarise?.[column];
  // Already the very text expected (most JSON is written in canonical key order): no parse needed.
  if (!summarise && (raw === expected || !source.json?.includes(column))) return raw;
  try {
    const parsed: unknown = JSON.parse(raw);
    return summarise ? summarise(parsed, expected) : canonicalJson(parsed);
  } catch {
    // Not JSON any more: cannot equal what an event recorded, and is shown as found.
    return raw;
  }
}

function tableExists(db: Database.Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/**
 * Compares each replayed table with the rows the database holds, streaming the rows once: a row
 * no event explains, a row the events say exists but is gone, and every cell that differs.
 * Cells no event recorded (NOT_RECORDED) are not compared. The replay's maps are consumed.
 */
export function compareState(db: Database.Database, tables: readonly TableReplay[], report: (problem: StateProblem) => void, warn: (warning: string) => void = () => undefined): void {
  for (const replay of tables) {
    const source = SOURCES[replay.table];
    if (!source) throw new Error(`no row source for replayed table ${replay.table}`);
    const expected = replay.rows();
    if (tableExists(db, replay.table)) {
      let statement: Database.Statement;
      try {
        statement = db.prepare(source.sql);
      } catch (error) {
        // A database verify opens read-only is never migrated: one from an early schema lacks columns.
        warn(`${replay.table} was not compared: this database's schema is older than the replay (${error instanceof Error ? error.message : String(error)}); open it with the station once to bring it up to date`);
        continue;
      }
      for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
        const key = String(row.key);
        const label = row.row_id === undefined ? key : `${key} (row id ${String(row.row_id)})`;
        const want = expected.get(key);
        if (!want) {
          report({ table: replay.table, key: label, problem: 'row not explained by any audit event' });
          continue;
        }
        expected.delete(key);
        for (const column of replay.columns) {
          const cell: ExpectedCell = want[column] ?? null;
          if (cell === NOT_RECORDED) continue;
          const derive = source.derive?.[column];
          const found = derive ? derive(row) : actualCell(row[column], column, source, cell);
          if (found !== cell) report({ table: replay.table, key: label, column, expected: shown(cell), found: shown(found), problem: 'differs from its audit events' });
        }
      }
    }
    for (const key of expected.keys()) report({ table: replay.table, key, problem: 'row missing: its audit events say it exists' });
  }
}
