// Records at scale: search, daily log, chain verify, backup, startup and peak RSS on a generated
// store of BENCH_ITEMS items (default 1,000,000; cached under bench/.cache/), each next to a bare
// baseline measured in the same run on the same data.
import { spawnSync } from 'node:child_process';
import { hash as sha256 } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Station } from '../src/main/core/station.ts';
import { SopLibrary } from '../src/main/core/sopLibrary.ts';
import { readerOf, Store } from '../src/main/store/index.ts';
import { openDatabase } from '../src/main/store/database.ts';
import { AuditLog } from '../src/main/store/auditLog.ts';
import type { ChainVerdict } from '../src/main/store/auditChain.ts';
import { checkStateAside } from '../src/main/store/verifyStore.ts';
import { stateParts } from '../src/main/store/stateWorkerThread.ts';
import { checkChainParallel, verifyStoreParallel, type StoreVerdict } from '../src/main/store/index.ts';
import type { ParallelChainOptions } from '../src/main/store/verify/index.ts';
import { loadChainExtension, nativeUsesShaInstructions } from '../src/main/store/verify/nativeWindow.ts';
import { backup, RecordsService } from '../src/main/records/index.ts';
import { sha256File } from '../src/main/records/files.ts';
import { treeHashFile } from '../src/main/records/treeHash.ts';
import { collectDailyLog } from '../src/main/reports/dailyLog.ts';
import { generatedStore } from './generate-store.ts';
import { inStationProcess } from './stationProcess.ts';
import { MemoryPhases } from './memory.ts';
import { lastResortCollector } from '../src/main/core/memoryRelease.ts';
import { STATION_ENV, STATION_TUNED_MARK } from '../src/main/stationMemory.ts';
import { ratio } from './stats.ts';
import { searchBench } from './records-search.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
// 200 of each of the 8 kinds: a p99 of fewer is the slowest one or two.
const QUERIES = Number(process.env.BENCH_RECORDS_QUERIES ?? 1600);
const RELEASE = process.env.BENCH_RECORDS_NO_RELEASE !== '1';
const UNTUNED = process.env.BENCH_RECORDS_UNTUNED === '1';

function timeMs(work: () => unknown): number {
  const t0 = performance.now();
  work();
  return performance.now() - t0;
}

async function timeAsyncMs(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** The whole chain checked by verify's worker threads: its verdict, wall time and CPU time (every thread). */
async function timedChainCheck(db: Database.Database, options: ParallelChainOptions): Promise<{ verdict: ChainVerdict; ms: number; cpuMs: number }> {
  let verdict: ChainVerdict | null = null;
  // Its CPU time too: on a shared machine the wall time says how busy the others were.
  const cpu = process.cpuUsage();
  const ms = await timeAsyncMs(async () => (verdict = await checkChainParallel(db, options)));
  const used = process.cpuUsage(cpu);
  return { verdict: verdict!, ms, cpuMs: (used.user + used.system) / 1000 };
}

function chainFigures(check: { verdict: ChainVerdict; ms: number; cpuMs: number }): Record<string, unknown> {
  return { ms: Math.round(check.ms), eventsPerSecond: Math.round(check.verdict.events / (check.ms / 1000)), cpuMs: Math.round(check.cpuMs), ok: check.verdict.ok };
}

/**
 * The records bench. The store is generated first if need be (in a process of its own), then the
 * bench runs in a process with the station's memory settings (what serve and the Electron host
 * run with: src/main/stationMemory.ts), since what it measures is the station's own work on its
 * store; BENCH_RECORDS_UNTUNED=1 runs it in this process as it was started, for a comparison.
 */
export async function recordsBench(): Promise<Record<string, unknown>> {
  await generatedStore(ITEMS);
  return inStationProcess('records', fileURLToPath(import.meta.url), UNTUNED, recordsBenchHere);
}

/** The settings this process runs with, as the bench reports them. */
function processSettings() {
  return {
    stationTuned: process.env[STATION_TUNED_MARK] !== undefined,
    nodeFlags: process.execArgv.filter((arg) => arg.startsWith('--max-')),
    malloc: Object.fromEntries(Object.keys(STATION_ENV).map((key) => [key, process.env[key] ?? null])),
    releaseBetweenPhases: RELEASE,
    compileCache: process.env.NODE_COMPILE_CACHE !== undefined,
  };
}

/** The records bench in this process, on the cached store. */
export async function recordsBenchHere(): Promise<Record<string, unknown>> {
  const collect = lastResortCollector();
  const memory = new MemoryPhases();
  // Each phase measured, then (unless BENCH_RECORDS_NO_RELEASE=1) the station's idle moment after it.
  const phase = async (name: string) => {
    memory.phase(name);
    if (RELEASE) await memory.settle(collect);
  };
  const gen = await generatedStore(ITEMS);
  await phase('generateOrReuse');
  const tmp = mkdtempSync(path.join(tmpdir(), 'mailscreen-records-bench-'));
  try {
    // Startup to ready: open (WAL, schema check, migrate no-op) + the station composed, vs a bare open and one query.
    const startup: number[] = [];
    const bareStartup: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      bareStartup.push(timeMs(() => {
        const db = new Database(gen.dbPath);
        db.prepare('SELECT count(*) FROM station_meta').get();
        db.close();
      }));
      let station: Station | null = null;
      startup.push(timeMs(() => {
        const store = new Store(openDatabase(gen.dbPath));
        station = new Station({ store, mode: 'live', version: 'bench', simulatedDevices: false, validateContract: false, protocols: new SopLibrary({ dataDir: tmp, log: () => undefined }), idleCheckMs: 0 });
        new RecordsService({ store, imageStore: gen.imageStore, mode: 'live' });
        station.info();
      }));
      (station as Station | null)?.close();
    }
    await phase('startup');

    // Search: a realistic mix of what a records clerk types, each kind vs the bare SQL of the same shape.
    const db = openDatabase(gen.dbPath, { readonly: true });
    const bare = new Database(gen.dbPath, { readonly: true });
    const read = readerOf(db);
    const searched = await searchBench(gen, read.search, bare, QUERIES);
    await phase('search');

    // Daily log for a busy day: the reports module's own collector vs a bare GROUP BY on the same rows.
    const day = `${gen.lastDay.slice(0, 8)}01`;
    const station = (db.prepare("SELECT value FROM station_meta WHERE key = 'station_id'").pluck().get() as string | undefined) ?? 'unknown';
    const dailyMs = median([0, 1, 2].map(() => timeMs(() => collectDailyLog(read.dailyLog, { date: day, station, includeDemo: false }))));
    const bareDaily = bare.prepare(`SELECT e.actor, i.carrier, e.kind, count(*) FROM audit_events e JOIN items i ON i.custody_id = e.subject_id
      WHERE e.at >= ? AND e.at < ? AND e.kind IN ('item.received', 'item.cleared', 'item.markedSuspect', 'custody.quarantined') GROUP BY 1, 2, 3`);
    const bareDailyMs = median([0, 1, 2].map(() => timeMs(() => bareDaily.all(`${day}T00:00:00.000Z`, `${day}T23:59:59.999Z`))));
    // The bare connection's page cache (16 MB) is not the station's: it goes when its queries are done.
    bare.close();
    await phase('dailyLog');

    // Full-chain verify: the chain hashed in worker threads (what verify --full does), the same in
    // one thread, the state replay alone (it must stay within 2x the hash check), the whole
    // verify --full (both at once), vs SHA-256 alone over the same stored bytes in one thread.
    const chainStats = { workers: 0, inThisThread: 0 };
    const { verdict, ms: verifyMs, cpuMs: verifyCpuMs } = await timedChainCheck(db, { stats: chainStats });
    await phase('verifyChainWorkers');
    // The same check with the windows in JavaScript (the station's SQLite extension left out): the
    // hash check's figure where the extension is not built, measured in the same run.
    const inJs = await timedChainCheck(db, { native: false });
    await phase('verifyChainWorkersJs');
    // And the extension's again, the store's pages now in the OS's cache as they were for the
    // JavaScript run (the first run above read many of them from the disk).
    const warm = await timedChainCheck(db, {});
    await phase('verifyChainWorkersWarm');
    const inSqlite = loadChainExtension(db) ? (nativeUsesShaInstructions(db) ? 'the extension, SHA instructions' : 'the extension, portable SHA-256') : 'not built: windows in JavaScript';
    let serialVerdict: ChainVerdict | null = null;
    const serialVerifyMs = timeMs(() => (serialVerdict = new AuditLog(db, 'bench', () => new Date()).verify()));
    await phase('verifyChainSerial');
    // The replay as verify --full makes it: every event folded and the tables compared, split by item,
    // this thread making the parts one after the other as the verify command's does (oneShot).
    const replayStats = { inWorker: 0, inThisThread: 0 };
    let replayProblems = -1;
    const replayCpu = process.cpuUsage();
    const replayMs = await timeAsyncMs(async () => (replayProblems = (await checkStateAside(db, undefined, null, replayStats, stateParts(true), true)).state.count));
    const replayCpuUsed = process.cpuUsage(replayCpu);
    const replayCpuMs = (replayCpuUsed.user + replayCpuUsed.system) / 1000;
    await phase('replayAlone');
    let storeVerdict: StoreVerdict | null = null;
    const fullVerifyMs = await timeAsyncMs(async () => (storeVerdict = await verifyStoreParallel(db, { sinceCheckpoint: false, oneShot: true })));
    await phase('verifyFull');
    let bytes = 0;
    // Every row read once, in order: a small page cache, like verify's workers.
    const shaSource = new Database(gen.dbPath, { readonly: true });
    shaSource.pragma('cache_size = -2048');
    const shaMs = timeMs(() => {
      for (const row of shaSource.prepare('SELECT prev_hash, at, actor, station, kind, subject_type, subject_id, mode, payload, seq FROM audit_events ORDER BY seq').raw().iterate() as Iterable<unknown[]>) {
        const text = row.join('');
        bytes += text.length;
        // crypto.hash, as verify hashes: createHash's object and update/digest calls cost it twice as much per event.
        sha256('sha256', text, 'hex');
      }
    });
    await phase('sha256Baseline');
    const chainEvents = verdict.events;

    db.close();
    shaSource.close();
    const backupFigures = await backupBench(gen.dbPath, gen.imageStore, tmp);
    await phase('backup');

    return {
      bench: 'records',
      items: gen.items,
      auditEvents: gen.auditEvents,
      incidents: gen.incidents,
      storeReused: gen.reused,
      generateMs: gen.generatedMs,
      generateCpuMs: gen.generatedCpuMs,
      search: { mix: 'tracking, loose custody ID, recipient prefix, week range, state, states+range, free text, latest', ...searched.ours, perKind: searched.perKind },
      searchBaseline: { what: 'bare better-sqlite3 SQL of the same shape on the same indexes, per query in alternating order', ...searched.bare },
      dailyLog: { what: 'src/main/reports collectDailyLog for one day', ms: r3(dailyMs), baselineWhat: 'bare GROUP BY over the same day', baselineMs: r3(bareDailyMs) },
      verify: {
        what: 'full chain hashed in worker threads (verify --full\'s chain check)',
        ms: Math.round(verifyMs),
        events: chainEvents,
        eventsPerSecond: Math.round(chainEvents / (verifyMs / 1000)),
        cpuMs: Math.round(verifyCpuMs),
        eventsPerCpuSecond: Math.round(chainEvents / (verifyCpuMs / 1000)),
        workers: chainStats.workers,
        ok: verdict.ok,
        inSqlite,
        warm: { what: 'the same again after the JavaScript run (the pages it reads in the OS cache)', ...chainFigures(warm) },
        inJs: { what: 'the same, the windows checked in JavaScript (the extension left out)', ...chainFigures(inJs) },
        serialMs: Math.round(serialVerifyMs),
        serialOk: (serialVerdict as ChainVerdict | null)?.ok ?? false,
        replayWhat: "verify's state check alone: every event replayed into the state tables and the tables compared (split by item: this thread makes the parts one after the other, as the verify command's does)",
        replayMs: Math.round(replayMs),
        replayCpuMs: Math.round(replayCpuMs),
        replayParts: stateParts(true),
        replayInWorker: replayStats.inWorker === 1,
        replayProblems,
        fullWhat: "verify --full as the verify command makes it: this thread and a worker each hash a stretch of the chain, then this thread replays the parts one after the other and compares the tables",
        fullMs: Math.round(fullVerifyMs),
        fullChainOk: (storeVerdict as StoreVerdict | null)?.firstBadSeq === null && ((storeVerdict as StoreVerdict | null)?.events ?? 0) > 0,
        fullProblems: ((storeVerdict as StoreVerdict | null)?.problems.length ?? 0) + ((storeVerdict as StoreVerdict | null)?.moreProblems ?? 0),
        baselineWhat: 'SHA-256 alone (crypto.hash, as verify) over the same stored bytes, rows read one by one, one thread',
        baselineMs: Math.round(shaMs),
        bytes,
      },
      backup: backupFigures.figures,
      startup: { ms: r3(median(startup)), baselineWhat: 'bare new Database() + one SELECT', baselineMs: r3(median(bareStartup)) },
      // The peak of the whole run is the highest phase's (the per-phase reset also resets the process's own maxRSS).
      peakRssMb: memory.peak()?.peakMb ?? null,
      peakPhase: memory.peak()?.phase ?? null,
      process: processSettings(),
      memory: {
        what: 'per phase: peak resident MB inside it (VmHWM), resident, V8 heap and external MB at its end (and resident after the release between phases)',
        betweenPhases: RELEASE
          ? "an idle moment, as a station has between such calls: the station's idle release (core/memoryRelease.ts, V8's last-resort collection), then until the resident set stops falling (V8 returns a finished worker's pooled pages seconds after it ended), at most 15 s"
          : 'nothing',
        ...memory.phases,
      },
      ratio: {
        searchP50: ratio(searched.ours.p50Ms, searched.bare.p50Ms),
        searchP99: ratio(searched.ours.p99Ms, searched.bare.p99Ms),
        dailyLog: ratio(dailyMs, bareDailyMs),
        verify: ratio(verifyMs, shaMs),
        verifySerial: ratio(serialVerifyMs, shaMs),
        replayToHash: ratio(replayMs, verifyMs),
        replayToHashCpu: ratio(replayCpuMs, verifyCpuMs),
        replayToHashInJsCpu: ratio(replayCpuMs, inJs.cpuMs),
        verifyToVerifyInJs: ratio(verifyMs, inJs.ms),
        fullVerify: ratio(fullVerifyMs, shaMs),
        ...backupFigures.ratios,
        startup: ratio(median(startup), median(bareStartup)),
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const BACKUP_ROUNDS = Number(process.env.BENCH_BACKUP_ROUNDS ?? 2);

/** The file's pages the kernel has in its page cache, MB (util-linux fincore), or null where it cannot tell. */
function cachedMb(file: string): number | null {
  const run = spawnSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file], { encoding: 'utf8' });
  const bytes = run.status === 0 ? Number(run.stdout.trim()) : Number.NaN;
  return Number.isFinite(bytes) ? Math.round(bytes / 1_048_576) : null;
}

/**
 * Drops a file from the page cache: its dirty pages written first (fsync), then the kernel told to
 * forget the rest (posix_fadvise DONTNEED, which Node does not expose: GNU dd's iflag=nocache with
 * count=0 does it for the whole file). False where dd cannot.
 */
function dropFromCache(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']).status === 0;
}

/** Reads a whole file into the page cache (through dd: nothing of it passes through this process's memory). */
function warmUp(file: string): void {
  spawnSync('dd', [`if=${file}`, 'of=/dev/null', 'bs=8M', 'status=none']);
}

/** The middle value (the mean of the two middle ones for an even count). */
function middle(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

type Temperature = 'cold' | 'warm';
interface BackupRound {
  temperature: Temperature;
  /** Which ran first in the round (they alternate). */
  first: 'copy' | 'backup';
  backupMs: number;
  copyMs: number;
  copyFsyncMs: number;
  /** The database's pages in the page cache just before each side started, MB (null: fincore not here). */
  cachedBeforeCopyMb: number | null;
  cachedBeforeBackupMb: number | null;
}

/**
 * Online backup (database + image store + manifest + audit event) vs copying the database file,
 * on a copy of the cached store (a backup appends its audit event: the cache is never written).
 * A fair pair starts from the same page cache: cold (the database dropped from the page cache
 * before each side: posix_fadvise DONTNEED through dd) and warm (read whole into it before each
 * side), BENCH_BACKUP_ROUNDS rounds of each, the two sides alternating which goes first; the plain
 * copy's fsync is timed apart (a backup must be on disk before it is named, a plain copy only in
 * the page cache). Each round is reported, and the median ratio of each temperature. Before them,
 * the file's plain SHA-256 (what a version-1 manifest carried) and its tree digest alone.
 */
export async function backupBench(dbPath: string, imageStore: string, tmp: string) {
  const fileShaMs = await timeAsyncMs(() => sha256File(dbPath));
  const treeMs = await timeAsyncMs(() => treeHashFile(dbPath));
  const station = path.join(tmp, 'station.sqlite');
  copyFileSync(dbPath, station);
  const plain = path.join(tmp, 'plain-copy.sqlite');
  const store = new Store(openDatabase(station));
  const canDrop = dropFromCache(station);
  const temperatures: Temperature[] = canDrop ? ['cold', 'warm'] : ['warm'];
  const rounds: BackupRound[] = [];
  const ready = (temperature: Temperature) => {
    if (temperature === 'cold') dropFromCache(station);
    else warmUp(station);
    return cachedMb(station);
  };
  try {
    for (const temperature of temperatures) {
      for (let round = 0; round < BACKUP_ROUNDS; round += 1) {
        const first = round % 2 === 0 ? 'copy' : 'backup';
        const measured: Partial<BackupRound> = { temperature, first };
        const copySide = () => {
          measured.cachedBeforeCopyMb = ready(temperature);
          measured.copyMs = timeMs(() => copyFileSync(station, plain));
          measured.copyFsyncMs = timeMs(() => {
            const fd = openSync(plain, 'r');
            try {
              fsyncSync(fd);
            } finally {
              closeSync(fd);
            }
          });
          rmSync(plain);
        };
        const backupSide = async () => {
          measured.cachedBeforeBackupMb = ready(temperature);
          let folder = '';
          measured.backupMs = await timeAsyncMs(async () => (folder = (await backup({ store, imageStore, to: path.join(tmp, 'backups'), by: 'bench' })).folder));
          rmSync(folder, { recursive: true, force: true });
        };
        if (first === 'copy') {
          copySide();
          await backupSide();
        } else {
          await backupSide();
          copySide();
        }
        rounds.push(measured as BackupRound);
      }
    }
  } finally {
    store.close();
  }
  const summary = (temperature: Temperature) => {
    const these = rounds.filter((r) => r.temperature === temperature);
    if (these.length === 0) return null;
    return {
      backupMs: Math.round(middle(these.map((r) => r.backupMs))),
      copyMs: Math.round(middle(these.map((r) => r.copyMs))),
      copyFsyncMs: Math.round(middle(these.map((r) => r.copyFsyncMs))),
      ratio: middle(these.map((r) => ratio(r.backupMs, r.copyMs))),
      toDurableCopy: middle(these.map((r) => ratio(r.backupMs, r.copyMs + r.copyFsyncMs))),
    };
  };
  const cold = summary('cold');
  const warm = summary('warm');
  const headline = cold ?? warm;
  return {
    figures: {
      ms: headline?.backupMs ?? 0,
      what: 'backup of the database (held file copied by the kernel while tree-hashed on both cores, fsynced), its images, manifest and audit event; the median of its rounds, cold where the page cache could be dropped',
      baselineWhat: 'copyFile of the database (to the page cache, not fsynced), from the same page cache as the backup beside it',
      baselineMs: headline?.copyMs ?? 0,
      copyFsyncWhat: 'the fsync of that copy, after it',
      copyFsyncMs: headline?.copyFsyncMs ?? 0,
      coldWhat: canDrop ? 'the database dropped from the page cache before each side (fsync, then posix_fadvise DONTNEED via dd iflag=nocache)' : 'not measured: dd could not drop the file from the page cache here',
      cold,
      warmWhat: 'the database read whole into the page cache before each side',
      warm,
      rounds: rounds.map((r) => ({ ...r, backupMs: Math.round(r.backupMs), copyMs: Math.round(r.copyMs), copyFsyncMs: Math.round(r.copyFsyncMs), ratio: ratio(r.backupMs, r.copyMs) })),
      hashWhat: 'SHA-256 of the database file alone, one thread (what a version-1 manifest carried)',
      hashMs: Math.round(fileShaMs),
      treeHashWhat: 'the tree digest of the database file alone (8 MiB chunks read in 2 MiB pieces on both cores: what the manifest carries)',
      treeHashMs: Math.round(treeMs),
    },
    ratios: {
      backup: headline?.ratio ?? null,
      backupCold: cold?.ratio ?? null,
      backupWarm: warm?.ratio ?? null,
      backupRounds: rounds.map((r) => ratio(r.backupMs, r.copyMs)),
      backupToDurableCopy: headline?.toDurableCopy ?? null,
      backupToFileHash: ratio(headline?.backupMs ?? 0, fileShaMs),
      treeHashToFileHash: ratio(treeMs, fileShaMs),
    },
  };
}

if (import.meta.main) process.stdout.write(`${JSON.stringify(await recordsBenchHere())}\n`);
