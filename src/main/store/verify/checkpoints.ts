import type Database from 'better-sqlite3';
import type { ChainVerdict } from '../auditChain.ts';
import { contentHash, RAW_AUDIT_COLUMNS, readablePayload, rowSets, type RawAuditRow } from './chainRow.ts';
import { checkChainHere, FROM_GENESIS, ROW_VOCABULARY, type ChainStart } from './chainJoin.ts';
import { checkChainParallel, type ParallelChainOptions } from './parallelChain.ts';

/** A position of the chain the station verified: at `at`, the chain held from the genesis hash up to event `seq`. */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
}

function hasCheckpointTable(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_checkpoints'").get() !== undefined;
}

/** The newest checkpoint, or null (none yet, or a database from before checkpoints). */
export function latestCheckpoint(db: Database.Database): Checkpoint | null {
  if (!hasCheckpointTable(db)) return null;
  const row = db.prepare<[], Checkpoint>('SELECT seq, hash, at FROM audit_checkpoints ORDER BY seq DESC LIMIT 1').get();
  // A row someone typed by hand into another shape is no checkpoint: check from the genesis.
  return row && Number.isSafeInteger(row.seq) && row.seq > 0 && typeof row.hash === 'string' && typeof row.at === 'string' ? row : null;
}

/** Records that the chain held up to `head` (after a check that found it so). */
export function recordCheckpoint(db: Database.Database, head: { seq: number; hash: string }, at: Date): void {
  db.prepare('INSERT OR IGNORE INTO audit_checkpoints (seq, hash, at) VALUES (?, ?, ?)').run(head.seq, head.hash, at.toISOString());
}

/**
 * Whether the event at a checkpoint is still what was verified: present, with the hash the
 * checkpoint recorded, and its content still hashing to it. Null when it holds, else the problem.
 */
export function checkpointProblem(db: Database.Database, checkpoint: Checkpoint): string | null {
  const row = db.prepare<[number], RawAuditRow>(`SELECT ${RAW_AUDIT_COLUMNS} FROM audit_events WHERE seq = ?`).raw().get(checkpoint.seq);
  const where = `event ${checkpoint.seq}, verified as a checkpoint at ${checkpoint.at},`;
  if (!row) return `${where} is gone: events were removed at or before it (verify --full says where the chain breaks)`;
  if (row[10] !== checkpoint.hash) return `${where} no longer has the hash it had then: the chain was rewritten at or before it (verify --full says where)`;
  const payload = readablePayload(row, rowSets(ROW_VOCABULARY));
  let holds: boolean;
  try {
    holds = payload !== null && contentHash(row, payload) === row[10];
  } catch {
    holds = false;
  }
  return holds ? null : `${where} was altered since: its content no longer gives its hash`;
}

export interface IncrementalVerdict extends ChainVerdict {
  /** Where the check started: the checkpoint it trusted (after re-checking its event), or null from the genesis. */
  checkedFrom: Checkpoint | null;
  /** The last event checked, the next checkpoint when ok. */
  head: { seq: number; hash: string } | null;
  problems: string[];
}

function headOf(db: Database.Database): { seq: number; hash: string } | null {
  return db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() ?? null;
}

function incremental(db: Database.Database, checkpoint: Checkpoint | null, chain: (start: ChainStart) => ChainVerdict | Promise<ChainVerdict>): IncrementalVerdict | Promise<IncrementalVerdict> {
  const head = headOf(db);
  if (checkpoint) {
    const problem = checkpointProblem(db, checkpoint);
    if (problem) return { events: 0, ok: false, firstBadSeq: checkpoint.seq, checkedFrom: checkpoint, head, problems: [problem] };
  }
  const start = checkpoint ? { seq: checkpoint.seq, hash: checkpoint.hash } : FROM_GENESIS;
  const finish = (verdict: ChainVerdict): IncrementalVerdict => ({
    ...verdict,
    checkedFrom: checkpoint,
    head,
    problems: verdict.ok ? [] : [`the audit chain breaks at event ${verdict.firstBadSeq}: it, or an event before it, was altered, removed or inserted`],
  });
  const verdict = chain(start);
  return verdict instanceof Promise ? verdict.then(finish) : finish(verdict);
}

/**
 * The everyday check: the chain from the newest checkpoint (its event re-checked first) to the
 * last event, in this thread. What it cannot see: an edit before the checkpoint whose event and
 * every later one up to it were rehashed consistently (`verify --full` and the outside anchors do).
 */
export function verifySinceCheckpoint(db: Database.Database): IncrementalVerdict {
  return incremental(db, latestCheckpoint(db), (start) => checkChainHere(db, start)) as IncrementalVerdict;
}

/** The everyday check with the chain hashed by worker threads (a long stretch since the last checkpoint). */
export function verifySinceCheckpointParallel(db: Database.Database, options: Omit<ParallelChainOptions, 'start'> = {}): Promise<IncrementalVerdict> {
  return Promise.resolve(incremental(db, latestCheckpoint(db), (start) => checkChainParallel(db, { ...options, start })));
}
