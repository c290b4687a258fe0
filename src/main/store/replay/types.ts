import type { AuditEvent, CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { NOT_RECORDED, type ExpectedCell, type ExpectedRow } from './cells.ts';
import { ROWS_CODEC, SpillingMap } from './spillingMap.ts';

// The cells live in a leaf module (cells.ts): the spilling map writes them, and keeps these rows.
export { NOT_RECORDED, type ExpectedCell, type ExpectedRow } from './cells.ts';

/**
 * One state table folded from the events: pure, no database. `fold` is called once per event in
 * sequence order, with the event read through the catalog (its payload typed by its kind);
 * `rows` is what the table must hold after the last one, by key.
 */
export interface TableReplay {
  readonly table: string;
  /** The columns compared, in the order problems name them. */
  readonly columns: readonly string[];
  fold(event: CataloguedAuditEvent): void;
  /** An event the catalog cannot read (a kind this version does not know): what the table can no longer check because of it. */
  foldUncatalogued?(event: AuditEvent): void;
  rows(): ExpectedRows;
}

/** The rows a table must hold, as the comparison consumes them: looked up by key, each taken once; what is left is missing. */
export interface ExpectedRows {
  get(key: string): ExpectedRow | undefined;
  delete(key: string): boolean;
  keys(): Iterable<string>;
  /** The row, removed (one lookup where get and delete make two; a spilled row is found once). */
  take?(key: string): ExpectedRow | undefined;
  /**
   * For rows keyed `<subject>/<n>`: the subject's first row not yet taken and its n, removed. When
   * the subject's stored rows are read in order, each taking its row, that is the row the next one
   * must match.
   */
  takeNext?(subject: string): { n: number; row: ExpectedRow } | undefined;
}

/**
 * Rows keyed `<subject>/<n>`: the n-th record of a subject (an item's weighings, an incident's
 * witness statements) in the order the events made them. One small array per subject rather than
 * a map entry per row: a million items stay a million entries, most of them in a spill file
 * (SpillingMap).
 */
export class SequencedRows implements ExpectedRows {
  readonly #bySubject = new SpillingMap<Array<ExpectedRow | undefined>>(ROWS_CODEC);

  add(subject: string, row: ExpectedRow): void {
    const rows = this.#bySubject.get(subject);
    if (rows) rows.push(row);
    else this.#bySubject.set(subject, [row]);
  }

  dropSubject(subject: string): void {
    this.#bySubject.delete(subject);
  }

  /** Changes each row a subject has (a purge that takes some columns' data and keeps the rows). */
  editSubject(subject: string, edit: (row: ExpectedRow) => void): void {
    const rows = this.#bySubject.get(subject);
    if (!rows) return;
    for (const row of rows) if (row) edit(row);
    this.#bySubject.put(subject, rows);
  }

  #locate(key: string): { subject: string; rows: Array<ExpectedRow | undefined>; index: number } | null {
    const slash = key.lastIndexOf('/');
    const subject = key.slice(0, slash);
    // Read only: the comparison must not bring every subject back from the spill file.
    const rows = this.#bySubject.peek(subject);
    const index = Number(key.slice(slash + 1)) - 1;
    return rows && Number.isInteger(index) && index >= 0 && index < rows.length ? { subject, rows, index } : null;
  }

  get(key: string): ExpectedRow | undefined {
    const at = this.#locate(key);
    return at ? at.rows[at.index] : undefined;
  }

  delete(key: string): boolean {
    return this.take(key) !== undefined;
  }

  take(key: string): ExpectedRow | undefined {
    const at = this.#locate(key);
    const row = at?.rows[at.index];
    if (!at || !row) return undefined;
    at.rows[at.index] = undefined;
    if (at.rows.every((r) => r === undefined)) this.#bySubject.delete(at.subject);
    else this.#bySubject.put(at.subject, at.rows);
    return row;
  }

  takeNext(subject: string): { n: number; row: ExpectedRow } | undefined {
    const rows = this.#bySubject.peek(subject);
    const index = rows ? rows.findIndex((r) => r !== undefined) : -1;
    if (!rows || index < 0) return undefined;
    const row = rows[index]!;
    rows[index] = undefined;
    if (index === rows.length - 1) this.#bySubject.delete(subject);
    else this.#bySubject.put(subject, rows);
    return { n: index + 1, row };
  }

  *keys(): Generator<string> {
    for (const [subject, rows] of this.#bySubject.entries()) {
      for (const [i, row] of rows.entries()) if (row) yield `${subject}/${i + 1}`;
    }
  }
}

/** `operator:<id>` is how services stamp the actor; the rows keep the bare id. */
export function operatorIdOf(actor: string): string {
  return actor.startsWith('operator:') ? actor.slice('operator:'.length) : actor;
}

export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The value when the payload carries the key, else NOT_RECORDED. */
export function carried(payload: Record<string, unknown>, key: string, as: (v: unknown) => ExpectedCell = text): ExpectedCell {
  return Object.hasOwn(payload, key) ? as(payload[key]) : NOT_RECORDED;
}
