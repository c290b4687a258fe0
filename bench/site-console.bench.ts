// The site console at scale: about 2 × BENCH_ITEMS items from 4 stations (default 1,000,000: the
// cached 1M-item store's whole chain as station A, its first third as B, C and D: 2M items, about
// 13.6M events), loaded in bulk (site-load.ts), then the console's own commands — search by custody
// ID, tracking number, code as scanned, one station or all, latest first, keyset pages first and
// deep; item history; incidents and an incident; the stations screen — through SiteConsole and the
// console's role, each next to the same statements sent bare through pg in the same run
// (site-console-queries.ts). PostgreSQL as site-publish runs it (durable, 256 MB of shared buffers).
//
// `npm run bench -- site-console`; BENCH_ITEMS=100000 for a quick run; BENCH_SITE_QUERIES (calls
// per kind and round, 200), BENCH_SITE_ROUNDS (2), BENCH_SITE_PLANS=<file> writes each kind's plans
// (EXPLAIN ANALYZE), BENCH_SITE_CHECK=1 checks the bulk projection against `site rebuild`'s,
// BENCH_SITE_PROJECTOR_ROUNDS=n times `site rebuild` with and without site schema 10's indexes (n
// each, alternating: what they cost the follower; a quick run only, it rebuilds A's whole chain).
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/main/store/database.ts';
import { addConsole, applySiteSchema, SiteProjector } from '../src/main/site/index.ts';
import { SiteConsole } from '../src/main/site/console/siteConsole.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/helpers/postgres.ts';
import { generatedStore } from './generate-store.ts';
import { consoleQueries, type KindFigures } from './site-console-queries.ts';
import { checkAgainstRebuild, loadSite, projectorIndexCost } from './site-load.ts';
import { SERVER_SETTINGS } from './site-publish.bench.ts';
import { ratio } from './stats.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_SITE_QUERIES ?? 200);
const ROUNDS = Number(process.env.BENCH_SITE_ROUNDS ?? 2);
const CHECK = process.env.BENCH_SITE_CHECK === '1';
const PLANS = process.env.BENCH_SITE_PLANS;
const PROJECTOR_COST = Number(process.env.BENCH_SITE_PROJECTOR_ROUNDS ?? 0);

async function connected(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

const load = () => loadavg().map((x) => Math.round(x * 10) / 10);

/** The worst kind of a round: the highest console p99, and its ratio to the bare statements'. */
function worst(round: Record<string, KindFigures>): { kind: string; consoleP99Ms: number; bareP99Ms: number; p99VsBare: number } {
  const [kind, figures] = Object.entries(round).filter(([name]) => name !== 'the whole mix').sort((a, b) => b[1].consoleP99Ms - a[1].consoleP99Ms)[0]!;
  return { kind, consoleP99Ms: figures.consoleP99Ms, bareP99Ms: figures.bareP99Ms, p99VsBare: ratio(figures.consoleP99Ms, figures.bareP99Ms) };
}

export async function siteConsoleBench(): Promise<Record<string, unknown>> {
  const gen = await generatedStore(ITEMS);
  const db = openDatabase(gen.dbPath, { readonly: true });
  let site: ThrowawayPostgres | undefined;
  let admin: pg.Client | undefined;
  const loadAtStart = load();
  try {
    const station = db.prepare<[], string>("SELECT value FROM station_meta WHERE key = 'station_id'").pluck().get()!;
    site = await startThrowawayPostgres({ settings: SERVER_SETTINGS });
    const started = site;
    process.once('SIGINT', () => void started.stop().finally(() => process.exit(130)));
    admin = await connected(site.adminUrl);
    await applySiteSchema(admin);
    const loaded = await loadSite(admin, db, station, ITEMS, path.dirname(site.dataDir), (line) => process.stderr.write(`${JSON.stringify(line)}\n`));
    process.stderr.write(`${JSON.stringify({ loaded })}\n`);
    const adminUrl = site.adminUrl;
    const rebuild = async () => {
      const projector = new SiteProjector(adminUrl);
      try {
        return await projector.rebuild();
      } finally {
        await projector.close();
      }
    };
    const check = CHECK ? await checkAgainstRebuild(admin, station, rebuild) : null;
    if (check) process.stderr.write(`${JSON.stringify({ check })}\n`);
    if (check && !check.equal) throw new Error(`the bulk projection differs from site rebuild's: ${JSON.stringify(check.differences)}`);
    // The rebuild holds B, C and D at their first event (see checkAgainstRebuild): A's projection is what it times.
    const projectorCost = PROJECTOR_COST > 0 ? await projectorIndexCost(admin, rebuild, PROJECTOR_COST) : null;
    if (projectorCost) process.stderr.write(`${JSON.stringify({ projectorCost })}\n`);

    const login = await addConsole(admin, 'bench');
    const consoleUrl = site.url(login.role, login.password);
    const siteConsole = new SiteConsole({ connectionString: consoleUrl, version: 'bench', argumentsRefusal: (error) => error.issues.map((issue) => issue.message).join('; ') });
    const bare = await connected(consoleUrl);
    const loadBefore = load();
    let rounds: Array<Record<string, KindFigures>>;
    try {
      rounds = await consoleQueries(admin, siteConsole.connect(), bare, loaded.stations, { n: QUERIES, rounds: ROUNDS, plansFile: PLANS });
    } finally {
      await bare.end().catch(() => undefined);
      await siteConsole.close();
    }
    const { rows: sizes } = await admin.query<{ name: string; mb: string }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) / 1048576 AS mb FROM pg_class c
        WHERE c.relkind = 'r' AND c.relname IN ('station_events', 'site_items', 'site_incidents', 'site_incident_steps', 'site_custody_transfers')`,
    );
    return {
      bench: 'site-console',
      storeItems: ITEMS,
      reused: gen.reused,
      server: SERVER_SETTINGS,
      stations: loaded.stations.length,
      items: loaded.items,
      events: loaded.events,
      incidents: Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM site_incidents')).rows[0]!.n),
      load: { seconds: loaded.seconds, cut: loaded.cut, head: loaded.head },
      check,
      projectorCost,
      tableMB: Object.fromEntries(sizes.map((row) => [row.name, Number(row.mb)])),
      loadAverage: { start: loadAtStart, queries: loadBefore, end: load() },
      worst: rounds.map(worst),
      rounds,
    };
  } finally {
    await admin?.end().catch(() => undefined);
    await site?.stop();
    db.close();
  }
}
