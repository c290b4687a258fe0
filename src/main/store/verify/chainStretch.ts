import type Database from 'better-sqlite3';
import { contentHash, plainRowHash, RAW_AUDIT_COLUMNS, readablePayload, rowSets, type RawAuditRow, type RowSets, type RowVocabulary } from './chainRow.ts';
import { jsWindowCheck, WINDOW_ROWS, type WindowCheck } from './chainWindow.ts';
import { nativeWindowCheck } from './nativeWindow.ts';

/**
 * What one stretch of the log (the events with seq in [from, to], in order) says on its own:
 * every event readable, numbered one after the other, linked to the one before and hashing to
 * its stored hash. Its first event's number and link are the caller's to check against the
 * stretch before (`joinStretches`), which is what lets stretches be checked apart.
 */
export interface StretchReport {
  rows: number;
  first: { seq: number; prevHash: string } | null;
  last: { seq: number; hash: string } | null;
  /** The first event in the stretch that does not hold; `index` counts from 1 in the stretch. */
  bad: { index: number; seq: number; unreadable: boolean } | null;
  /** What hashing an event threw (as the serial walk would have), at that event. */
  thrown: { index: number; seq: number; message: string } | null;
}

/** Rows read per call: one call per row (an iterator's step) costs more than the row's own columns do. */
export const STRETCH_CHUNK_ROWS = 1024;

function chunkStatement(db: Database.Database): Database.Statement<[number, number, number], RawAuditRow> {
  return db.prepare<[number, number, number], RawAuditRow>(`SELECT ${RAW_AUDIT_COLUMNS} FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?`).raw();
}

function oneByOneStatement(db: Database.Database): Database.Statement<[number, number], RawAuditRow> {
  return db.prepare<[number, number], RawAuditRow>(`SELECT ${RAW_AUDIT_COLUMNS} FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq`).raw();
}

/**
 * The rows with seq in [from, to], in order, read a chunk at a time (each after the last seq
 * read, so a gap costs nothing) inside one read transaction: every chunk sees the same log, as
 * one statement would.
 */
export function* stretchRows(db: Database.Database, from: number, to: number, chunkRows = STRETCH_CHUNK_ROWS): Generator<RawAuditRow[]> {
  const chunk = chunkStatement(db);
  const begun = !db.inTransaction;
  if (begun) db.exec('BEGIN');
  try {
    let next = from;
    for (;;) {
      const rows = chunk.all(next, to, chunkRows);
      if (rows.length < chunkRows) {
        if (rows.length > 0) yield rows;
        return;
      }
      yield rows;
      const last = rows[rows.length - 1]![0];
      if (!Number.isSafeInteger(last)) {
        // A seq past 2^53 reads rounded: the next chunk cannot start after it. One statement from
        // this chunk's start (a seq read exactly) reads on instead, past the rows this one had.
        yield* rowsAfter(oneByOneStatement(db).iterate(next, to), rows.length, chunkRows);
        return;
      }
      next = last + 1;
    }
  } finally {
    if (begun && db.inTransaction) db.exec('COMMIT');
  }
}

/** `rows` after the first `skip`, in chunks. */
function* rowsAfter(rows: IterableIterator<RawAuditRow>, skip: number, chunkRows: number): Generator<RawAuditRow[]> {
  let skipped = 0;
  let chunk: RawAuditRow[] = [];
  try {
    for (const row of rows) {
      if (skipped < skip) skipped += 1;
      else if (chunk.push(row) === chunkRows) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  } finally {
    rows.return?.();
  }
}

/**
 * Checks one stretch, streaming its rows; stops at the first event that does not hold. A row of
 * the usual form is hashed from its text (`plainRowHash`: readable by construction); any other
 * is read as an event first (`readablePayload`, `contentHash`). Either way the verdict is the
 * serial walk's, in its order: readable, then number and link, then hash.
 */
export function checkStretch(chunks: Iterable<readonly RawAuditRow[]>, vocabulary: RowVocabulary): StretchReport {
  const walk = newWalk(vocabulary);
  stretch: for (const chunk of chunks) {
    for (const row of chunk) if (!holds(row, walk)) break stretch;
  }
  return finished(walk);
}

/**
 * Checks the stretch [from, to] of the log in `db`, in one read transaction: a window of events at
 * a time, by the station's SQLite extension where it is built (nativeWindow.ts: the rows' columns
 * checked and hashed inside SQLite), else as one string of bytes (chainWindow.ts: no per-row cost,
 * no string per field); a window that is not all of the usual form, or does not hold, row by row
 * (`holds`), which gives the exact verdict. Same report as `checkStretch(stretchRows(db, from, to))`.
 * `native: false` leaves the extension out (tests and the bench hold the two ways to each other).
 */
export function checkStretchInDb(db: Database.Database, from: number, to: number, vocabulary: RowVocabulary, windowRows = WINDOW_ROWS, native = true): StretchReport {
  const walk = newWalk(vocabulary);
  const windowHeld = windowCheck(db, walk.sets, native);
  const chunk = chunkStatement(db);
  const begun = !db.inTransaction;
  if (begun) db.exec('BEGIN');
  try {
    let next = from;
    for (;;) {
      // A window is the seqs [next, next + windowRows - 1]: all there (a gap, or the end, goes row by row).
      const windowEnd = next + windowRows - 1;
      if (windowHeld && windowEnd <= to && Number.isSafeInteger(windowEnd)) {
        const held = windowHeld({ rows: walk.report.rows, prevSeq: walk.prevSeq, prevHash: walk.prevHash }, next, windowEnd);
        if (held && held.events === windowRows && held.firstSeq === next && held.lastSeq === windowEnd) {
          if (walk.report.rows === 0) walk.report.first = { seq: held.firstSeq, prevHash: held.firstPrevHash };
          walk.report.rows += held.events;
          walk.prevSeq = held.lastSeq;
          walk.prevHash = held.lastHash;
          next = windowEnd + 1;
          continue;
        }
      }
      const rows = chunk.all(next, to, windowRows);
      for (const row of rows) if (!holds(row, walk)) return finished(walk);
      if (rows.length < windowRows) break;
      const last = rows[rows.length - 1]![0];
      if (!Number.isSafeInteger(last)) {
        // Past 2^53 (read rounded): one statement from this chunk's start reads on, row by row.
        for (const rest of rowsAfter(oneByOneStatement(db).iterate(next, to), rows.length, windowRows)) {
          for (const row of rest) if (!holds(row, walk)) return finished(walk);
        }
        break;
      }
      next = last + 1;
    }
    return finished(walk);
  } finally {
    if (begun && db.inTransaction) db.exec('COMMIT');
  }
}

/**
 * How a window [from, to] is checked on `db`: by the extension, and where it says no (or is not
 * there) by the JavaScript window; null when neither can be made (every event goes row by row).
 * A window neither holds is read row by row by the caller, so a no costs time, never a verdict.
 */
function windowCheck(db: Database.Database, sets: RowSets, native: boolean): WindowCheck | null {
  const inSqlite = native ? nativeWindowCheck(db, sets.plainSubjectTypes, sets.plainModes) : null;
  const inJs = jsWindowCheck(db, sets.plainSubjectTypes, sets.plainModes);
  if (!inSqlite || !inJs) return inSqlite ?? inJs;
  return (walk, from, to) => inSqlite(walk, from, to) ?? inJs(walk, from, to);
}

function newWalk(vocabulary: RowVocabulary): StretchWalk {
  return { sets: rowSets(vocabulary), report: { rows: 0, first: null, last: null, bad: null, thrown: null }, prevSeq: 0, prevHash: '' };
}

function finished(walk: StretchWalk): StretchReport {
  const { report } = walk;
  // The last event that held: the one before the event that did not, if one did not.
  if (report.rows - (report.bad || report.thrown ? 1 : 0) > 0) report.last = { seq: walk.prevSeq, hash: walk.prevHash };
  return report;
}

interface StretchWalk {
  sets: RowSets;
  report: StretchReport;
  /** The last event that held. */
  prevSeq: number;
  prevHash: string;
}

/** The next row of the stretch: whether it holds (when it does not, the report says why). */
function holds(row: RawAuditRow, walk: StretchWalk): boolean {
  const { report } = walk;
  const index = (report.rows += 1);
  const seq = row[0];
  // Hashed before the number and link are checked (it cannot throw); judged after them.
  let hash = plainRowHash(row, walk.sets);
  const payload = hash === null ? readablePayload(row, walk.sets) : null;
  if (hash === null && payload === null) {
    report.bad = { index, seq, unreadable: true };
    return false;
  }
  if (index === 1) report.first = { seq, prevHash: row[9] };
  else if (seq !== walk.prevSeq + 1 || row[9] !== walk.prevHash) {
    report.bad = { index, seq, unreadable: false };
    return false;
  }
  if (hash === null) {
    try {
      hash = contentHash(row, payload!);
    } catch (error) {
      report.thrown = { index, seq, message: error instanceof Error ? error.message : String(error) };
      return false;
    }
  }
  if (hash !== row[10]) {
    report.bad = { index, seq, unreadable: false };
    return false;
  }
  walk.prevSeq = seq;
  walk.prevHash = row[10];
  return true;
}
