// A site of four stations for the console bench, loaded in bulk: what `site-publish` measures
// event by event (the chain check at every batch) is not measured again here, so the events go in
// by COPY and the projections by one fold of the station's own replay.
//
// - Station A is a generated store's whole chain; stations B, C and D hold its first third each
//   (the chain up to the (items/3)th item received: copied rows under their own station ids, as
//   site-search.ts did), so the site holds about 2 × the store's items.
// - station_events: the store's audit rows by server-side COPY (site-bulk.ts's CSV), then one
//   INSERT … SELECT per other station, as the administrator with `session_replication_role =
//   replica` (the chain trigger does not fire: a bulk load of a chain checked below), then the
//   heads set to each chain's last event. Secondary indexes are dropped first and made again after
//   (as a restore does), from their own definitions.
// - The projections: the SiteProjector's own StationReplay folds A's events once, in seq order,
//   checking each link and hash as the follower does; at the cut its changes() are B's, C's and D's
//   whole projection (their chain is A's up to there) and A's so far, written by the follower's own
//   writeChange; at the end the subjects touched since are written again for A. That is the
//   follower's pass with two pages instead of 1,360: each subject's rows are rewritten whole by
//   whichever page touched it last, so the result is the same (BENCH_SITE_CHECK=1 runs
//   `site rebuild`'s SiteProjector over the loaded events and compares every table, row for row).
import path from 'node:path';
import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { addStation, PROJECTED, PROJECTION_TABLES } from '../src/main/site/index.ts';
import { writeChange } from '../src/main/site/postgres/projection.ts';
import { StationReplay, type TableChange } from '../src/main/site/postgres/projectionReplay.ts';
import { copyCsv, exportEventsCsv } from './site-bulk.ts';

const COLUMNS = 'seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash';
export const OTHER_STATIONS = ['ST-BENCH-B', 'ST-BENCH-C', 'ST-BENCH-D'];
/** Events per CSV file (the file is removed after its COPY). */
const CSV_EVENTS = 1_000_000;
/** Subjects per writeChange statement pair. */
const WRITE_SUBJECTS = 5000;

export interface LoadedSite {
  stations: string[];
  /** The last event B, C and D hold (A's chain up to it). */
  cut: number;
  head: number;
  events: number;
  items: number;
  seconds: { csv: number; copy: number; copyOthers: number; fold: number; projectionWrites: number; indexes: number; vacuumAnalyze: number };
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** The secondary indexes of `tables` (not the primary keys): dropped before a bulk load, made again from these definitions after. */
async function secondaryIndexes(admin: pg.ClientBase, tables: readonly string[]): Promise<Array<{ name: string; sql: string }>> {
  const { rows } = await admin.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype IN ('p', 'u'))`,
    [tables],
  );
  return rows.map((row) => ({ name: row.indexname, sql: row.indexdef }));
}

/** A table change cut into pieces of WRITE_SUBJECTS subjects (one DELETE and one INSERT each). */
function* pieces(change: TableChange): Generator<TableChange> {
  const rowsOf = new Map<string, TableChange['rows']>();
  for (const row of change.rows) {
    const subject = row.key[0]!;
    let list = rowsOf.get(subject);
    if (!list) rowsOf.set(subject, (list = []));
    list.push(row);
  }
  for (let i = 0; i < change.subjects.length; i += WRITE_SUBJECTS) {
    const subjects = change.subjects.slice(i, i + WRITE_SUBJECTS);
    yield { table: change.table, columns: change.columns, subjects, rows: subjects.flatMap((subject) => rowsOf.get(subject) ?? []) };
  }
}

async function writeAll(admin: pg.ClientBase, stations: readonly string[], changes: readonly TableChange[]): Promise<void> {
  for (const change of changes) for (const piece of pieces(change)) for (const station of stations) await writeChange(admin, station, piece);
}

export async function loadSite(admin: pg.ClientBase, db: Database.Database, station: string, items: number, csvFolder: string, progress: (line: Record<string, unknown>) => void): Promise<LoadedSite> {
  const head = db.prepare<[], number>('SELECT max(seq) FROM audit_events').pluck().get()!;
  const third = Math.floor(items / 3);
  const cutReceived = db.prepare<[number], number>("SELECT seq FROM audit_events WHERE kind = 'item.received' ORDER BY seq LIMIT 1 OFFSET ?").pluck().get(third);
  const cut = (cutReceived ?? head + 1) - 1;
  const stations = [station, ...OTHER_STATIONS];
  for (const each of stations) await addStation(admin, each);

  const indexes = await secondaryIndexes(admin, ['station_events', ...PROJECTION_TABLES]);
  for (const index of indexes) await admin.query(`DROP INDEX ${admin.escapeIdentifier(index.name)}`);
  const took = { csv: 0, copy: 0, copyOthers: 0, fold: 0, projectionWrites: 0, indexes: 0, vacuumAnalyze: 0 };

  await admin.query("SET session_replication_role = 'replica'");
  try {
    const csv = path.join(csvFolder, 'site-load.csv');
    for (let from = 0; from < head; from += CSV_EVENTS) {
      const to = Math.min(head, from + CSV_EVENTS);
      let t = performance.now();
      exportEventsCsv(db, csv, from, to);
      took.csv += performance.now() - t;
      t = performance.now();
      await copyCsv(admin, 'station_events', csv);
      took.copy += performance.now() - t;
      rmSync(csv, { force: true });
      progress({ loaded: to, of: head });
    }
    const t = performance.now();
    for (const other of OTHER_STATIONS) {
      await admin.query(`INSERT INTO station_events (station, ${COLUMNS}) SELECT $1, ${COLUMNS} FROM station_events WHERE station = $2 AND seq <= $3`, [other, station, cut]);
      progress({ copied: other, events: cut });
    }
    took.copyOthers = performance.now() - t;
    await admin.query('UPDATE station_heads h SET seq = e.seq, hash = e.hash, heard_at = now() FROM station_events e WHERE e.station = $1 AND e.seq = $2 AND h.station = $1', [station, head]);
    for (const other of OTHER_STATIONS) {
      await admin.query('UPDATE station_heads h SET seq = e.seq, hash = e.hash, heard_at = now() FROM station_events e WHERE e.station = $1 AND e.seq = $2 AND h.station = $3', [station, cut, other]);
    }
  } finally {
    await admin.query('RESET session_replication_role');
  }

  // The fold: every event checked (link, hash) and folded by the station's replay, read from the
  // store in seq order (the same rows that were copied).
  const replay = new StationReplay(station);
  const rows = db
    .prepare<[], [number, string, string, string, string, string, string, string, string, string, string]>(
      'SELECT seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash FROM audit_events ORDER BY seq',
    )
    .raw()
    .iterate();
  let foldStart = performance.now();
  const project = async (at: number, to: readonly string[]) => {
    took.fold += performance.now() - foldStart;
    const t = performance.now();
    await writeAll(admin, to, replay.changes());
    for (const each of to) await admin.query('INSERT INTO site_projection_heads (station, seq, hash) VALUES ($1, $2, $3)', [each, at, replay.hash]);
    took.projectionWrites += performance.now() - t;
    progress({ projected: to, at });
    foldStart = performance.now();
  };
  for (const [seq, at, actor, from, kind, subjectType, subjectId, mode, payload, prevHash, hash] of rows) {
    replay.fold({ seq, at, actor, station: from, kind, subject_type: subjectType, subject_id: subjectId, mode, payload, prev_hash: prevHash, hash, exact: null });
    if (seq === cut) await project(cut, stations);
  }
  // A's subjects touched after the cut, written again (its head row moved, not added).
  took.fold += performance.now() - foldStart;
  const t = performance.now();
  await writeAll(admin, [station], replay.changes());
  await admin.query('UPDATE site_projection_heads SET seq = $2, hash = $3, projected_at = now() WHERE station = $1', [station, replay.seq, replay.hash]);
  took.projectionWrites += performance.now() - t;
  if (replay.seq !== head) throw new Error(`the fold stopped at ${replay.seq}, the store's head is ${head}`);

  let t1 = performance.now();
  for (const index of indexes) await admin.query(index.sql);
  took.indexes = performance.now() - t1;
  t1 = performance.now();
  // What autovacuum would have done by the time anyone searches (visibility map, statistics), not left to run under the queries.
  await admin.query('VACUUM ANALYZE');
  took.vacuumAnalyze = performance.now() - t1;
  const { rows: counted } = await admin.query<{ events: string; items: string }>('SELECT (SELECT count(*) FROM station_events) AS events, (SELECT count(*) FROM site_items) AS items');
  return {
    stations,
    cut,
    head,
    events: Number(counted[0]!.events),
    items: Number(counted[0]!.items),
    seconds: Object.fromEntries(Object.entries(took).map(([key, ms]) => [key, seconds(ms)])) as LoadedSite['seconds'],
  };
}

/**
 * The bulk projection against the follower's: copies of station A's rows of the loaded
 * projection tables, then SiteProjector.rebuild() (what `site rebuild` runs) over the same events,
 * then A's rows of every table compared both ways (EXCEPT ALL), and its projection head's seq and
 * hash. A only: the rebuild holds B, C and D at their first event (their rows are A's, hashed under
 * A's station id: not events those stations made), which is the follower's check working. Their
 * bulk rows are A's at the cut, written at a page boundary exactly as A's own first page is.
 */
export async function checkAgainstRebuild(admin: pg.ClientBase, station: string, rebuild: () => Promise<unknown>): Promise<{ equal: boolean; rebuildSeconds: number; differences: Record<string, number> }> {
  return await keepingProjection(admin, async (tables) => {
    const t = performance.now();
    await rebuild();
    const rebuildSeconds = seconds(performance.now() - t);
    const differences: Record<string, number> = {};
    const only = `WHERE station = ${admin.escapeLiteral(station)}`;
    for (const table of tables) {
      const columns = table === 'site_projection_heads' ? 'station, seq, hash' : '*';
      const ours = `SELECT ${columns} FROM bulk_${table} ${only}`;
      const theirs = `SELECT ${columns} FROM ${table} ${only}`;
      const { rows } = await admin.query<{ n: string }>(`SELECT (SELECT count(*) FROM (${ours} EXCEPT ALL ${theirs}) a) + (SELECT count(*) FROM (${theirs} EXCEPT ALL ${ours}) b) AS n`);
      differences[table] = Number(rows[0]!.n);
    }
    return { equal: Object.values(differences).every((n) => n === 0), rebuildSeconds, differences };
  });
}

/** `work` with a copy of the bulk projection kept as bulk_<table>, put back whole after (a rebuild leaves B, C and D held at their first event). */
async function keepingProjection<T>(admin: pg.ClientBase, work: (tables: readonly string[]) => Promise<T>): Promise<T> {
  const tables = [...PROJECTED.map((table) => table.sqlTable), 'site_projection_heads'];
  for (const table of tables) await admin.query(`CREATE TABLE ${admin.escapeIdentifier(`bulk_${table}`)} AS SELECT * FROM ${admin.escapeIdentifier(table)}`);
  const result = await work(tables);
  for (const table of tables) {
    await admin.query(`DELETE FROM ${table}`);
    await admin.query(`INSERT INTO ${table} SELECT * FROM bulk_${table}`);
    await admin.query(`DROP TABLE bulk_${table}`);
  }
  await admin.query('VACUUM ANALYZE');
  return result;
}

/**
 * What site schema 10's indexes cost the follower, which writes the tables they index (publishing
 * writes station_events, which they are not on): `site rebuild` timed with them and without them,
 * alternating, `rounds` times each. Leaves them in place.
 */
export async function projectorIndexCost(admin: pg.ClientBase, rebuild: () => Promise<unknown>, rounds: number): Promise<{ withSeconds: number[]; withoutSeconds: number[]; ratio: number }> {
  const { rows } = await admin.query<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('site_items_station_changed', 'site_incidents_station_changed', 'site_incidents_open_changed')",
  );
  const withSeconds: number[] = [];
  const withoutSeconds: number[] = [];
  const timed = async () => {
    const t = performance.now();
    await rebuild();
    return seconds(performance.now() - t);
  };
  await keepingProjection(admin, async () => {
    for (let round = 0; round < rounds; round += 1) {
      withSeconds.push(await timed());
      for (const index of rows) await admin.query(`DROP INDEX ${admin.escapeIdentifier(index.indexname)}`);
      withoutSeconds.push(await timed());
      for (const index of rows) await admin.query(index.indexdef);
    }
  });
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
  return { withSeconds, withoutSeconds, ratio: Math.round((sum(withSeconds) / sum(withoutSeconds)) * 100) / 100 };
}
