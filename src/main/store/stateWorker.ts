// The state worker of verify: opens the database read-only itself, replays every event into the
// state tables and compares them, in a heap of its own with bounded limits (stateWorkerThread.ts);
// only the walk's summary and the first problems cross back.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { replayMemory } from './replay/index.ts';
import type { Checkpoint } from './verify/index.ts';
import { checkStateHere, type ChainAnchor } from './verifyStore.ts';

/** The connection's page cache, in KiB as SQLite counts a negative cache_size (better-sqlite3's default is 16 MB): the events and rows are each read once, in order. */
const STATE_WORKER_CACHE_KIB = -4096;

const { file, anchor, from, hotEntries } = workerData as { file: string; anchor: ChainAnchor | undefined; from: Checkpoint | null; hotEntries: number };
try {
  // The caller's setting (the tests make every table spill).
  replayMemory.hotEntries = hotEntries;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${STATE_WORKER_CACHE_KIB}`);
    parentPort!.postMessage({ answer: checkStateHere(db, anchor, from) });
  } finally {
    db.close();
  }
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
