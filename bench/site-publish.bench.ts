// The site at scale: a generated store of BENCH_ITEMS items (default 1,000,000: about 6.8M audit
// events; cached under bench/.cache/ and only read here) published into a throwaway PostgreSQL
// through the station's real Publisher and PostgresSiteLink (batches of 500, each checked link by
// link and hash by hash, one transaction each), next to a bare COPY of the same rows into a table of
// the same shape in the same run. Then: catch-up after a day offline (the store's busiest day
// waiting, with its X-ray images, then the site back), and cross-station search over 2 × BENCH_ITEMS
// items from 4 stations. PostgreSQL runs durable (fsync on, synchronous_commit on).
//
// `npm run bench -- site-publish`; BENCH_ITEMS=100000 for a quick run; BENCH_SITE_SEARCH=0 skips the
// search part (the slowest to load).
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type Database from 'better-sqlite3';
import { openDatabase } from '../src/main/store/database.ts';
import { readerOf, type PublishingReadModel } from '../src/main/store/index.ts';
import { addStation, applySiteSchema, PostgresSiteLink, Publisher } from '../src/main/site/index.ts';
import type { Log } from '../src/main/log.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/helpers/postgres.ts';
import { generatedStore } from './generate-store.ts';
import { copyCsv, createBareTable, exportEventsCsv } from './site-bulk.ts';
import { crossStationSearch, loadOtherStations } from './site-search.ts';
import { ratio } from './stats.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
const SEARCH = process.env.BENCH_SITE_SEARCH !== '0';
const QUERIES = Number(process.env.BENCH_SITE_QUERIES ?? 400);
/** Publish only the store's first N events (the whole chain by default): a bounded run on a busy machine. */
const EVENTS = Number(process.env.BENCH_SITE_EVENTS ?? Number.MAX_SAFE_INTEGER);
/** Events per segment of the run (see below). */
const SEGMENT = Number(process.env.BENCH_SITE_SEGMENT ?? 250_000);

/** A site database as a site would run it, on this small machine: durable, a real cache, room for WAL between checkpoints. */
export const SERVER_SETTINGS = { fsync: 'on', synchronous_commit: 'on', shared_buffers: '256MB', max_wal_size: '4GB', checkpoint_timeout: '15min', work_mem: '32MB', maintenance_work_mem: '256MB' };

const quiet: Log = { component: 'bench', info: () => undefined, warn: () => undefined, error: () => undefined, as: () => quiet };

/** The station's read model seen up to `lastSeq`: the station as it was at that moment. */
function upTo(model: PublishingReadModel, lastSeq: number): PublishingReadModel {
  return {
    chainHead: () => model.linkAt(lastSeq),
    linkAt: (seq) => (seq <= lastSeq ? model.linkAt(seq) : null),
    eventsAfter: (seq, limit) => model.eventsAfter(seq, Math.max(0, Math.min(limit, lastSeq - seq))),
    incidentProtocol: (number) => model.incidentProtocol(number),
  };
}

interface Pass {
  ms: number;
  events: number;
  /** Times the publisher found the site not answering (each then retried): 0 on a healthy run. */
  offline: number;
}

/**
 * A publisher started (as at a station's start, or the site back), timed until the site holds
 * everything the read model shows. Its own link, closed at the end as the station closes it.
 */
async function publishAll(url: string, station: string, events: PublishingReadModel, db: Database.Database, imageStore: string | null): Promise<Pass> {
  const link = new PostgresSiteLink(url, { applicationName: 'mailscreen-bench' });
  const from = Number((await link.head(station))?.seq ?? 0);
  const to = events.chainHead()?.seq ?? 0;
  let offline = 0;
  let publisher: Publisher | undefined;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    publisher = new Publisher({
      station,
      link,
      events,
      inTransaction: () => db.inTransaction,
      imageStore,
      recordAlarm: (alarm) => reject(new Error(`the site raised an alarm: ${alarm.detail}`)),
      onStatus: (status) => {
        if (status.state === 'online') resolve();
        if (status.state === 'offline') offline += 1;
      },
      redact: (text) => text,
      log: quiet,
    });
    publisher.start();
  });
  const ms = performance.now() - t0;
  await publisher?.stop();
  return { ms, events: to - from, offline };
}

/** The day with the most events (its first and last seq): the day a busy station might spend without the site. */
function busiestDay(db: Database.Database, head: number): { day: string; first: number; last: number } {
  return db
    .prepare<[number], { day: string; first: number; last: number }>('SELECT substr(at, 1, 10) AS day, min(seq) AS first, max(seq) AS last FROM audit_events WHERE seq <= ? GROUP BY day ORDER BY count(*) DESC LIMIT 1')
    .get(head)!;
}

const perSecond = (events: number, ms: number) => Math.round((events / ms) * 1000);
const seconds = (ms: number) => Math.round(ms) / 1000;

async function connected(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export async function sitePublishBench(): Promise<Record<string, unknown>> {
  const gen = await generatedStore(ITEMS);
  const db = openDatabase(gen.dbPath, { readonly: true });
  let site: ThrowawayPostgres | undefined;
  let admin: pg.Client | undefined;
  try {
    const station = db.prepare<[], string>("SELECT value FROM station_meta WHERE key = 'station_id'").pluck().get()!;
    const model = readerOf(db).publishing;
    const head = Math.min(EVENTS, model.chainHead()?.seq ?? 0);
    const day = busiestDay(db, head);
    site = await startThrowawayPostgres({ settings: SERVER_SETTINGS });
    // Ctrl-C on a run of an hour: the throwaway cluster (gigabytes in /tmp) goes with it.
    const started = site;
    process.once('SIGINT', () => void started.stop().finally(() => process.exit(130)));
    admin = await connected(site.adminUrl);
    await applySiteSchema(admin);
    const login = await addStation(admin, station);
    const stationUrl = site.url(login.role, login.password);

    // The same rows both ways, a segment at a time, alternating which goes first: the machine is
    // shared, and a load that comes and goes then weighs on both sides alike. The baseline: the
    // segment's rows out of SQLite into a CSV file (timed apart), then one COPY of them into a table
    // of the same shape. Ours: the publisher, started with the station's record up to the segment's
    // end (as if the station had just reached it), until the site holds it all. One segment is the
    // busiest day: it waits while the site is away, then the site is back (the catch-up, with the
    // day's X-ray images; not counted in the publish rate).
    await createBareTable(admin, 'bare_events');
    await admin.query('CHECKPOINT');
    const csv = path.join(path.dirname(site.dataDir), 'events.csv');
    const ends = [...new Set([...Array.from({ length: Math.ceil(head / SEGMENT) }, (_, i) => Math.min(head, (i + 1) * SEGMENT)), day.first - 1, day.last])].filter((seq) => seq > 0).sort((a, b) => a - b);
    const copy = { events: 0, ms: 0, exportMs: 0 };
    const publish = { events: 0, ms: 0, offline: 0 };
    let catchUp: Pass | undefined;
    let from = 0;
    for (const [i, end] of ends.entries()) {
      const isDay = end === day.last;
      const segment: Record<string, unknown> = { segment: i + 1, of: ends.length, from: from + 1, to: end, first: i % 2 === 0 ? 'copy' : 'publish' };
      const bare = async () => {
        let t = performance.now();
        exportEventsCsv(db, csv, from, end);
        copy.exportMs += performance.now() - t;
        t = performance.now();
        const rows = await copyCsv(admin!, 'bare_events', csv);
        const ms = performance.now() - t;
        copy.events += rows;
        copy.ms += ms;
        segment.copyEps = perSecond(rows, ms);
        rmSync(csv, { force: true });
      };
      const ours = async () => {
        const pass = await publishAll(stationUrl, station, upTo(model, end), db, isDay ? gen.imageStore : null);
        if (isDay) {
          catchUp = pass;
          return;
        }
        publish.events += pass.events;
        publish.ms += pass.ms;
        publish.offline += pass.offline;
        segment.publishEps = perSecond(pass.events, pass.ms);
      };
      if (i % 2 === 0) {
        await bare();
        await ours();
      } else {
        await ours();
        await bare();
      }
      // A line a segment on stderr: a run cut short still says what it measured.
      process.stderr.write(`${JSON.stringify({ ...segment, ratio: isDay ? null : ratio(Number(segment.publishEps), Number(segment.copyEps)), isDay })}\n`);
      from = end;
    }
    const published = publish.events;
    const publishMs = publish.ms;
    const { rows: held } = await admin.query<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [station]);
    if (Number(held[0]?.seq) !== head) throw new Error(`the site holds ${held[0]?.seq} events of ${station}, the store ${head}`);
    const bareMB = Number((await admin.query<{ mb: string }>("SELECT pg_total_relation_size('bare_events') / 1048576 AS mb")).rows[0]?.mb);
    await admin.query('DROP TABLE bare_events');
    const images = db.prepare<[number, number], number>("SELECT count(*) FROM audit_events WHERE seq BETWEEN ? AND ? AND kind = 'xray.imageCaptured'").pluck().get(day.first, day.last)!;
    const copied = copy.events;
    const copyMs = copy.ms;
    const exportMs = copy.exportMs;

    const result: Record<string, unknown> = {
      bench: 'site-publish',
      items: ITEMS,
      events: head,
      reused: gen.reused,
      server: SERVER_SETTINGS,
      segments: ends.length,
      copy: { events: copied, seconds: seconds(copyMs), eventsPerSecond: perSecond(copied, copyMs), csvExportSeconds: seconds(exportMs), tableMB: bareMB },
      publish: {
        events: published,
        seconds: seconds(publishMs),
        eventsPerSecond: perSecond(published, publishMs),
        offline: publish.offline,
      },
      publishVsCopy: ratio(perSecond(published, publishMs), perSecond(copied, copyMs)),
      catchUp: catchUp && { day: day.day, events: catchUp.events, xrayImages: images, seconds: seconds(catchUp.ms), eventsPerSecond: perSecond(catchUp.events, catchUp.ms), offline: catchUp.offline },
      siteTableMB: Number((await admin.query<{ mb: string }>("SELECT pg_total_relation_size('station_events') / 1048576 AS mb")).rows[0]?.mb),
    };

    if (SEARCH) {
      const others = await loadOtherStations(admin, station, ITEMS);
      const stations = [station, ...others.stations];
      const search = await crossStationSearch(admin, (role, password) => site!.url(role, password), connected, stations, QUERIES);
      result.search = {
        stations: stations.length,
        items: ITEMS + others.stations.length * others.itemsEach,
        events: head + others.stations.length * others.eventsEach,
        loadSeconds: seconds(others.loadMs),
        indexSeconds: seconds(others.indexMs),
        ...search,
        siteTableMB: Number((await admin.query<{ mb: string }>("SELECT pg_total_relation_size('station_events') / 1048576 AS mb")).rows[0]?.mb),
      };
    }
    return result;
  } finally {
    await admin?.end().catch(() => undefined);
    await site?.stop();
    db.close();
  }
}
