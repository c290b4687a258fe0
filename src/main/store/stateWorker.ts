// A state worker of verify: opens the database read-only itself, replays the events of its part
// (replay/parts.ts) into its state tables and compares them, in a heap of its own with bounded limits (stateWorkerThread.ts);
// only the walk's summary and the first problems cross back.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { replayMemory, type StatePart } from './replay/index.ts';
import type { Checkpoint } from './verify/index.ts';
import { checkStateHere, checkStatePart, type ChainAnchor } from './verifyStore.ts';

/** The connection's page cache, in KiB as SQLite counts a negative cache_size (better-sqlite3's default is 16 MB): the events and rows are each read once, in order. */
const STATE_WORKER_CACHE_KIB = -4096;

const { file, anchor, from, hotEntries, part } = workerData as { file: string; anchor: ChainAnchor | undefined; from: Checkpoint | null; hotEntries: number; part?: StatePart };
try {
  // The caller's setting (the tests make every table spill).
  replayMemory.hotEntries = hotEntries;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${STATE_WORKER_CACHE_KIB}`);
    // A part answers what it found; a worker of the whole replay, the whole check.
    parentPort!.postMessage({ answer: part ? checkStatePart(db, anchor, from, part) : checkStateHere(db, anchor, from) });
  } finally {
    db.close();
  }
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
