// A state worker of verify: opens the database read-only itself, replays the events of its part
// (replay/parts.ts) into its state tables and compares them, in a heap of its own with bounded limits (stateWorkerThread.ts);
// only the walk's summary and the first problems cross back. A worker of verify --full first hashes
// its stretch of the chain (what a chain worker does) in the same isolate and heap, and answers that
// first: one module load and one heap per core serve both halves of the check (issue 15: each
// isolate cost 23-33 MB before it read a row).
import { parentPort, workerData } from 'node:worker_threads';
import { replayMemory, type StatePart } from './replay/index.ts';
import { cacheFor, STATE_CACHE_KIB, STRETCH_CACHE_KIB, withStateConnection } from './stateConnection.ts';
import { checkStretchInDb, type Checkpoint, type RowVocabulary } from './verify/index.ts';
import { checkStateHere, checkStatePart, type ChainAnchor } from './verifyStore.ts';

interface StateWorkerData {
  file: string;
  anchor: ChainAnchor | undefined;
  from: Checkpoint | null;
  hotEntries: number;
  part?: StatePart;
  /** A stretch of the chain to hash first (verify --full). */
  stretch?: { from: number; to: number; vocabulary: RowVocabulary };
  /** Only the stretch: a core beyond the replay's parts. */
  hashOnly?: boolean;
}

const { file, anchor, from, hotEntries, part, stretch, hashOnly } = workerData as StateWorkerData;
try {
  // The caller's setting (the tests make every table spill).
  replayMemory.hotEntries = hotEntries;
  withStateConnection(file, (db) => {
    if (stretch) {
      cacheFor(db, STRETCH_CACHE_KIB);
      let report;
      try {
        report = checkStretchInDb(db, stretch.from, stretch.to, stretch.vocabulary);
      } catch (error) {
        // What the chain worker answers; the caller then makes the serial walk, which needs no replay.
        parentPort!.postMessage({ stretchError: error instanceof Error ? error.message : String(error) });
        throw error;
      }
      parentPort!.postMessage({ stretch: report });
    }
    if (!hashOnly) {
      cacheFor(db, STATE_CACHE_KIB);
      // A part answers what it found; a worker of the whole replay, the whole check.
      parentPort!.postMessage({ answer: part ? checkStatePart(db, anchor, from, part) : checkStateHere(db, anchor, from) });
    }
  });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
