// Profiling driver for verify's state-table replay: `node --cpu-prof --cpu-prof-dir=/tmp/x bench/replay-profile.ts [db]`
// replays every event of a store (the given file, else the cached bench store of BENCH_ITEMS items) and
// compares the tables, printing each phase's time and CPU, the peak resident set and the V8 heap's peak;
// read the profile with bench/cpuprofile-top.ts. PART=k/n profiles instead part k of the replay split
// in n (what one state worker of verify --full does), walk and comparison together. ASIDE=1 times instead
// the hash check (chain workers) and then the replay as verify --full makes it (state workers), in one
// run, with the replay's wall and CPU time, its ratio to the hash check and the phase's peak resident set.
// STATION=1 runs it with the station's memory settings (glibc arenas, V8 flags: src/main/stationMemory.ts),
// as the records bench runs: the resident set it reports is then the one the records bench's phases see.
// ASIDE and FULL run as the verify command does (this thread hashes a stretch, then makes the parts one after the other);
// ONE_SHOT=0 with a state worker per part, side by side. PARTS=n (ASIDE): the replay split in n parts.
// FULL=1 times the hash check (chain workers) and then the whole verify --full (verifyStoreParallel: hash
// check and replay together, as the records bench's verifyFull phase after its verifyChainWorkers phase).
import Database from 'better-sqlite3';
import { rowToAuditEvent, type AuditRow } from '../src/main/store/auditLog.ts';
import { StateReplay } from '../src/main/store/stateReplay.ts';
import { compareState } from '../src/main/store/stateCheck.ts';
import { checkChainParallel } from '../src/main/store/verify/index.ts';
import { checkStateAside, checkStatePart, verifyStoreParallel } from '../src/main/store/verifyStore.ts';
import { generatedStore } from './generate-store.ts';
import { MemoryPhases } from './memory.ts';
import { relaunchWithStationMemory } from '../src/main/stationMemory.ts';
import { replayMemory } from '../src/main/store/replay/index.ts';

if (process.env.STATION === '1') relaunchWithStationMemory();
// HOT=n: the replay's hot entries (replay/spillingMap.ts; a part of a split replay gets its share of them).
if (process.env.HOT) replayMemory.hotEntries = Number(process.env.HOT);

const dbPath = process.argv[2] ?? (await generatedStore(Number(process.env.BENCH_ITEMS ?? 1_000_000))).dbPath;
const db = new Database(dbPath, { readonly: true });
const memory = new MemoryPhases();
const mb = (bytes: number) => Math.round(bytes / 1_048_576);
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, mb(m.rss));
  peak.heapTotal = Math.max(peak.heapTotal, mb(m.heapTotal));
  peak.heapUsed = Math.max(peak.heapUsed, mb(m.heapUsed));
  peak.external = Math.max(peak.external, mb(m.external));
};
let cpu = process.cpuUsage();
let t0 = performance.now();
if (process.env.ASIDE === '1') {
  memory.phase('open');
  const hashCpu = process.cpuUsage();
  const hashT0 = performance.now();
  const chain = await checkChainParallel(db, {});
  const hash = { ms: Math.round(performance.now() - hashT0), cpuMs: Math.round((process.cpuUsage(hashCpu).user + process.cpuUsage(hashCpu).system) / 1000), events: chain.events, memory: memory.phase('hash') };
  const stats = { inWorker: 0, inThisThread: 0 };
  const replayCpu = process.cpuUsage();
  const replayT0 = performance.now();
  const checked = await checkStateAside(db, undefined, null, stats, process.env.PARTS ? Number(process.env.PARTS) : undefined, process.env.ONE_SHOT !== '0');
  const replay = { ms: Math.round(performance.now() - replayT0), cpuMs: Math.round((process.cpuUsage(replayCpu).user + process.cpuUsage(replayCpu).system) / 1000), problems: checked.state.count, inWorker: stats.inWorker === 1, memory: memory.phase('replay') };
  process.stdout.write(`${JSON.stringify({ hash, replay, replayToHash: Math.round((100 * replay.ms) / hash.ms) / 100, replayToHashCpu: Math.round((100 * replay.cpuMs) / hash.cpuMs) / 100 })}\n`);
  db.close();
  process.exit(0);
}
if (process.env.FULL === '1') {
  memory.phase('open');
  const cpuMs = (since: NodeJS.CpuUsage) => Math.round((process.cpuUsage(since).user + process.cpuUsage(since).system) / 1000);
  const hashCpu = process.cpuUsage();
  const hashT0 = performance.now();
  const chain = await checkChainParallel(db, {});
  const hash = { ms: Math.round(performance.now() - hashT0), cpuMs: cpuMs(hashCpu), events: chain.events, memory: memory.phase('hash') };
  const stats = { inWorker: 0, inThisThread: 0 };
  const fullCpu = process.cpuUsage();
  const fullT0 = performance.now();
  const verdict = await verifyStoreParallel(db, { sinceCheckpoint: false, stateStats: stats, oneShot: process.env.ONE_SHOT !== '0' });
  const full = { ms: Math.round(performance.now() - fullT0), cpuMs: cpuMs(fullCpu), ok: verdict.ok, events: verdict.events, problems: verdict.problems.length, stateInWorker: stats.inWorker === 1, memory: memory.phase('verifyFull') };
  process.stdout.write(`${JSON.stringify({ hash, full })}\n`);
  db.close();
  process.exit(0);
}
const part = /^(\d+)\/(\d+)$/.exec(process.env.PART ?? '');
if (part) {
  const checked = checkStatePart(db, undefined, null, { index: Number(part[1]), count: Number(part[2]) });
  sample();
  const cpuMs = Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000);
  process.stdout.write(`${JSON.stringify({ part: process.env.PART, ms: Math.round(performance.now() - t0), cpuMs, events: checked.walk.read, problems: checked.tables.reduce((n, t) => n + t.count, 0), memory: memory.phase('part'), peak })}\n`);
  db.close();
  process.exit(0);
}
const replay = new StateReplay();
let events = 0;
for (const row of db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as Iterable<AuditRow>) {
  replay.fold(rowToAuditEvent(row));
  if ((events += 1) % 50_000 === 0) sample();
}
const fold = { ms: Math.round(performance.now() - t0), cpuMs: Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000), memory: memory.phase('fold'), peak: { ...peak } };
cpu = process.cpuUsage();
t0 = performance.now();
let problems = 0;
compareState(db, replay.tables, () => {
  problems += 1;
  if (problems % 50_000 === 0) sample();
});
sample();
const compare = { ms: Math.round(performance.now() - t0), cpuMs: Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000), memory: memory.phase('compare'), peak: { ...peak } };
db.close();
process.stdout.write(`${JSON.stringify({ events, problems, fold, compare })}\n`);
