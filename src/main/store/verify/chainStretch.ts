import type Database from 'better-sqlite3';
import { contentHash, RAW_AUDIT_COLUMNS, readablePayload, rowSets, type RawAuditRow, type RowVocabulary } from './chainRow.ts';

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

export function stretchStatement(db: Database.Database): Database.Statement<[number, number], RawAuditRow> {
  return db.prepare<[number, number], RawAuditRow>(`SELECT ${RAW_AUDIT_COLUMNS} FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq`).raw();
}

/** Checks one stretch, streaming its rows; stops at the first event that does not hold. */
export function checkStretch(rows: Iterable<RawAuditRow>, vocabulary: RowVocabulary): StretchReport {
  const sets = rowSets(vocabulary);
  const report: StretchReport = { rows: 0, first: null, last: null, bad: null, thrown: null };
  let prevSeq = 0;
  let prevHash = '';
  for (const row of rows) {
    const index = (report.rows += 1);
    const seq = row[0];
    const payload = readablePayload(row, sets);
    if (payload === null) {
      report.bad = { index, seq, unreadable: true };
      break;
    }
    if (index === 1) report.first = { seq, prevHash: row[9] };
    // The order of the serial walk: number and link first; the hash only of an event that links.
    else if (seq !== prevSeq + 1 || row[9] !== prevHash) {
      report.bad = { index, seq, unreadable: false };
      break;
    }
    let hash: string;
    try {
      hash = contentHash(row, payload);
    } catch (error) {
      report.thrown = { index, seq, message: error instanceof Error ? error.message : String(error) };
      break;
    }
    if (hash !== row[10]) {
      report.bad = { index, seq, unreadable: false };
      break;
    }
    prevSeq = seq;
    prevHash = row[10];
    report.last = { seq, hash: row[10] };
  }
  return report;
}

