// The console's dashboard at scale: a generated store of BENCH_ITEMS items (default 100,000: about
// 680,000 events) copied into a throwaway site (one COPY, as the administrator: the site's trigger
// checks the links), projected by the site's follower, then the dashboard of its last day, 7, 30
// and 365 days asked of the console (console.dashboard, through a console role, one READ ONLY
// transaction) next to the station's own dashboard of the same days on its SQLite file (the
// baseline, in the same run). Each is asked 5 times; the median is compared. It also says whether
// the two gave the same figures (the site's station-only figures aside).
// `npm run bench -- site-dashboard`; BENCH_ITEMS=20000 for a quick run.
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { argumentsRefusal } from '../src/main/core/index.ts';
import { lineLog } from '../src/main/log.ts';
import { dashboardStats } from '../src/main/reports/index.ts';
import { addConsole, addStation, applySiteSchema, SiteConsole, SiteProjector } from '../src/main/site/index.ts';
import { openDatabase } from '../src/main/store/database.ts';
import { readerOf } from '../src/main/store/index.ts';
import type { ConsoleResponse, DashboardStats } from '../src/shared/contract/index.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/helpers/postgres.ts';
import { generatedStore } from './generate-store.ts';
import { copyCsv, exportEventsCsv } from './site-bulk.ts';
import { ratio } from './stats.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const RUNS = 5;

const localDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const daysBefore = (day: string, n: number) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localDate(new Date(y, m - 1, d - n));
};

async function median(run: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]! * 10) / 10;
}

/** The figures both give (the site's station-only ones and the waiting items' clock aside). */
function comparable(stats: Pick<DashboardStats, 'itemsPerDay' | 'outcomes' | 'incidents'> & { afterClearance: { delivered: number; notices: { sent: number }; waiting: { total: number } } }): string {
  return JSON.stringify([stats.itemsPerDay, stats.outcomes, stats.incidents, stats.afterClearance.delivered, stats.afterClearance.notices.sent, stats.afterClearance.waiting.total]);
}

export async function siteDashboardBench(): Promise<Record<string, unknown>> {
  const gen = await generatedStore(ITEMS);
  const db = openDatabase(gen.dbPath, { readonly: true });
  let site: ThrowawayPostgres | undefined;
  let admin: pg.Client | undefined;
  let console: SiteConsole | undefined;
  let projector: SiteProjector | undefined;
  try {
    const station = db.prepare<[], string>("SELECT value FROM station_meta WHERE key = 'station_id'").pluck().get()!;
    const head = db.prepare<[], number>('SELECT max(seq) FROM audit_events').pluck().get()!;
    const lastAt = db.prepare<[], string>('SELECT max(at) FROM audit_events').pluck().get()!;
    site = await startThrowawayPostgres();
    const started = site;
    process.once('SIGINT', () => void started.stop().finally(() => process.exit(130)));
    admin = new pg.Client({ connectionString: site.adminUrl });
    admin.on('error', () => undefined);
    await admin.connect();
    await applySiteSchema(admin);
    await addStation(admin, station);
    const csv = path.join(path.dirname(site.dataDir), 'events.csv');
    let t = performance.now();
    exportEventsCsv(db, csv, 0, head);
    const events = await copyCsv(admin, 'station_events', csv);
    rmSync(csv, { force: true });
    const loadMs = performance.now() - t;
    t = performance.now();
    projector = new SiteProjector(site.adminUrl);
    while ((await projector.project()).events > 0);
    const projectMs = performance.now() - t;
    await admin.query('ANALYZE');
    const login = await addConsole(admin, 'bench');
    console = new SiteConsole({ connectionString: site.url(login.role, login.password), version: 'bench', argumentsRefusal, log: lineLog('console', () => undefined), now: () => new Date(lastAt) });
    const screen = console.connect();

    const reader = readerOf(db);
    const noHealth = { period: () => ({ initial: [], changes: [] }) };
    const now = new Date(lastAt);
    const last = localDate(now);
    const periods = [
      { name: 'last day', from: last, to: last },
      { name: '7 days', from: daysBefore(last, 6), to: last },
      { name: '30 days', from: daysBefore(last, 29), to: last },
      { name: '365 days', from: daysBefore(last, 364), to: last },
    ];
    const results: Array<Record<string, unknown>> = [];
    for (const period of periods) {
      const own = dashboardStats(reader.dashboard, reader.afterClearance, noHealth, period.from, period.to, now);
      const answer = await screen.call('console.dashboard', { from: period.from, to: period.to });
      if (!answer.ok) throw new Error(`console.dashboard refused: ${answer.error.message}`);
      const atSite = (answer.value as ConsoleResponse<'console.dashboard'>).stats;
      const stationMs = await median(() => dashboardStats(reader.dashboard, reader.afterClearance, noHealth, period.from, period.to, now));
      const siteMs = await median(async () => await screen.call('console.dashboard', { from: period.from, to: period.to, station }));
      const received = own.itemsPerDay.reduce((sum, day) => sum + day.received, 0);
      results.push({ period: period.name, received, stationMs, siteMs, siteVsStation: ratio(siteMs, stationMs), sameFigures: comparable(atSite) === comparable(own) });
    }
    return { bench: 'site-dashboard', items: ITEMS, events, storeReused: gen.reused, loadSeconds: Math.round(loadMs / 100) / 10, projectSeconds: Math.round(projectMs / 100) / 10, periods: results };
  } finally {
    await console?.close();
    await projector?.close();
    await admin?.end().catch(() => undefined);
    db.close();
    await site?.stop();
  }
}
