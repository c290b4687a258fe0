import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { replayMemory, type StatePart } from './replay/index.ts';
import { cacheFor, STRETCH_CACHE_KIB, withStateConnection } from './stateConnection.ts';
import { CHAIN_WORKER_LIMITS, checkStretchInDb, type RowVocabulary, type StretchReport } from './verify/index.ts';

/**
 * The state worker's heap: the replay keeps a bounded number of rows as objects (the rest spill to
 * a file), so its live heap is tens of MB; V8's defaults let the heap of a thread that allocates
 * this fast grow with garbage to several hundred MB before it collects (issue 15: 496 MB resident
 * for the replay of a 100k-item store, 190 MB with these). A worker that outgrows them ends, and
 * this thread makes the check instead (as before, with the memory it takes).
 */
export const STATE_WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128 });

/**
 * Each part's heap when the replay is split (replay/parts.ts): a part holds its share of the rows
 * as objects (the hot entries are divided among the parts), so two parts fit in about what one
 * worker took, and the records bench's peak stays within its budget (issue 15: 250 MB).
 */
export const STATE_PART_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 80 });

/** Where the state check ran (for tests and the bench). */
export interface StateWorkerStats {
  /** Checks made in parts: by state workers, or by a one-shot command's thread one part after another (PartHere). */
  inWorker: number;
  /** Checks made whole in this thread, when a part could not answer. */
  inThisThread: number;
}

/**
 * The worker's code: stateWorker.ts beside this module when the station runs from its sources
 * (Node strips the types), stateWorker.cjs beside the Electron main bundle (vite.stateWorker.config.ts).
 */
export function stateWorkerFile(moduleUrl: string = import.meta.url): URL {
  return new URL(moduleUrl.endsWith('.cjs') ? './stateWorker.cjs' : './stateWorker.ts', moduleUrl);
}

/**
 * Runs `task` (what stateWorker.ts does with `data`) in a worker thread with a bounded heap that
 * opens the database file read-only itself, and resolves with its answer; `here` does the same in
 * this thread, for a database without a file, or when the worker cannot start, runs out of its
 * heap, or fails (then `here` fails the same way, with the same error as before workers existed).
 */
export function inStateWorker<T>(
  db: Database.Database,
  data: Record<string, unknown>,
  here: () => T,
  stats?: StateWorkerStats,
  onLimits?: (limits: ResourceLimits) => void,
  limits: ResourceLimits = STATE_WORKER_LIMITS,
): Promise<T> {
  const inThisThread = () => {
    if (stats) stats.inThisThread += 1;
    return here();
  };
  if (db.memory || db.name === '') return Promise.resolve().then(inThisThread);
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(stateWorkerFile(), { workerData: { ...data, file: db.name }, resourceLimits: limits });
    } catch {
      resolve(inThisThread());
      return;
    }
    let settled = false;
    if (onLimits) worker.once('online', () => onLimits(worker.resourceLimits ?? {}));
    const fallBack = () => {
      if (settled) return;
      settled = true;
      try {
        resolve(inThisThread());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    worker.once('message', (message: { answer?: T; error?: string }) => {
      if (message.error !== undefined || message.answer === undefined) {
        fallBack();
        return;
      }
      settled = true;
      if (stats) stats.inWorker += 1;
      resolve(message.answer);
    });
    worker.once('error', fallBack);
    worker.once('exit', fallBack);
  });
}

/**
 * Parts of a replay made one after the other in one thread (PartHere). Only one part's rows, spill
 * index and heap are held at a time, and a part beyond the first reads only its own events, so more
 * parts cost memory less and CPU about nothing (1M items, the state check alone in the station's
 * settings, peak resident set / CPU: 2 parts 212 MB / 93 s, 3: 211 / 85, 4: 199 / 85, 6: 192 /
 * 88; the records bench with 4: 232-245 MB, with 2: 251). Part 0 keeps the station-wide tables and
 * the X-ray scans whatever the count, so it takes no items (parts.ts) and four parts share them.
 */
export const ONE_SHOT_PARTS = 5;

/**
 * How many parts the replay is split in: side by side in workers, one per core, at most two (the
 * chain's workers hash on the same cores meanwhile); one after the other in a one-shot command's
 * thread (`oneShot`), ONE_SHOT_PARTS.
 */
export function stateParts(oneShot = false): number {
  if (oneShot) return ONE_SHOT_PARTS;
  return Math.max(1, Math.min(2, availableParallelism()));
}

const NO_ANSWER: unique symbol = Symbol('no answer');

/**
 * The replay's parts made in this thread, one after the other, for a caller whose thread has nothing
 * else to do meanwhile (a one-shot command: `verify`). Never in the station, whose thread serves the
 * screens. `part`: what a state worker makes of it, on a connection of its own as a worker's
 * (stateConnection.ts).
 *
 * One part at a time, in one isolate, is the replay's memory (issue 15, point 3): the parts side by
 * side held two parts' heaps and spill indexes and a worker's isolate at once (1M items: the records
 * bench's peak 315 MB; one after the other here, 233), for the same CPU; the wall time is the parts'
 * sum, while the hash check's other stretches run in workers beside them (docs/replay.md).
 */
export type PartHere<T> = (part: StatePart) => T;

/**
 * Every part made here, in order, each with the share of the hot entries a worker of it gets (the
 * setting given back after); ends with NO_ANSWER at the first that fails, as a worker that fails
 * (the caller then replays whole).
 */
function partsHere<T>(here: PartHere<T>, parts: number, hotEntries: number): Array<T | typeof NO_ANSWER> {
  const whole = replayMemory.hotEntries;
  replayMemory.hotEntries = hotEntries;
  const answers: Array<T | typeof NO_ANSWER> = [];
  try {
    for (let index = 0; index < parts; index += 1) answers.push(here({ index, count: parts }));
  } catch {
    answers.push(NO_ANSWER);
  } finally {
    replayMemory.hotEntries = whole;
  }
  return answers;
}

/**
 * Runs each of `parts` parts of the replay (what stateWorker.ts does with `data` and its part) in a
 * worker of its own, at once, and resolves with their answers in part order; null when the
 * database has no file or any part could not answer (the caller then makes the whole check in this
 * thread, as before workers existed). With `here` (a one-shot command: PartHere), this thread makes
 * every part itself, one after the other, and no worker is started.
 */
export async function inStateWorkers<T>(
  db: Database.Database,
  parts: number,
  data: Record<string, unknown> & { hotEntries: number },
  stats?: StateWorkerStats,
  onLimits?: (limits: ResourceLimits) => void,
  here?: PartHere<T>,
): Promise<T[] | null> {
  const noAnswer = (): T | typeof NO_ANSWER => NO_ANSWER;
  const limits = parts > 1 ? STATE_PART_LIMITS : STATE_WORKER_LIMITS;
  const share = { ...data, hotEntries: Math.max(1, Math.floor(data.hotEntries / parts)) };
  let answers: Array<T | typeof NO_ANSWER>;
  if (db.memory || db.name === '') answers = [NO_ANSWER];
  else {
    answers = here
      ? partsHere(here, parts, share.hotEntries)
      : await Promise.all(Array.from({ length: parts }, (_, index) => inStateWorker<T | typeof NO_ANSWER>(db, { ...share, part: { index, count: parts } }, noAnswer, undefined, onLimits, limits)));
  }
  if (answers.some((answer) => answer === NO_ANSWER)) {
    if (stats) stats.inThisThread += 1;
    return null;
  }
  if (stats) stats.inWorker += 1;
  return answers as T[];
}

/** The chain's stretches a set of verify workers hashes first (verify/parallelChain.ts planChain), and what to tell of them. */
export interface WorkerStretches {
  stretches: ReadonlyArray<readonly [number, number]>;
  vocabulary: RowVocabulary;
  /** The chain check's counts: a stretch hashed by a worker, or in this thread (its worker could not, or this thread is worker 0). */
  stats?: { workers: number; inThisThread: number };
  onLimits?: (limits: ResourceLimits) => void;
}

/**
 * verify --full on one set of workers (issue 15, point 3): worker i hashes stretch i of the chain,
 * answers it, and then, in the same isolate and heap, replays part i of the state (as
 * inStateWorkers' workers do); a core beyond the replay's parts only hashes, a part beyond the
 * stretches only replays. So the code is loaded once per core and one heap per core serves both
 * halves, instead of a chain worker and a state worker each. A stretch whose worker could not
 * start, or ended before answering it, is hashed in this thread (as checkChainParallel does); a
 * worker that could not read the log fails its stretch (the caller then makes the serial walk);
 * when any part could not answer (its worker failed, or outgrew its heap), `answers` is null and
 * the caller makes the whole replay in this thread, as inStateWorkers' callers do. With `here` (a
 * one-shot command: PartHere), this thread hashes stretch 0 and then makes every part, one after the
 * other, once the workers of the other stretches (which only hash) are started.
 */
export function inVerifyWorkers<T>(
  db: Database.Database,
  parts: number,
  data: Record<string, unknown> & { hotEntries: number },
  chain: WorkerStretches,
  stats?: StateWorkerStats,
  here?: PartHere<T>,
): { stretches: Array<Promise<StretchReport>>; answers: Promise<T[] | null> } {
  const share = { ...data, hotEntries: Math.max(1, Math.floor(data.hotEntries / parts)) };
  // With `here`, the workers only hash (this thread makes the parts), and this thread hashes stretch 0.
  const workers = here ? chain.stretches.length : Math.max(parts, chain.stretches.length);
  const stretches: Array<Promise<StretchReport>> = [];
  const answers: Array<Promise<T | typeof NO_ANSWER>> = [];
  for (let index = here ? 1 : 0; index < workers; index += 1) {
    const stretch = chain.stretches[index];
    const part: StatePart | undefined = !here && index < parts ? { index, count: parts } : undefined;
    // The part's limits hold the hash too: a chain worker holds one row at a time, within CHAIN_WORKER_LIMITS, which these exceed.
    const limits = part ? (parts > 1 ? STATE_PART_LIMITS : STATE_WORKER_LIMITS) : CHAIN_WORKER_LIMITS;
    const job = verifyWorker<T>(db, { ...share, ...(part ? { part } : { hashOnly: true }), ...(stretch ? { stretch: { from: stretch[0], to: stretch[1], vocabulary: chain.vocabulary } } : {}) }, limits, stretch, chain);
    if (job.stretch) stretches.push(job.stretch);
    if (part) answers.push(job.answer);
  }
  if (here) {
    const stretch = chain.stretches[0];
    // Its stretch hashed first (a failure to read the log fails it), then the parts.
    if (stretch) {
      if (chain.stats) chain.stats.inThisThread += 1;
      // Made now, in this thread; what it throws rejects the stretch.
      stretches.unshift(
        new Promise<StretchReport>((resolve) =>
          resolve(
            withStateConnection(db.name, (own) => {
              cacheFor(own, STRETCH_CACHE_KIB);
              return checkStretchInDb(own, stretch[0], stretch[1], chain.vocabulary);
            }),
          ),
        ),
      );
    }
    answers.push(...partsHere(here, parts, share.hotEntries).map((answer) => Promise.resolve(answer)));
  }
  const answered = Promise.all(answers).then((all) => {
    if (all.some((answer) => answer === NO_ANSWER)) {
      if (stats) stats.inThisThread += 1;
      return null;
    }
    if (stats) stats.inWorker += 1;
    return all as T[];
  });
  return { stretches, answers: answered };
}

/** One verify worker: its stretch's report (null without a stretch) and its part's answer (NO_ANSWER without one, or when it could not answer). */
function verifyWorker<T>(
  db: Database.Database,
  data: Record<string, unknown>,
  limits: ResourceLimits,
  stretch: readonly [number, number] | undefined,
  chain: WorkerStretches,
): { stretch: Promise<StretchReport> | null; answer: Promise<T | typeof NO_ANSWER> } {
  let reported: (report: StretchReport) => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  let answered: (answer: T | typeof NO_ANSWER) => void = () => undefined;
  const stretchPromise = stretch
    ? new Promise<StretchReport>((resolve, reject) => {
        reported = resolve;
        failed = reject;
      })
    : null;
  const answer = new Promise<T | typeof NO_ANSWER>((resolve) => (answered = resolve));
  let stretchSettled = stretch === undefined;
  let answerSettled = false;
  const settleStretch = (how: () => void) => {
    if (stretchSettled) return;
    stretchSettled = true;
    how();
  };
  // A stretch its worker did not answer: this thread hashes it (a failure to read the log fails it the same way).
  const stretchHere = () =>
    settleStretch(() => {
      if (chain.stats) chain.stats.inThisThread += 1;
      try {
        reported(checkStretchInDb(db, stretch![0], stretch![1], chain.vocabulary));
      } catch (error) {
        failed(error instanceof Error ? error : new Error(String(error)));
      }
    });
  const noAnswer = () => {
    if (answerSettled) return;
    answerSettled = true;
    answered(NO_ANSWER);
  };
  let worker: Worker;
  try {
    worker = new Worker(stateWorkerFile(), { workerData: { ...data, file: db.name }, resourceLimits: limits });
  } catch {
    stretchHere();
    noAnswer();
    return { stretch: stretchPromise, answer };
  }
  if (stretch && chain.onLimits) {
    const onLimits = chain.onLimits;
    worker.once('online', () => onLimits(worker.resourceLimits ?? {}));
  }
  worker.on('message', (message: { stretch?: StretchReport; stretchError?: string; answer?: T; error?: string }) => {
    if (message.stretch) {
      settleStretch(() => {
        if (chain.stats) chain.stats.workers += 1;
        reported(message.stretch!);
      });
    } else if (message.stretchError !== undefined || message.error !== undefined) {
      settleStretch(() => failed(new Error(`verify: a worker could not read the audit log (${message.stretchError ?? message.error})`)));
      noAnswer();
    } else if (message.answer !== undefined && !answerSettled) {
      answerSettled = true;
      answered(message.answer);
    }
  });
  const ended = () => {
    stretchHere();
    noAnswer();
  };
  worker.once('error', ended);
  worker.once('exit', ended);
  return { stretch: stretchPromise, answer };
}
