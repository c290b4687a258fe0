// The audit chain's hash check alone (issue 15, point 1) on the generated store (BENCH_ITEMS,
// default 1,000,000 items; cached under bench/.cache/, opened read-only): the whole chain checked by
// verify's worker threads, twice, and a stretch of it in this thread next to what the check cannot go
// below in this design, measured in the same run on the same rows: reading the rows it reads, and
// those rows read, each event's text built and hashed with no check at all. Per-event figures are CPU
// time (this thread's, or every thread's for the workers): on a shared machine the wall time says
// more about the other work running than about the check.
import { hash as sha256 } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { checkChainParallel } from '../src/main/store/verify/parallelChain.ts';
import { checkStretch, checkStretchInDb, stretchRows } from '../src/main/store/verify/chainStretch.ts';
import { loadChainExtension, nativeExtensionFile, nativeUsesShaInstructions } from '../src/main/store/verify/nativeWindow.ts';
import { ROW_VOCABULARY, seqRange } from '../src/main/store/verify/chainJoin.ts';
import type { RawAuditRow } from '../src/main/store/verify/chainRow.ts';
import { generatedStore } from './generate-store.ts';
import { inStationProcess } from './stationProcess.ts';
import { STATION_ENV, STATION_TUNED_MARK } from '../src/main/stationMemory.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
/** Events in the stretch the one-thread phases read (from the middle of the log). */
const SAMPLE = Number(process.env.BENCH_CHAIN_SAMPLE ?? 1_000_000);
const WORKER_RUNS = Number(process.env.BENCH_CHAIN_RUNS ?? 2);
const WORKERS = Number(process.env.BENCH_CHAIN_WORKERS ?? 2);
const UNTUNED = process.env.BENCH_CHAIN_UNTUNED === '1';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** This thread's CPU microseconds per event for `work` over `events` events, and its result. */
function perEvent<T>(events: number, work: () => T): { cpuUsPerEvent: number; result: T } {
  const before = process.threadCpuUsage();
  const result = work();
  const used = process.threadCpuUsage(before);
  return { cpuUsPerEvent: r3((used.user + used.system) / Math.max(1, events)), result };
}

/** The event's text as verify hashes a row of the usual form (chainRow.ts plainRowHash), with no check. */
function uncheckedHash(row: RawAuditRow): string {
  const [seq, at, actor, station, kind, subjectType, subjectId, mode, payloadText, prevHash] = row;
  return sha256('sha256', `${prevHash}{"actor":"${actor}","at":"${at}","kind":"${kind}","mode":"${mode}","payload":${payloadText},"seq":${seq},"station":"${station}","subjectId":"${subjectId}","subjectType":"${subjectType}"}`, 'hex');
}

/**
 * The chain bench, in a process with the station's memory settings (src/main/stationMemory.ts:
 * glibc's arenas and thresholds, V8's young generation), as the records bench runs: verify runs in
 * the station's process, and glibc's settings apply to its worker threads too (without them the
 * check used ~15% less CPU: the two benches' figures differed by that). BENCH_CHAIN_UNTUNED=1 runs
 * it in this process as it was started, for a comparison.
 */
export async function chainBench(): Promise<Record<string, unknown>> {
  await generatedStore(ITEMS);
  return inStationProcess('chain', fileURLToPath(import.meta.url), UNTUNED, chainBenchHere);
}

/** The chain bench in this process, on the cached store. */
export async function chainBenchHere(): Promise<Record<string, unknown>> {
  const gen = await generatedStore(ITEMS);
  const db = new Database(gen.dbPath, { readonly: true, fileMustExist: true });
  try {
    // The page cache verify's workers read with (chainWorker.ts).
    db.pragma('cache_size = -2048');
    const range = seqRange(db);
    if (!range) throw new Error('chain bench: the generated store has no audit events');
    const from = Math.max(range.min, Math.floor((range.min + range.max - SAMPLE) / 2));
    const to = Math.min(range.max, from + SAMPLE - 1);
    const sample = to - from + 1;

    const readOnly = perEvent(sample, () => {
      let rows = 0;
      for (const chunk of stretchRows(db, from, to)) rows += chunk.length;
      return rows;
    });
    const readAndHash = perEvent(sample, () => {
      let matching = 0;
      for (const chunk of stretchRows(db, from, to)) for (const row of chunk) if (uncheckedHash(row) === row[10]) matching += 1;
      return matching;
    });
    const rowByRow = perEvent(sample, () => checkStretch(stretchRows(db, from, to), ROW_VOCABULARY));
    const checkHereJs = perEvent(sample, () => checkStretchInDb(db, from, to, ROW_VOCABULARY, undefined, false));
    const native = { file: nativeExtensionFile(), loaded: loadChainExtension(db), shaInstructions: false };
    native.shaInstructions = nativeUsesShaInstructions(db);
    const checkHere = perEvent(sample, () => checkStretchInDb(db, from, to, ROW_VOCABULARY));

    // Alternating, each run in SQLite (the extension, where built) then in JavaScript: the baseline in the same minutes.
    const runs = [];
    for (let i = 0; i < WORKER_RUNS * 2; i += 1) {
      const inSqlite = i % 2 === 0;
      const load = loadavg()[0]!;
      const stats = { workers: 0, inThisThread: 0 };
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const verdict = await checkChainParallel(db, { workers: WORKERS, stats, native: inSqlite });
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      runs.push({
        windows: inSqlite && native.loaded ? 'in SQLite (the extension)' : 'in JavaScript',
        ms: Math.round(ms),
        events: verdict.events,
        ok: verdict.ok,
        eventsPerSecond: Math.round(verdict.events / (ms / 1000)),
        cpuSeconds: r3(cpuMs / 1000),
        cpuUsPerEvent: r3((cpuMs * 1000) / Math.max(1, verdict.events)),
        workers: stats.workers,
        loadAverageAtStart: r3(load),
      });
    }

    return {
      bench: 'chain',
      items: gen.items,
      process: {
        stationTuned: process.env[STATION_TUNED_MARK] !== undefined,
        nodeFlags: process.execArgv.filter((arg) => arg.startsWith('--max-')),
        malloc: Object.fromEntries(Object.keys(STATION_ENV).map((key) => [key, process.env[key] ?? null])),
      },
      auditEvents: gen.auditEvents,
      what: "the audit chain's hash check (verify --full's chain part): the whole log in worker threads, and a stretch of it in one thread next to its floors",
      native,
      workers: { what: `the whole chain, checkChainParallel on ${WORKERS} workers; CPU of every thread (worker start-up included)`, runs },
      oneThread: {
        what: `${sample} events from the middle of the log in this thread (thread CPU per event)`,
        events: sample,
        check: { what: `checkStretchInDb, as a worker runs it (${native.loaded ? `windows checked and hashed in SQLite by the extension${native.shaInstructions ? ', SHA instructions' : ''}` : 'the extension is not built: windows in JavaScript'})`, cpuUsPerEvent: checkHere.cpuUsPerEvent, ok: checkHere.result.bad === null && checkHere.result.thrown === null && checkHere.result.rows === sample },
        checkInJs: { what: 'checkStretchInDb without the extension (windows of events as one string of bytes, checked in JavaScript)', cpuUsPerEvent: checkHereJs.cpuUsPerEvent, ok: checkHereJs.result.bad === null && checkHereJs.result.thrown === null && checkHereJs.result.rows === sample },
        rowByRow: { what: 'checkStretch over the rows read one by one (the way a window not of the usual form goes)', cpuUsPerEvent: rowByRow.cpuUsPerEvent, ok: rowByRow.result.bad === null && rowByRow.result.thrown === null && rowByRow.result.rows === sample },
        readOnly: { what: 'the same rows read (stretchRows, 11 columns, .raw(), 1024 a call) and nothing else', cpuUsPerEvent: readOnly.cpuUsPerEvent },
        readAndHash: { what: 'the same rows read, each event text built and hashed (crypto.hash) with no check: the floor of this design', cpuUsPerEvent: readAndHash.cpuUsPerEvent, matching: readAndHash.result },
        onFreeCores: {
          what: `events/s if each of the ${WORKERS} workers had a core to itself (${WORKERS} / CPU µs per event): an upper bound, not a measurement`,
          check: Math.round((WORKERS * 1e6) / checkHere.cpuUsPerEvent),
          checkInJs: Math.round((WORKERS * 1e6) / checkHereJs.cpuUsPerEvent),
          readAndHash: Math.round((WORKERS * 1e6) / readAndHash.cpuUsPerEvent),
        },
      },
      ratio: {
        checkToFloor: r3(checkHere.cpuUsPerEvent / readAndHash.cpuUsPerEvent),
        checkToCheckInJs: r3(checkHere.cpuUsPerEvent / checkHereJs.cpuUsPerEvent),
        checkToRead: r3(checkHere.cpuUsPerEvent / readOnly.cpuUsPerEvent),
        checkToRowByRow: r3(checkHere.cpuUsPerEvent / rowByRow.cpuUsPerEvent),
      },
    };
  } finally {
    db.close();
  }
}

if (import.meta.main) process.stdout.write(`${JSON.stringify(await chainBenchHere())}\n`);
