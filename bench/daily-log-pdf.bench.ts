// The daily log's PDF on the generated store (BENCH_ITEMS, default 1,000,000 items; cached under
// bench/.cache/, opened read-only): the busiest day's log made BENCH_DAILY_LOG_RUNS times (default
// 2) in a process with the station's memory settings, as the station makes it for a screen (the
// records read in one go, the paper laid out, its bytes whole), with the memory given back between
// runs as a station idle between calls gives it (memoryRelease.ts). Printed per run: how far the
// resident set rose above where it was before the run (its peak, Linux VmHWM reset through
// /proc/self/clear_refs), the V8 heap left at its end, the time and CPU, the paper's pages and bytes.
// BENCH_DAILY_LOG_DAYS=N (default 1) makes the "day" N days wide (it and the days after it), so a smaller store gives a log as
// long as the 1M store's busiest day (N=10 on the 100k store).
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';
import { collectDailyLog, renderDailyLog, type ReportContext } from '../src/main/reports/index.ts';
import { readerOf, type DailyLogReadModel } from '../src/main/store/readModels/index.ts';
import { lastResortCollector } from '../src/main/core/memoryRelease.ts';
import { generatedStore } from './generate-store.ts';
import { MemoryPhases } from './memory.ts';
import { inStationProcess } from './stationProcess.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_DAILY_LOG_RUNS ?? 2);
const DAYS = Number(process.env.BENCH_DAILY_LOG_DAYS ?? 1);
const UNTUNED = process.env.BENCH_DAILY_LOG_UNTUNED === '1';
const DAY_MS = 86_400_000;

export async function dailyLogPdfBench(): Promise<Record<string, unknown>> {
  await generatedStore(ITEMS);
  return inStationProcess('daily-log-pdf', fileURLToPath(import.meta.url), UNTUNED, dailyLogPdfBenchHere);
}

/** The day (UTC, as the generator writes) with the most items received, and how many. */
function busiestDay(db: Database.Database): { date: string; received: number } {
  const row = db
    .prepare<[], { date: string; received: number }>("SELECT substr(at, 1, 10) AS date, count(*) AS received FROM audit_events WHERE kind = 'item.received' GROUP BY date ORDER BY received DESC, date LIMIT 1")
    .get();
  if (!row) throw new Error('daily-log-pdf bench: the store has no item received');
  return row;
}

/** The log's read model, its day widened to the `days` days from it (a smaller store's log as long as a bigger one's). */
function widened(read: DailyLogReadModel, days: number): DailyLogReadModel {
  if (days <= 1) return read;
  return { itemEvents: (query) => read.itemEvents({ ...query, endIso: new Date(Date.parse(query.endIso) + (days - 1) * DAY_MS).toISOString() }) };
}

export async function dailyLogPdfBenchHere(): Promise<Record<string, unknown>> {
  const gen = await generatedStore(ITEMS);
  const db = new Database(gen.dbPath, { readonly: true, fileMustExist: true });
  try {
    const station = (db.prepare('SELECT station FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { station: string }).station;
    const head = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    const names = new Map((db.prepare('SELECT id, name FROM operators').all() as Array<{ id: string; name: string }>).map((o) => [o.id, o.name]));
    const context: ReportContext = {
      siteName: 'Bench site',
      stationId: station,
      generatedAt: new Date().toISOString(),
      generatedBy: 'Bench (BENCH-1)',
      chainHead: head,
      operatorName: (idOrActor) => {
        if (!idOrActor) return '—';
        const id = idOrActor.startsWith('operator:') ? idOrActor.slice('operator:'.length) : idOrActor;
        return names.get(id) ?? idOrActor;
      },
    };
    const reader = readerOf(db);
    const read = widened(reader.dailyLog, DAYS);
    const handOver = { read: reader.afterClearance, now: new Date() };
    const day = busiestDay(db);
    const make = async (date: string) => {
      const log = collectDailyLog(read, { date, station, includeDemo: false }, handOver);
      const bytes = await renderDailyLog(log, context);
      return { items: log.items.length, bytes: bytes.length, pages: (bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length };
    };
    const collect = lastResortCollector();
    // Code, fonts and the database's first pages loaded: a small day's log first, as a station has made papers before.
    const first = db.prepare<[], { date: string }>("SELECT substr(at, 1, 10) AS date FROM audit_events WHERE kind = 'item.received' ORDER BY seq LIMIT 1").get()!.date;
    const phases = new MemoryPhases();
    await make(first);
    phases.phase('warm-up');
    await phases.settle(collect);
    const runs = [];
    for (let run = 1; run <= RUNS; run += 1) {
      const rssBefore = Math.round(process.memoryUsage.rss() / 1_048_576);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const paper = await make(day.date);
      const ms = Math.round(performance.now() - started);
      const used = process.cpuUsage(cpu);
      const memory = phases.phase(`run ${run}`);
      runs.push({ run, ...paper, ms, cpuMs: Math.round((used.user + used.system) / 1000), rssBeforeMb: rssBefore, peakMb: memory.peakMb, peakAboveBeforeMb: memory.peakMb === null ? null : memory.peakMb - rssBefore, endMb: memory.endMb, heapUsedAtEndMb: memory.heapUsedMb });
      await phases.settle(collect);
      Object.assign(runs.at(-1)!, { releasedToMb: memory.releasedToMb });
    }
    return {
      bench: 'daily-log-pdf',
      items: gen.items,
      day: { ...day, widenedToDays: DAYS },
      untuned: UNTUNED,
      load: { what: "the machine's load average (1, 5, 15 min) at the end", atEnd: loadavg().map((x) => Math.round(x * 10) / 10) },
      warmUp: phases.phases['warm-up'],
      runs,
    };
  } finally {
    db.close();
  }
}

if (import.meta.main) process.stdout.write(`${JSON.stringify(await dailyLogPdfBenchHere())}\n`);
