// The station's memory after a stretch of normal work on a big store: `serve --demo` (the station
// a site runs, simulated devices) opened on a COPY of the generated store of BENCH_ITEMS items
// (default 1,000,000; the station migrates and writes, the cache stays as it was), driven through
// the web host for BENCH_STATION_MINUTES (default 1; 60 for the hour of issue 15): items taken in
// and through every step (the scale and the X-ray cabinet simulated) and, between items, the
// records screens (search, item detail, history, dashboard, daily log, intake list), by one
// coordinator (a station has one operator at a time). The station runs in its own process, so
// the screens' memory is not counted in its RSS. The station is opened once and stopped before
// the measured run (a station normally opens a store it has checked before; BENCH_STATION_REOPEN=0
// measures the first opening instead), and runs with serve's memory settings (BENCH_STATION_UNTUNED=1
// without them).
// Printed: the resident set (from /proc) and the V8 heap (a probe in the station process) at
// start, idle after opening (the baseline, same run), the peak and the end of the work, a curve
// per minute and the growth per minute (a leak shows as steady growth).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { StationSocket, okValue } from '../test/helpers/stationSocket.ts';
import { generatedStore } from './generate-store.ts';
import { residentByKind } from './memory.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
const MINUTES = Number(process.env.BENCH_STATION_MINUTES ?? 1);
/** One item through every step per cycle, at most this often (normal work, not a flood). */
const CYCLE_MS = Number(process.env.BENCH_STATION_CYCLE_MS ?? 3000);
const SAMPLE_MS = 5000;
/**
 * 1 (the default): the station is opened once first and stopped, then opened again and measured, as
 * a station that has run on its store before is (its start-up chain check covers only what is new
 * since its last checkpoint); the first opening's figures are printed too. 0: measure the first
 * opening (a store just generated, its whole chain hashed by the start-up check in worker threads).
 */
const REOPEN = process.env.BENCH_STATION_REOPEN !== '0';
/** 1: the station as it was before issue 15 (no relaunch with its memory settings), for a comparison. */
const UNTUNED = process.env.BENCH_STATION_UNTUNED === '1';
const MiB = 1 << 20;
/**
 * Node options for the measured station only, to see where its memory goes, e.g.
 * `--heap-prof --heap-prof-dir=/tmp/prof` or `--heapsnapshot-signal=SIGUSR2` (space-separated).
 */
const STATION_NODE_ARGS = (process.env.BENCH_STATION_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '');
/** A file: the measured station's allocations during the run, sampled by its probe (bench/memory-probe.ts; read with bench/heapprofile-top.ts). */
const ALLOCATIONS = process.env.BENCH_STATION_ALLOCATIONS;

type Who = { badge: string; pin: string };
const ADMIN: Who = { badge: 'ADMIN-1', pin: '739154' };
// One operator at a time on a station (a second login locks the first screen): a coordinator
// screens the items and opens the records screens (the dashboard is a supervisor's).
const CORA: Who = { badge: 'COORD-CORA', pin: '846201' };

interface Sample {
  atS: number;
  rssMb: number;
  heapUsedMb: number | null;
  heapTotalMb: number | null;
  /** Buffers and other memory V8 knows of outside its heap (X-ray images, PDFs). */
  externalMb: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (x: number) => Math.round(x * 10) / 10;

/** The station process's resident set now and its peak since the last reset, MB (/proc/<pid>/status). */
function procMemory(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), hwmMb: Math.round(kb('VmHWM') / 1024) };
}

/** Resets the station process's peak to its current RSS (Linux; the bench runs as its owner). */
function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not allowed here: the peaks are then since the process started.
  }
}

/** CPU seconds the process has used (utime + stime from /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The slope of y over x (least squares): MB per minute when x is minutes. */
function slope(points: Array<[number, number]>): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  if (sxx === 0) return null;
  return points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
}

class StationProcess {
  readonly child: ChildProcess;
  stderr = '';
  readonly #probeFile: string;

  constructor(dbPath: string, dataDir: string, rendererDir: string, probeFile: string, nodeArgs: readonly string[] = [], allocations?: string) {
    this.#probeFile = probeFile;
    // As a site starts it: serve relaunches itself (same pid) with its memory settings.
    this.child = spawn(
      process.execPath,
      [...nodeArgs, '--import', path.join(ROOT, 'bench/memory-probe.ts'), path.join(ROOT, 'src/main/cli/main.ts'), 'serve', '--demo', '--db', dbPath, '--data', dataDir, '--renderer', rendererDir],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MAILSCREEN_MEMORY_PROBE_FILE: probeFile, ...(allocations ? { MAILSCREEN_MEMORY_PROBE_ALLOCATIONS: path.resolve(allocations) } : {}), ...(UNTUNED ? { MAILSCREEN_STATION_TUNED: 'untuned by the bench' } : {}) } },
    );
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
  }

  /** The station's last heap report (the probe writes it once a second), or null before the first. */
  get heap(): { heapUsed: number; heapTotal: number; external: number } | null {
    try {
      return JSON.parse(readFileSync(this.#probeFile, 'utf8')) as { heapUsed: number; heapTotal: number; external: number };
    } catch {
      return null;
    }
  }

  /** What the running station was started with, as the kernel sees it (after serve's relaunch). */
  settings(): { v8Flags: string[]; nodeOptions: string | null; malloc: string[]; compileCache: string | null } {
    const cmdline = readFileSync(`/proc/${this.pid}/cmdline`, 'utf8').split('\0');
    const environ = readFileSync(`/proc/${this.pid}/environ`, 'utf8').split('\0');
    return {
      v8Flags: cmdline.filter((arg) => arg.startsWith('--') && !arg.startsWith('--import') && !['--demo', '--db', '--data', '--renderer'].includes(arg)),
      nodeOptions: environ.find((v) => v.startsWith('NODE_OPTIONS='))?.slice('NODE_OPTIONS='.length) ?? null,
      malloc: environ.filter((v) => v.startsWith('MALLOC_')),
      compileCache: environ.find((v) => v.startsWith('NODE_COMPILE_CACHE='))?.slice('NODE_COMPILE_CACHE='.length) ?? null,
    };
  }

  get pid(): number {
    return this.child.pid!;
  }

  url(): Promise<string> {
    const lines = createInterface({ input: this.child.stdout! });
    return new Promise<string>((resolve, reject) => {
      this.child.once('exit', (code, signal) => reject(new Error(`station-rss bench: serve exited (${code ?? signal}) before it served: ${this.stderr}`)));
      lines.once('line', (line) => {
        try {
          resolve((JSON.parse(line) as { url: string }).url);
        } catch {
          reject(new Error(`station-rss bench: serve printed ${line}, not its URL`));
        }
      });
    });
  }

  sample(startedAt: number): Sample {
    const { rssMb } = procMemory(this.pid);
    const heap = this.heap;
    return {
      atS: Math.round((performance.now() - startedAt) / 1000),
      rssMb,
      heapUsedMb: heap ? Math.round(heap.heapUsed / MiB) : null,
      heapTotalMb: heap ? Math.round(heap.heapTotal / MiB) : null,
      externalMb: heap ? Math.round(heap.external / MiB) : null,
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const killed = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(killed);
  }
}

/** Waits until the station has settled after opening (its start-up chain check done): CPU idle for a few seconds. */
async function settled(station: StationProcess, timeoutMs = 1_200_000): Promise<number> {
  const started = performance.now();
  let last = cpuSeconds(station.pid);
  let quiet = 0;
  while (performance.now() - started < timeoutMs) {
    await sleep(2000);
    const now = cpuSeconds(station.pid);
    quiet = now - last < 0.1 ? quiet + 1 : 0;
    last = now;
    if (quiet >= 3) break;
  }
  return Math.round((performance.now() - started) / 1000);
}

/** One screen, logged in; `as` is who it is. */
async function screen(url: string, who: Who, sockets: StationSocket[]): Promise<StationSocket> {
  const socket = await StationSocket.open(url);
  sockets.push(socket);
  okValue(await socket.call('session.login', { badge: who.badge, pin: who.pin }), `login ${who.badge}`);
  return socket;
}

interface WorkCounts {
  /** The station process: each call's effect on its peak resident set is noted. */
  pid: number;
  items: number;
  calls: number;
  refused: Record<string, number>;
  /** What the station said the first time, per refusal. */
  firstWords: Record<string, string>;
  /** Per command: by how many MB its calls raised the station's peak resident set (what set the peak, and when). */
  peakRaisedMb: Record<string, { mb: number; calls: number; lastAtS: number }>;
}

/** Counts a call; a refusal is counted by its code (normal work has a few: a scale still settling). */
async function call(counts: WorkCounts, socket: StationSocket, command: string, args: unknown): Promise<unknown> {
  counts.calls += 1;
  const peakBefore = procMemory(counts.pid).hwmMb;
  const result = await socket.call(command, args);
  const raised = procMemory(counts.pid).hwmMb - peakBefore;
  if (raised > 0) {
    const noted = (counts.peakRaisedMb[command] ??= { mb: 0, calls: 0, lastAtS: 0 });
    noted.mb += raised;
    noted.calls += 1;
    noted.lastAtS = Math.round(performance.now() / 1000);
  }
  if (result.ok) return result.value;
  const key = `${command}: ${result.error.code}`;
  counts.refused[key] = (counts.refused[key] ?? 0) + 1;
  counts.firstWords[key] ??= result.error.message.slice(0, 200);
  return null;
}

/** One item from intake to delivery, the scale and the cabinet simulated. */
async function oneItem(n: number, ana: StationSocket, counts: WorkCounts): Promise<string | null> {
  const scanned = (await call(counts, ana, 'intake.scan', { code: `RSS${String(n).padStart(9, '0')}` })) as { item: { custodyId: string } } | null;
  if (!scanned) return null;
  const custodyId = scanned.item.custodyId;
  const parcel = n % 3 === 0;
  await call(counts, ana, 'item.setDetails', { custodyId, itemType: parcel ? 'parcel' : 'letter', recipient: `Recipient ${n % 500}, floor ${n % 7}`, sender: 'ACME Corp' });
  await call(counts, ana, 'demo.scale', { grams: 20 + (n % 900) });
  let weighed = null;
  for (let attempt = 0; attempt < 20 && !weighed; attempt += 1) {
    weighed = await call(counts, ana, 'item.captureWeight', { custodyId });
    if (!weighed) await sleep(250);
  }
  if (!weighed) await call(counts, ana, 'item.enterWeight', { custodyId, grams: 20 + (n % 900), reason: 'Scale did not settle' });
  await call(counts, ana, 'demo.scale', { grams: null });
  await call(counts, ana, 'item.inspect', { custodyId, indicators: [], notes: 'Nothing unusual' });
  if (parcel) {
    await call(counts, ana, 'xray.requestScan', { custodyId });
    for (let attempt = 0; attempt < 120; attempt += 1) {
      const got = (await call(counts, ana, 'item.get', { custodyId })) as { detail: { xrayScans: Array<{ imageSha256: string | null }> } } | null;
      if (got?.detail.xrayScans[0]?.imageSha256) break;
      await sleep(250);
    }
    await call(counts, ana, 'xray.recordVerdict', { custodyId, verdict: 'clear', findings: [], notes: 'Books' });
  } else {
    await call(counts, ana, 'item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' });
  }
  await call(counts, ana, 'item.clear', { custodyId });
  await call(counts, ana, 'item.deliver', { custodyId, recipient: { kind: 'name', name: 'Pat Payroll' }, confirmed: true });
  counts.items += 1;
  return custodyId;
}

/** The records screens opened between items: every kind of search, an item's detail and history, the dashboard, a daily log. */
async function recordsScreens(n: number, screen: StationSocket, samples: { custodyIds: string[]; trackingNumbers: string[]; surnames: string[] }, recent: string | null, firstDay: string, counts: WorkCounts): Promise<void> {
  const pick = <T>(xs: T[]) => xs[n % xs.length]!;
  const day = (i: number) => new Date(Date.parse(`${firstDay}T00:00:00Z`) + ((i * 37) % 700) * 86_400_000).toISOString().slice(0, 10);
  const searches = [
    { trackingNumber: pick(samples.trackingNumbers), limit: 50 },
    { custodyId: pick(samples.custodyIds).replaceAll('-', '').toLowerCase(), limit: 50 },
    { recipient: pick(samples.surnames).slice(0, 5), limit: 50 },
    { from: day(n), to: day(n + 1) > day(n) ? day(n + 1) : day(n), limit: 50 },
    { states: ['QUARANTINED'], limit: 50 },
    { query: pick(samples.surnames).slice(0, 4), limit: 50 },
    { limit: 50 },
  ];
  await call(counts, screen, 'search.items', searches[n % searches.length]);
  const custodyId = n % 2 === 0 && recent ? recent : pick(samples.custodyIds);
  await call(counts, screen, 'item.get', { custodyId });
  await call(counts, screen, 'item.history', { custodyId });
  await call(counts, screen, 'intake.list', { limit: 100 });
  if (n % 5 === 0) {
    const to = day(n);
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
    await call(counts, screen, 'dashboard.stats', { from, to });
  }
  if (n % 10 === 0) await call(counts, screen, 'report.dailyLog', { date: day(n), format: n % 20 === 0 ? 'pdf' : 'csv' });
}

export async function stationRssBench(): Promise<Record<string, unknown>> {
  const gen = await generatedStore(ITEMS);
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-station-rss-'));
  let station: StationProcess | null = null;
  const sockets: StationSocket[] = [];
  try {
    // A copy: the station migrates, writes and checkpoints; the cached store must stay as generated.
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    const dbPath = path.join(dataDir, 'mailscreen.sqlite');
    copyFileSync(gen.dbPath, dbPath);
    for (const suffix of ['-wal', '-shm']) if (existsSync(gen.dbPath + suffix)) copyFileSync(gen.dbPath + suffix, dbPath + suffix);
    if (existsSync(gen.imageStore)) cpSync(gen.imageStore, path.join(dataDir, path.basename(gen.imageStore)), { recursive: true });
    // serve wants built screens; the bench talks to the WebSocket only, so a page is enough.
    const rendererDir = path.join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mailscreen</title>');

    let firstOpening: Record<string, unknown> | null = null;
    if (REOPEN) {
      const started = performance.now();
      const first = new StationProcess(dbPath, dataDir, rendererDir, path.join(dir, 'memory-first.json'));
      station = first;
      await first.url();
      const settleS = await settled(first);
      firstOpening = { what: 'the first opening of the copy (stopped once settled)', secondsToSettle: settleS, peakMb: procMemory(first.pid).hwmMb, idleRssMb: first.sample(started).rssMb };
      await first.stop();
    }
    const t0 = performance.now();
    station = new StationProcess(dbPath, dataDir, rendererDir, path.join(dir, 'memory.json'), STATION_NODE_ARGS, ALLOCATIONS);
    const url = await station.url();
    const servingS = Math.round((performance.now() - t0) / 1000);
    const settings = station.settings();
    const atServing = station.sample(t0);
    // Opening: migrate, compose, the start-up chain check (its first run hashes the whole chain).
    const settleS = await settled(station);
    const openPeakMb = procMemory(station.pid).hwmMb;
    const idle = station.sample(t0);
    const idleResident = residentByKind(station.pid);
    resetPeak(station.pid);

    const admin = await StationSocket.open(url);
    sockets.push(admin);
    okValue(await admin.call('session.setup', { badge: ADMIN.badge, name: 'Ada Admin', pin: ADMIN.pin }), 'setup');
    const created = okValue(await admin.call<{ operator: { id: string } }>('operator.create', { badge: CORA.badge, name: 'Cora Coordinator', role: 'coordinator', pin: CORA.pin }), 'operator.create');
    okValue(await admin.call('training.record', { operatorId: created.operator.id, kind: 'xrayOperator', completedOn: '2026-01-10', expiresOn: '2099-01-10', trainer: 'Vendor course' }), 'training');
    const cora = await screen(url, CORA, sockets);

    const counts: WorkCounts = { pid: station.pid, items: 0, calls: 0, refused: {}, firstWords: {}, peakRaisedMb: {} };
    const loadAtStart = loadavg().map(round1);
    const workStarted = performance.now();
    const workStart = station.sample(t0);
    const samples: Sample[] = [workStart];
    let nextSample = workStarted + SAMPLE_MS;
    const until = workStarted + MINUTES * 60_000;
    let n = 0;
    let reportedMinute = 0;
    const workS = (s: Sample) => s.atS - workStart.atS;
    while (performance.now() < until) {
      const cycleStarted = performance.now();
      const custodyId = await oneItem(n, cora, counts);
      await recordsScreens(n, cora, gen.samples, custodyId, gen.firstDay, counts);
      // The screen touches its session now and then, as the renderer does on input.
      if (n % 10 === 0) await call(counts, cora, 'session.touch', {});
      n += 1;
      if (performance.now() >= nextSample) {
        const sample = station.sample(t0);
        samples.push(sample);
        nextSample += SAMPLE_MS;
        // A line a minute on stderr: an hour's run shows its curve as it goes (and keeps it if it stops).
        if (Math.floor(workS(sample) / 60) > reportedMinute) {
          reportedMinute = Math.floor(workS(sample) / 60);
          process.stderr.write(`station-rss: minute ${reportedMinute}: ${JSON.stringify({ ...sample, items: counts.items, calls: counts.calls, hwmMb: procMemory(station.pid).hwmMb, load1: round1(loadavg()[0]!) })}\n`);
        }
      }
      const rest = CYCLE_MS - (performance.now() - cycleStarted);
      if (rest > 0) await sleep(rest);
    }
    const workPeakMb = procMemory(station.pid).hwmMb;
    const end = station.sample(t0);
    const endResident = residentByKind(station.pid);
    samples.push(end);

    // The curve by minute of work (the last sample in each minute), and the growth rate.
    const byMinute = new Map<number, Sample>();
    for (const s of samples) byMinute.set(Math.floor(workS(s) / 60), s);
    const points = samples.map((s): [number, number] => [workS(s) / 60, s.rssMb]);
    const heapPoints = samples.filter((s) => s.heapUsedMb !== null).map((s): [number, number] => [workS(s) / 60, s.heapUsedMb!]);
    const secondHalf = points.filter(([x]) => x >= MINUTES / 2);
    const heapSecondHalf = heapPoints.filter(([x]) => x >= MINUTES / 2);
    const rate = (p: Array<[number, number]>) => {
      const s = slope(p);
      return s === null ? null : round1(s);
    };

    return {
      bench: 'station-rss',
      items: gen.items,
      auditEvents: gen.auditEvents,
      storeReused: gen.reused,
      minutes: MINUTES,
      cycleMs: CYCLE_MS,
      load: { what: 'the machine\'s load average (1, 5, 15 min) as the work started and as it ended', atStart: loadAtStart, atEnd: loadavg().map(round1) },
      station: { untuned: UNTUNED, ...settings },
      work: { itemsThroughEveryStep: counts.items, calls: counts.calls, refused: counts.refused, firstWords: counts.firstWords },
      peakRaisedBy: {
        what: "per command: by how many MB its calls raised the station's peak resident set during the work, in how many calls, the last one at which second of the bench",
        ...Object.fromEntries(Object.entries(counts.peakRaisedMb).sort(([, a], [, b]) => b.mb - a.mb)),
      },
      firstOpening,
      open: {
        what: `serve --demo on a copy of the store${REOPEN ? ', opened before' : ''}: from spawn to its URL, then until its CPU was idle (the start-up chain check done)`,
        secondsToServe: servingS,
        secondsToSettle: settleS,
        rssAtServingMb: atServing.rssMb,
        peakMb: openPeakMb,
      },
      baseline: { what: 'the same station process idle after opening, before any screen', rssMb: idle.rssMb, heapUsedMb: idle.heapUsedMb },
      resident: {
        what: 'where the resident set is, MB (bench/memory.ts residentByKind: mapped files, the main malloc heap, other threads\' malloc arenas, other anonymous memory: V8\'s heap pages, big malloc blocks, stacks)',
        idle: idleResident,
        end: endResident,
      },
      rss: { startMb: workStart.rssMb, peakMb: workPeakMb, endMb: end.rssMb, growthMbPerMinute: rate(points), growthMbPerMinuteSecondHalf: rate(secondHalf) },
      heap: { startMb: workStart.heapUsedMb, endMb: end.heapUsedMb, endTotalMb: end.heapTotalMb, growthMbPerMinute: rate(heapPoints), growthMbPerMinuteSecondHalf: rate(heapSecondHalf) },
      curve: [...byMinute.entries()].map(([minute, s]) => ({ minute, rssMb: s.rssMb, heapUsedMb: s.heapUsedMb, heapTotalMb: s.heapTotalMb, externalMb: s.externalMb })),
      ratio: {
        workPeakToIdle: round1(workPeakMb / idle.rssMb),
        endToIdle: round1(end.rssMb / idle.rssMb),
      },
    };
  } finally {
    for (const socket of sockets) socket.close();
    await station?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
