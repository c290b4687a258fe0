import { randomInt } from 'node:crypto';
import Database from 'better-sqlite3';
import { NOT_RECORDED, type ExpectedRow } from './cells.ts';

/**
 * How many entries a replayed table keeps as objects before it writes the oldest ones to a
 * temporary file (issue 15: the replay of a 1M-item store held ~1.7 GB of expected rows; a
 * 100k-item store's 175 MB of heap is 35 MB with this). Mutable for the tests, which make every
 * table spill to prove the verdicts do not change.
 */
export const replayMemory = { hotEntries: 8192 };

/**
 * How a map's values are written to the spill file and read back: as plain JSON values (a whole
 * batch of them is written in one JSON text). `fromPlain` must not change what it is given.
 */
export interface SpillCodec<V> {
  toPlain(value: V): unknown;
  fromPlain(plain: unknown): V;
}

/** A written row: the number of its columns' list (COLUMN_LISTS), then its cells in that order. */
type PlainRow = [columns: number, ...cells: Array<string | null | 0>];

/**
 * The column lists of the rows written, each once: a row is written as its cells alone (the
 * names of its columns, repeated in every row, were most of a spill file: issue 15). A table's
 * rows share a list; the lists are as few as the replayed tables' row shapes.
 */
const COLUMN_LISTS: string[][] = [];
const LIST_NUMBERS = new Map<string, number>();
let lastList = -1;

function listOf(row: ExpectedRow): number {
  const last = COLUMN_LISTS[lastList];
  if (last) {
    let i = 0;
    let same = true;
    for (const column in row) {
      if (last[i] !== column) {
        same = false;
        break;
      }
      i += 1;
    }
    if (same && i === last.length) return lastList;
  }
  const columns = Object.keys(row);
  const name = JSON.stringify(columns);
  let number = LIST_NUMBERS.get(name);
  if (number === undefined) {
    number = COLUMN_LISTS.push(columns) - 1;
    LIST_NUMBERS.set(name, number);
  }
  lastList = number;
  return number;
}

// A cell is text or null, never a number: 0 stands for NOT_RECORDED in a written row, and for the
// hole a compared row leaves in a written array of rows.
function rowToPlain(row: ExpectedRow): PlainRow {
  const plain: PlainRow = [listOf(row)];
  for (const column in row) {
    const cell = row[column];
    plain.push(cell === NOT_RECORDED ? 0 : (cell ?? null));
  }
  return plain;
}

function rowFromPlain(plain: PlainRow): ExpectedRow {
  const columns = COLUMN_LISTS[plain[0]]!;
  const row: ExpectedRow = {};
  for (let i = 0; i < columns.length; i += 1) {
    const cell = plain[i + 1] as string | null | 0;
    row[columns[i]!] = cell === 0 ? NOT_RECORDED : cell;
  }
  return row;
}

/** An expected row: its cells. */
export const ROW_CODEC: SpillCodec<ExpectedRow> = { toPlain: rowToPlain, fromPlain: (plain) => rowFromPlain(plain as PlainRow) };

/** A subject's rows in order, a compared one a hole. */
export const ROWS_CODEC: SpillCodec<Array<ExpectedRow | undefined>> = {
  toPlain: (rows) => Array.from(rows, (row) => (row === undefined ? 0 : rowToPlain(row))),
  fromPlain: (plain) => (plain as Array<PlainRow | 0>).map((row) => (row === 0 ? undefined : rowFromPlain(row))),
};

/** A list of keys (an item's X-ray scan references); a list is replaced, never changed in place. */
export const STRINGS_CODEC: SpillCodec<string[]> = { toPlain: (xs) => xs, fromPlain: (plain) => [...(plain as string[])] };

const EMPTY = 0;
const GONE = 0xffffffff;

/**
 * Where each spilled key's newest row is: open addressing on a 32-bit fingerprint of the key (with
 * a seed drawn per run, so no store can be made to collide), holding the row's id in the file. A
 * fingerprint match is confirmed against the key written with the row.
 */
class SpillIndex {
  #fingerprints: Uint32Array;
  #ids: Uint32Array;
  #positions: Uint16Array;
  #used = 0;
  readonly #seed = randomInt(0, 0xffffffff);

  constructor(capacity = 1024) {
    this.#fingerprints = new Uint32Array(capacity);
    this.#ids = new Uint32Array(capacity);
    this.#positions = new Uint16Array(capacity);
  }

  fingerprint(key: string): number {
    let h = this.#seed ^ 0x811c9dc5;
    for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  #home(fingerprint: number, capacity: number): number {
    return Math.floor((fingerprint / 4294967296) * capacity);
  }

  /**
   * The first slot from `after` (exclusive; -1 to start) holding a live row whose key has this
   * fingerprint, in probe order; -1 when there is none.
   */
  next(fingerprint: number, after: number): number {
    const capacity = this.#ids.length;
    let slot = after < 0 ? this.#home(fingerprint, capacity) : after + 1 === capacity ? 0 : after + 1;
    for (;;) {
      const id = this.#ids[slot]!;
      if (id === EMPTY) return -1;
      if (id !== GONE && this.#fingerprints[slot] === fingerprint) return slot;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
  }

  idAt(slot: number): number {
    return this.#ids[slot]!;
  }

  positionAt(slot: number): number {
    return this.#positions[slot]!;
  }

  add(fingerprint: number, id: number, position: number): void {
    if ((this.#used + 1) * 8 > this.#ids.length * 7) this.#grow();
    const capacity = this.#ids.length;
    let slot = this.#home(fingerprint, capacity);
    while (this.#ids[slot] !== EMPTY && this.#ids[slot] !== GONE) slot = slot + 1 === capacity ? 0 : slot + 1;
    if (this.#ids[slot] === EMPTY) this.#used += 1;
    this.#fingerprints[slot] = fingerprint;
    this.#ids[slot] = id;
    this.#positions[slot] = position;
  }

  remove(slot: number): void {
    this.#ids[slot] = GONE;
  }

  /** Whether the entry at `position` of batch `id` is the live one of a key with this fingerprint. */
  isLive(fingerprint: number, id: number, position: number): boolean {
    for (let slot = this.next(fingerprint, -1); slot >= 0; slot = this.next(fingerprint, slot)) if (this.#ids[slot] === id && this.#positions[slot] === position) return true;
    return false;
  }

  #grow(): void {
    const fingerprints = this.#fingerprints;
    const ids = this.#ids;
    const positions = this.#positions;
    const capacity = Math.ceil(ids.length * 1.6);
    this.#fingerprints = new Uint32Array(capacity);
    this.#ids = new Uint32Array(capacity);
    this.#positions = new Uint16Array(capacity);
    this.#used = 0;
    for (let i = 0; i < ids.length; i += 1) if (ids[i] !== EMPTY && ids[i] !== GONE) this.add(fingerprints[i]!, ids[i]!, positions[i]!);
  }
}

/** A temporary database file for one map's spilled entries, a batch per row: deleted when closed, never synced. */
class SpillFile {
  readonly db = new Database('');
  readonly insert;
  readonly read;
  readonly update;
  readonly ids;

  constructor() {
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    // Written a batch at a time and read back by id: its pages need no cache to speak of (one per spilling table, so it adds up).
    this.db.pragma('cache_size = -256');
    this.db.exec('CREATE TABLE spill (id INTEGER PRIMARY KEY, entries TEXT NOT NULL)');
    this.insert = this.db.prepare<[string]>('INSERT INTO spill (entries) VALUES (?)');
    this.read = this.db.prepare<[number], string>('SELECT entries FROM spill WHERE id = ?').pluck();
    this.update = this.db.prepare<[string, number]>('UPDATE spill SET entries = ? WHERE id = ?');
    this.ids = this.db.prepare<[], number>('SELECT id FROM spill ORDER BY id').pluck();
  }
}

/** A batch read back: its entries as written, [key, plain value]; a taken entry's value is dropped. */
interface Batch {
  id: number;
  entries: Array<[string, unknown]>;
  changed: boolean;
}

const MAX_BATCH = 4096;

/**
 * A Map for a replayed table's expected rows whose memory stays bounded: the `replayMemory.hotEntries`
 * newest entries are objects, the older ones are written, a batch at a time, to a temporary file
 * and read back when an event touches them again. An item's events come close together, so an
 * entry is mostly written once, when it is done. `get` hands out the entry to change (an object
 * again); `peek` only reads; `put` writes a changed value back where it is.
 */
export class SpillingMap<V extends object> {
  readonly #codec: SpillCodec<V>;
  readonly #hot = new Map<string, V>();
  #file: SpillFile | null = null;
  readonly #index = new SpillIndex();
  #spilled = 0;
  /** The batch last read back (the comparison reads them in about the order they were written). */
  #batch: Batch | null = null;
  /** Writing failed once (no temporary folder, a full disk): the rest stays in memory, as before spilling existed. */
  #cannotSpill = false;

  constructor(codec: SpillCodec<V>) {
    this.#codec = codec;
  }

  #flush(): void {
    const batch = this.#batch;
    if (batch?.changed) {
      this.#file!.update.run(JSON.stringify(batch.entries), batch.id);
      batch.changed = false;
    }
  }

  #readBatch(id: number): Batch {
    if (this.#batch?.id === id) return this.#batch;
    this.#flush();
    const text = this.#file!.read.get(id);
    if (text === undefined) throw new Error(`replay spill file: batch ${id} is gone`);
    this.#batch = { id, entries: JSON.parse(text) as Array<[string, unknown]>, changed: false };
    return this.#batch;
  }

  #find(key: string): { slot: number; batch: Batch; position: number } | null {
    if (this.#spilled === 0) return null;
    const fingerprint = this.#index.fingerprint(key);
    for (let slot = this.#index.next(fingerprint, -1); slot >= 0; slot = this.#index.next(fingerprint, slot)) {
      const batch = this.#readBatch(this.#index.idAt(slot));
      const position = this.#index.positionAt(slot);
      if (batch.entries[position]?.[0] === key) return { slot, batch, position };
    }
    return null;
  }

  /** Takes a spilled entry out of the file's index: it is an object again, or gone. */
  #take(found: { slot: number; batch: Batch; position: number }): unknown {
    this.#index.remove(found.slot);
    this.#spilled -= 1;
    const entry = found.batch.entries[found.position]!;
    const plain = entry[1];
    entry[1] = null;
    return plain;
  }

  #evict(): void {
    const limit = Math.max(1, replayMemory.hotEntries);
    if (this.#hot.size <= limit || this.#cannotSpill) return;
    // A batch at a time, oldest first; the newest entry (the one just touched) always stays.
    const count = Math.min(MAX_BATCH, Math.max(1, Math.floor(limit / 4)), this.#hot.size - 1);
    const entries: Array<[string, unknown]> = [];
    for (const [key, value] of this.#hot) {
      if (entries.length >= count) break;
      entries.push([key, this.#codec.toPlain(value)]);
    }
    let id: number;
    try {
      this.#file ??= new SpillFile();
      id = Number(this.#file.insert.run(JSON.stringify(entries)).lastInsertRowid);
    } catch {
      // verify still gives its verdict, with the memory it takes.
      this.#cannotSpill = true;
      return;
    }
    for (const [position, [key]] of entries.entries()) {
      this.#index.add(this.#index.fingerprint(key), id, position);
      this.#hot.delete(key);
    }
    this.#spilled += entries.length;
  }

  /** The entry, to change in place: it is an object again until it is among the oldest. */
  get(key: string): V | undefined {
    const hot = this.#hot.get(key);
    if (hot !== undefined) return hot;
    const found = this.#find(key);
    if (!found) return undefined;
    const value = this.#codec.fromPlain(this.#take(found));
    this.#hot.set(key, value);
    this.#evict();
    return value;
  }

  set(key: string, value: V): this {
    if (!this.#hot.has(key)) {
      const found = this.#find(key);
      if (found) this.#take(found);
    }
    this.#hot.set(key, value);
    this.#evict();
    return this;
  }

  has(key: string): boolean {
    return this.#hot.has(key) || this.#find(key) !== null;
  }

  delete(key: string): boolean {
    if (this.#hot.delete(key)) return true;
    const found = this.#find(key);
    if (!found) return false;
    this.#take(found);
    return true;
  }

  /** The entry, read only (a spilled one is not brought back; what is handed out is a copy). */
  peek(key: string): V | undefined {
    const hot = this.#hot.get(key);
    if (hot !== undefined) return hot;
    const found = this.#find(key);
    return found ? this.#codec.fromPlain(found.batch.entries[found.position]![1]) : undefined;
  }

  /** Writes a value read with `peek` back where it is, touching nothing else. */
  put(key: string, value: V): void {
    if (this.#hot.has(key)) {
      this.#hot.set(key, value);
      return;
    }
    const found = this.#find(key);
    if (!found) {
      this.set(key, value);
      return;
    }
    found.batch.entries[found.position]![1] = this.#codec.toPlain(value);
    found.batch.changed = true;
  }

  get size(): number {
    return this.#hot.size + this.#spilled;
  }

  /** Entries held as objects now (for the tests: never more than `replayMemory.hotEntries`). */
  get hotSize(): number {
    return this.#hot.size;
  }

  /** Every entry: the ones held as objects, then the spilled ones in the order they were written. */
  *entries(): Generator<[string, V]> {
    yield* [...this.#hot.entries()];
    if (this.#spilled === 0 || !this.#file) return;
    for (const id of this.#file.ids.all()) {
      const batch = this.#readBatch(id);
      for (const [position, [key, plain]] of batch.entries.entries()) {
        if (this.#index.isLive(this.#index.fingerprint(key), id, position)) yield [key, this.#codec.fromPlain(plain)];
      }
    }
  }

  *keys(): Generator<string> {
    for (const [key] of this.entries()) yield key;
  }

  /** The entry, removed: found once (a spilled one is not brought back into the objects held). */
  take(key: string): V | undefined {
    const hot = this.#hot.get(key);
    if (hot !== undefined) {
      this.#hot.delete(key);
      return hot;
    }
    const found = this.#find(key);
    return found ? this.#codec.fromPlain(this.#take(found)) : undefined;
  }

  /** The view the state comparison reads: looking a row up does not bring it back from the file. */
  reading(): { get(key: string): V | undefined; delete(key: string): boolean; keys(): Iterable<string>; take(key: string): V | undefined } {
    return { get: (key) => this.peek(key), delete: (key) => this.delete(key), keys: () => this.keys(), take: (key) => this.take(key) };
  }
}
