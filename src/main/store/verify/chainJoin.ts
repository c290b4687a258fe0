import type Database from 'better-sqlite3';
import { AuditSubjectType, GENESIS_HASH, RecordMode } from '../../../shared/contract/index.ts';
import type { ChainVerdict } from '../auditChain.ts';
import type { RowVocabulary } from './chainRow.ts';
import { checkStretchInDb, type StretchReport } from './chainStretch.ts';

/** This version's subject types and modes: a row with another cannot be read as an event. */
export const ROW_VOCABULARY: RowVocabulary = { subjectTypes: AuditSubjectType.options, modes: RecordMode.options };

/** A chain position to check from: the genesis (seq 0, the genesis hash) or a checkpoint. */
export interface ChainStart {
  seq: number;
  hash: string;
}

export const FROM_GENESIS: ChainStart = { seq: 0, hash: GENESIS_HASH };

export class ChainWalkFault extends Error {
  override name = 'ChainWalkFault';
}

/**
 * The verdict of stretches checked apart, joined in order: each stretch's first event must follow
 * the last event of the one before (number and link), exactly as the serial walk would find.
 * What hashing threw is thrown here, when nothing before it broke the chain.
 */
export function joinStretches(stretches: readonly StretchReport[], start: ChainStart = FROM_GENESIS): ChainVerdict {
  let events = 0;
  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  for (const stretch of stretches) {
    if (stretch.rows === 0) continue;
    const unreadableFirst = stretch.bad?.index === 1 && stretch.bad.unreadable;
    if (!unreadableFirst && stretch.first && (stretch.first.seq !== expectedSeq || stretch.first.prevHash !== prevHash)) {
      return { events: events + 1, ok: false, firstBadSeq: stretch.first.seq };
    }
    if (stretch.bad && (!stretch.thrown || stretch.bad.index < stretch.thrown.index)) return { events: events + stretch.bad.index, ok: false, firstBadSeq: stretch.bad.seq };
    if (stretch.thrown) throw new ChainWalkFault(stretch.thrown.message);
    events += stretch.rows;
    expectedSeq = stretch.last!.seq + 1;
    prevHash = stretch.last!.hash;
  }
  return { events, ok: true, firstBadSeq: null };
}

/** The seq range of the log: [min, max], or null when it is empty. */
export function seqRange(db: Database.Database): { min: number; max: number } | null {
  const row = db.prepare<[], { min: number | null; max: number | null }>('SELECT min(seq) AS min, max(seq) AS max FROM audit_events').get();
  return row && row.min !== null && row.max !== null ? { min: row.min, max: row.max } : null;
}

/** The chain from `start` to the end, in this thread: one stretch (`native` as checkStretchInDb's). */
export function checkChainHere(db: Database.Database, start: ChainStart = FROM_GENESIS, native = true): ChainVerdict {
  const range = seqRange(db);
  if (!range) return { events: 0, ok: true, firstBadSeq: null };
  const from = start.seq === 0 ? range.min : start.seq + 1;
  return joinStretches([checkStretchInDb(db, from, range.max, ROW_VOCABULARY, undefined, native)], start);
}
