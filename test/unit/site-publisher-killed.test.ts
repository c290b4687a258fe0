// A station killed (SIGKILL) while a batch is on its way: the site holds whole batches or none of
// one, never part, and the station, restarted, resumes from the site's head with nothing twice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addStation, PostgresSiteLink } from '../../src/main/site/index.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { syntheticChain } from '../helpers/siteEvents.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ site, admin, stop: stopSite } = await startSiteDatabase());
}, 180_000);
afterAll(() => stopSite?.(), 180_000);

const TOTAL = 30_000;
const BATCH = 3_000;

it('a station SIGKILLed mid-stream leaves whole batches at the site, and resumes with nothing lost or twice', async () => {
  const station = 'ST-KILLED';
  const login = await addStation(admin, station);
  const url = site.url(login.role, login.password);
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '../helpers/sitePublisherChild.ts'), url, station, String(TOTAL), String(BATCH)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Killed once its first batch is acknowledged: the next is being made or is on its way.
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the publisher ended (${code}) before its first batch: ${stderr}`)));
  });
  child.kill('SIGKILL');
  await exited;

  // What PostgreSQL holds once it has seen the connection go (a batch in flight is rolled back).
  for (let i = 0; i < 240; i += 1) {
    const { rows } = await admin.query<{ busy: number }>("SELECT count(*)::int AS busy FROM pg_stat_activity WHERE usename = $1 AND state <> 'idle'", [login.role]);
    if (rows[0]!.busy === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { rows: heads } = await admin.query<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [station]);
  const held = Number(heads[0]!.seq);
  const { rows: counts } = await admin.query<{ n: number; max: number | null }>('SELECT count(*)::int AS n, max(seq)::int AS max FROM station_events WHERE station = $1', [station]);
  expect(held % BATCH).toBe(0);
  expect(held).toBeGreaterThanOrEqual(BATCH);
  expect(counts[0]).toEqual({ n: held, max: held });

  // Restarted: it asks the head and sends what follows (here, from a little before it as well).
  const events = syntheticChain(station, TOTAL);
  const link = new PostgresSiteLink(url);
  try {
    const head = await link.head(station);
    expect(head?.seq).toBe(held);
    for (let from = Math.max(0, held - 100); from < TOTAL; from += BATCH) await link.publish(station, events.slice(from, from + BATCH));
    expect(await link.head(station)).toEqual({ seq: TOTAL, hash: events.at(-1)!.hash });
  } finally {
    await link.close();
  }
  const { rows: after } = await admin.query<{ n: number; linked: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE prev_hash = lag_hash OR seq = 1)::int AS linked
     FROM (SELECT seq, prev_hash, lag(hash) OVER (ORDER BY seq) AS lag_hash FROM station_events WHERE station = $1) chain`,
    [station],
  );
  expect(after[0]).toEqual({ n: TOTAL, linked: TOTAL });
  expect((await admin.query('SELECT * FROM site_alarms WHERE station = $1', [station])).rows).toEqual([]);
}, 300_000);
