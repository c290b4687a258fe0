import type Database from 'better-sqlite3';
import { DIRECTORY_ROW_SOURCES } from './directoryReplay.ts';
import { ITEM_RECORD_TABLES } from './itemRecords/index.ts';
import { canonicalCell, NOT_RECORDED, pinRecordFingerprint, protocolCell, subjectPartSql, type ExpectedCell, type ExpectedRow, type ExpectedRows, type StatePart, type TableReplay } from './replay/index.ts';
import type { RowSource } from './rowSource.ts';
import type { ItemKey } from './stateReplay.ts';

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

/** How each table's actual rows are read, in the replay's column names and value forms: an item's records say it themselves. */
const SOURCES: Readonly<Record<string, RowSource>> = {
  items: {
    sql: `SELECT i.custody_id AS key, i.custody_id AS subject, i.rowid AS ordinal, i.tracking_number, i.carrier, i.scanned_code, i.match_key, i.symbology, i.state, i.mode,
      i.received_by, i.item_type, i.recipient, i.sender, i.dimensions, n.number AS incident_number, i.screened, i.disposition
      FROM items i LEFT JOIN incidents n ON n.id = i.incident_id`,
    json: ['dimensions', 'screened', 'disposition'],
  },
  // An item's records are read in the order their rows were made (each source says ORDER BY id), about
  // the order the replay wrote them to its spill file: each spilled batch is read back once. Each
  // item table's source names its item (`subject`) and where the row comes in its order (`ordinal`),
  // for a part of a split replay to read only its items' rows (partRows).
  ...Object.fromEntries(ITEM_RECORD_TABLES.map((records) => [records.table, records.rows])),
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
  ...DIRECTORY_ROW_SOURCES,
};

const SHOWN = 160;
const shown = (v: Cell): Cell => (v !== null && v.length > SHOWN ? `${v.slice(0, SHOWN)}…` : v);

function actualCell(value: unknown, column: string, source: RowSource, expected: Cell): Cell {
  if (value === null || value === undefined) return null;
  const raw = typeof value === 'string' ? value : String(value);
  const summarise = source.summarise?.[column];
  // Already the very text expected (most JSON is written in canonical key order): no parse needed.
  if (!summarise && (raw === expected || !source.json?.includes(column))) return raw;
  try {
    const parsed: unknown = JSON.parse(raw);
    return summarise ? summarise(parsed, expected) : canonicalCell(parsed);
  } catch {
    // Not JSON any more: cannot equal what an event recorded, and is shown as found.
    return raw;
  }
}

/** The expected row of this key, taken out of what is left to find (a table's rows as a plain Map have no take). */
function take(expected: ExpectedRows, key: string): ExpectedRow | undefined {
  if (expected.take) return expected.take(key);
  const row = expected.get(key);
  if (row) expected.delete(key);
  return row;
}

/** How verify numbers an item's records (for the tests: false counts every row in SQL). */
export const rowNumbering = { asRead: true };

/**
 * Names the rows of a numbered source (rowSource.ts), `<custody ID>/<n>`, as they are read in id
 * order: a row of an item the replay still holds rows of is its first row not yet compared (n is
 * where that row comes), each earlier row of the item having taken the one before it. A row of an
 * item with none left, or one read out of id order, or whose custody ID is not plain text (not
 * text, or text SQLite and JavaScript may not see alike: U+FFFD stands in for bytes not UTF-8, a NUL) is
 * counted in SQL as the key always was.
 */
class RowNumbering {
  readonly #keyOf: Database.Statement<[unknown], unknown>;
  readonly #expected: ExpectedRows;
  #lastId = -Infinity;
  #inOrder = true;

  constructor(db: Database.Database, numbered: string, expected: ExpectedRows) {
    this.#keyOf = db.prepare<[unknown], unknown>(numbered).pluck();
    this.#expected = expected;
  }

  /** The row's key, and its expected row (taken) or undefined when the replay has none by that key. */
  take(row: Record<string, unknown>): { key: string; row: ExpectedRow | undefined } {
    const subject = row.key;
    const id = row.row_id;
    if (this.#inOrder && (typeof id !== 'number' || !(id > this.#lastId))) this.#inOrder = false;
    if (typeof id === 'number') this.#lastId = id;
    if (rowNumbering.asRead && this.#inOrder && typeof subject === 'string' && !subject.includes('\uFFFD') && !subject.includes('\0') && this.#expected.takeNext) {
      const next = this.#expected.takeNext(subject);
      if (next) return { key: `${subject}/${next.n}`, row: next.row };
    }
    const key = String(this.#keyOf.get(id));
    return { key, row: take(this.#expected, key) };
  }
}

function tableExists(db: Database.Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/** Which rows a part of a split replay compares: those of its items, in the tables split by item. */
export interface ComparedPart {
  part: StatePart;
  itemKeyOf(table: string): ItemKey;
}

/** A split replay's part reads the rows of its items only: SQLite picks them as it routed their events (replay/parts.ts). */
function partRows(sql: string, part: StatePart): string {
  return `SELECT * FROM (${sql}) WHERE ${subjectPartSql('subject', part.count)} = ${part.index}`;
}

/**
 * Compares each replayed table with the rows the database holds, streaming the rows once: a row
 * no event explains, a row the events say exists but is gone, and every cell that differs.
 * Cells no event recorded (NOT_RECORDED) are not compared. The replay's maps are consumed.
 * `report` is told where the row was among the rows the table's query returned (null for a row
 * missing); a part of a split replay (`of`) skips the rows of the other parts' items.
 */
export function compareState(
  db: Database.Database,
  tables: readonly TableReplay[],
  report: (problem: StateProblem, at: number | null) => void,
  warn: (warning: string, table: string) => void = () => undefined,
  of?: ComparedPart,
): void {
  for (const replay of tables) {
    const source = SOURCES[replay.table];
    if (!source) throw new Error(`no row source for replayed table ${replay.table}`);
    const expected = replay.rows();
    const itemKey = of?.itemKeyOf(replay.table) ?? null;
    if (tableExists(db, replay.table)) {
      let statement: Database.Statement;
      try {
        statement = db.prepare(itemKey !== null && of ? partRows(source.sql, of.part) : source.sql);
      } catch (error) {
        // A database verify opens read-only is never migrated: one from an early schema lacks columns.
        warn(`${replay.table} was not compared: this database's schema is older than the replay (${error instanceof Error ? error.message : String(error)}); open it with the station once to bring it up to date`, replay.table);
        continue;
      }
      // Where the row comes among the table's rows: its position, or in a part its ordinal (the table's order).
      let at = -1;
      const numbering = source.numbered ? new RowNumbering(db, source.numbered, expected) : null;
      for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
        at = itemKey !== null && of ? Number(row.ordinal) : at + 1;
        const numbered = numbering?.take(row);
        const key = numbered ? numbered.key : String(row.key);
        const label = row.row_id === undefined ? key : `${key} (row id ${String(row.row_id)})`;
        const want = numbered ? numbered.row : take(expected, key);
        if (!want) {
          report({ table: replay.table, key: label, problem: 'row not explained by any audit event' }, at);
          continue;
        }
        for (const column of replay.columns) {
          const cell: ExpectedCell = want[column] ?? null;
          if (cell === NOT_RECORDED) continue;
          const derive = source.derive?.[column];
          const found = derive ? derive(row) : actualCell(row[column], column, source, cell);
          if (found !== cell) report({ table: replay.table, key: label, column, expected: shown(cell), found: shown(found), problem: 'differs from its audit events' }, at);
        }
      }
    }
    for (const key of expected.keys()) report({ table: replay.table, key, problem: 'row missing: its audit events say it exists' }, null);
  }
}

/** What one part found in one table: the first problems of the rows it read (with where each row was), the first rows missing by key, how many in all. */
export interface TableFindings {
  table: string;
  streamed: Array<[at: number, problem: StateProblem]>;
  /** The rows missing that come first by key (sorted): the order does not depend on how the replay was split or spilled. */
  missing: StateProblem[];
  count: number;
  warnings: string[];
}

const byKey = (a: StateProblem, b: StateProblem): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Gathers a part's problems by table, keeping of each kind no more than a verdict lists (`max`). */
export class StateFindings {
  readonly #max: number;
  readonly #tables = new Map<string, TableFindings>();

  constructor(max: number) {
    this.#max = max;
  }

  #of(table: string): TableFindings {
    let found = this.#tables.get(table);
    if (!found) this.#tables.set(table, (found = { table, streamed: [], missing: [], count: 0, warnings: [] }));
    return found;
  }

  report(problem: StateProblem, at: number | null): void {
    const found = this.#of(problem.table);
    found.count += 1;
    if (at !== null) {
      if (found.streamed.length < this.#max) found.streamed.push([at, problem]);
      return;
    }
    const missing = found.missing;
    if (missing.length >= this.#max && byKey(problem, missing[missing.length - 1]!) >= 0) return;
    let low = 0;
    let high = missing.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (byKey(missing[mid]!, problem) <= 0) low = mid + 1;
      else high = mid;
    }
    missing.splice(low, 0, problem);
    if (missing.length > this.#max) missing.pop();
  }

  warn(warning: string, table: string): void {
    this.#of(table).warnings.push(warning);
  }

  get tables(): TableFindings[] {
    return [...this.#tables.values()];
  }
}

/** The state tables compared with the replay: the first problems (as many as a verdict lists), how many in all, and what could not be compared. */
export interface StateComparison {
  problems: StateProblem[];
  count: number;
  warnings: string[];
}

/**
 * The parts' findings as one comparison, exactly as the whole replay in one part finds them: table
 * by table in `order`, the rows read in the order the table's query returned them, then the rows
 * missing by key; the first `max` of them listed.
 */
export function mergeFindings(parts: ReadonlyArray<readonly TableFindings[]>, order: readonly string[], max: number): StateComparison {
  const comparison: StateComparison = { problems: [], count: 0, warnings: [] };
  const all = parts.flat();
  for (const table of order) {
    const found = all.filter((f) => f.table === table);
    if (found.length === 0) continue;
    // Each part meets the same schema: a table it could not compare is said once.
    for (const warning of found.flatMap((f) => f.warnings)) if (!comparison.warnings.includes(warning)) comparison.warnings.push(warning);
    const streamed = found.flatMap((f) => f.streamed).sort((a, b) => a[0] - b[0]);
    const missing = found.flatMap((f) => f.missing).sort(byKey);
    for (const problem of [...streamed.map(([, p]) => p), ...missing]) {
      if (comparison.problems.length >= max) break;
      comparison.problems.push(problem);
    }
    comparison.count += found.reduce((sum, f) => sum + f.count, 0);
  }
  return comparison;
}
