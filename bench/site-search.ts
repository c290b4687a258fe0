// The site bench's cross-station search: the busiest station's published chain and three more
// stations holding the first third of its items each (2 × BENCH_ITEMS items from 4 stations),
// searched through a console's role by custody ID and by tracking number, each query next to the
// same query kept to the one station that holds the item (the baseline, in the same run).
//
// The site's projections (items, custody…: issue 13 point 4) are not in the schema yet, so this
// searches station_events itself, on two indexes made here for the bench (the schema's only index
// is the primary key, station and seq): what a site's search needs until the projections carry it.
import type pg from 'pg';
import { addConsole, addStation } from '../src/main/site/index.ts';
import { rng } from './seededRandom.ts';
import { percentile, ratio } from './stats.ts';

const COLUMNS = 'seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash';

/** The search indexes a site of many stations needs on its events (not in the schema: the projections will carry them). */
export const SEARCH_INDEXES = [
  'CREATE INDEX bench_events_subject ON station_events (subject_id)',
  "CREATE INDEX bench_events_tracking ON station_events ((payload_json->>'trackingNumber')) WHERE kind = 'item.received'",
];

export interface OtherStations {
  stations: string[];
  itemsEach: number;
  eventsEach: number;
  loadMs: number;
  indexMs: number;
}

/**
 * Three more stations, each with the busiest station's chain up to its (items/3)th item, added by
 * the administrator in one INSERT … SELECT per station (the site's trigger checks their links as
 * for any insert). Their rows keep the hashes made for the busiest station's id: the links hold,
 * the content hash (which names the station) would not, and nothing here checks it.
 */
export async function loadOtherStations(admin: pg.ClientBase, station: string, items: number): Promise<OtherStations> {
  const itemsEach = Math.floor(items / 3);
  const { rows } = await admin.query<{ seq: string }>(
    "SELECT seq FROM station_events WHERE station = $1 AND kind = 'item.received' ORDER BY seq OFFSET $2 LIMIT 1",
    [station, itemsEach],
  );
  const cut = rows[0] ? Number(rows[0].seq) : Number.MAX_SAFE_INTEGER;
  const stations = ['ST-BENCH-B', 'ST-BENCH-C', 'ST-BENCH-D'];
  let eventsEach = 0;
  const t0 = performance.now();
  for (const other of stations) {
    await addStation(admin, other);
    const added = await admin.query(
      `INSERT INTO station_events (station, ${COLUMNS}) SELECT $1, ${COLUMNS} FROM station_events WHERE station = $2 AND seq < $3 ORDER BY seq`,
      [other, station, cut],
    );
    eventsEach = added.rowCount ?? 0;
  }
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  for (const sql of SEARCH_INDEXES) await admin.query(sql);
  await admin.query('ANALYZE station_events');
  return { stations, itemsEach, eventsEach, loadMs, indexMs: performance.now() - t1 };
}

interface KindFigures {
  n: number;
  p50Ms: number;
  p99Ms: number;
  oneStationP50Ms: number;
  oneStationP99Ms: number;
  p99VsOneStation: number;
  meanRows: number;
}

interface Target {
  station: string;
  value: string;
}

/** Custody IDs and tracking numbers of items picked at random over all four stations. */
async function targets(admin: pg.ClientBase, stations: readonly string[], count: number): Promise<{ custody: Target[]; tracking: Target[] }> {
  const random = rng(13);
  const custody: Target[] = [];
  const tracking: Target[] = [];
  for (const station of stations) {
    const { rows: head } = await admin.query<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [station]);
    const last = Number(head[0]?.seq ?? 0);
    const seqs = Array.from({ length: Math.ceil(count / stations.length) * 2 }, () => 1 + Math.floor(random() * last));
    const { rows } = await admin.query<{ subject_id: string }>(
      "SELECT DISTINCT subject_id FROM station_events WHERE station = $1 AND seq = ANY($2::bigint[]) AND subject_type = 'item'",
      [station, seqs],
    );
    const ids = rows.map((row) => row.subject_id).slice(0, Math.ceil(count / stations.length));
    custody.push(...ids.map((value) => ({ station, value })));
    const { rows: numbers } = await admin.query<{ t: string }>(
      "SELECT payload_json->>'trackingNumber' AS t FROM station_events WHERE station = $1 AND subject_id = ANY($2::text[]) AND kind = 'item.received' AND payload_json->>'trackingNumber' IS NOT NULL",
      [station, ids],
    );
    tracking.push(...numbers.map((row) => ({ station, value: row.t })));
  }
  return { custody, tracking };
}

async function timed(console: pg.ClientBase, sql: string, params: unknown[]): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const result = await console.query(sql, params);
  return { ms: performance.now() - t0, rows: result.rowCount ?? 0 };
}

/** Each target searched across the site and at its own station only, alternating (neither warms the cache for the other). */
async function kind(console: pg.ClientBase, list: readonly Target[], across: string, atOne: string): Promise<KindFigures> {
  const ours: number[] = [];
  const one: number[] = [];
  let rows = 0;
  for (const [i, target] of list.entries()) {
    const first = i % 2 === 0;
    if (first) {
      const a = await timed(console, across, [target.value]);
      ours.push(a.ms);
      rows += a.rows;
    }
    one.push((await timed(console, atOne, [target.value, target.station])).ms);
    if (!first) {
      const a = await timed(console, across, [target.value]);
      ours.push(a.ms);
      rows += a.rows;
    }
  }
  ours.sort((a, b) => a - b);
  one.sort((a, b) => a - b);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: list.length,
    p50Ms: r3(percentile(ours, 50)),
    p99Ms: r3(percentile(ours, 99)),
    oneStationP50Ms: r3(percentile(one, 50)),
    oneStationP99Ms: r3(percentile(one, 99)),
    p99VsOneStation: ratio(percentile(ours, 99), percentile(one, 99)),
    meanRows: Math.round((rows / Math.max(1, list.length)) * 10) / 10,
  };
}

/** The search figures, through a console's own role (row-level security: it reads every station). */
export async function crossStationSearch(admin: pg.ClientBase, consoleUrl: (role: string, password: string) => string, connect: (url: string) => Promise<pg.Client>, stations: readonly string[], queries: number) {
  const login = await addConsole(admin, 'bench');
  const console = await connect(consoleUrl(login.role, login.password));
  try {
    const { custody, tracking } = await targets(admin, stations, queries);
    const history = 'SELECT station, seq, at, kind FROM station_events WHERE subject_id = $1 ORDER BY station, seq';
    const byNumber = "SELECT station, subject_id, at FROM station_events WHERE kind = 'item.received' AND payload_json->>'trackingNumber' = $1";
    return {
      custody: await kind(console, custody, history, 'SELECT station, seq, at, kind FROM station_events WHERE subject_id = $1 AND station = $2 ORDER BY station, seq'),
      tracking: await kind(console, tracking, byNumber, `${byNumber} AND station = $2`),
    };
  } finally {
    await console.end();
  }
}
