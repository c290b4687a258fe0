// A NUL in an event must not stop a station's publishing. PostgreSQL's text refuses the NUL
// character and its jsonb refuses the escape \u0000, so an event holding one, typed by anyone
// into a field that reaches an event (an item's sender, a seal, a note), stopped the station's
// publishing at that event for ever. The site now keeps such an event whole: its exact text is recoverable and its hash checkable from what is stored, its projection
// and verify --site work, and the events after it follow.
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { addStation, PostgresSiteLink, SiteProjector, siteEventOf, storableJson, type PublishedEvent, type SiteEventRow } from '../../src/main/site/index.ts';
import { contentHash, type RawAuditRow } from '../../src/main/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { publishedEvents } from '../helpers/siteEvents.ts';
import { coordinatorScreen, makeStation, tempDir } from '../helpers/station.ts';
import { waitFor } from '../helpers/wait.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  ({ site, admin, stop: stopSite } = await startSiteDatabase());
}, 180_000);
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await stopSite?.();
}, 180_000);

const NUL_SENDER = 'ACME\u0000 Corp \\u0000 not a NUL';
const NUL_RECIPIENT = '\u0000';

/** A real station joined to the site, publishing through its own role as a running station does. */
async function publishingStation(): Promise<{ station: Station; id: string; url: string; file: string }> {
  const file = path.join(tempDir('mailscreen-site-nul-'), 'station.sqlite');
  const probe = makeStation({ dbPath: file });
  const id = probe.store.stationId;
  probe.shutdown();
  const login = await addStation(admin, id);
  const url = site.url(login.role, login.password);
  const link = new PostgresSiteLink(url);
  const station = makeStation({ dbPath: file, site: { link, redact: (text) => text, tuning: { retry: { firstMs: 50, maxMs: 200 }, pollMs: 200 } } });
  cleanups.push(() => station.shutdown());
  station.start();
  return { station, id, url, file };
}

async function siteHead(id: string): Promise<number> {
  const { rows } = await admin.query<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [id]);
  return Number(rows[0]?.seq ?? 0);
}

async function siteRows(id: string): Promise<SiteEventRow[]> {
  return (await admin.query<SiteEventRow>('SELECT * FROM station_events WHERE station = $1 ORDER BY seq', [id])).rows;
}

/** A JSON value with each NUL in its strings and keys shown as ␀: what the query copy holds. */
function shown(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\u2400');
  if (Array.isArray(value)) return value.map(shown);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [shown(k), shown(v)]));
  return value;
}

describe('an event holding a NUL', () => {
  it('is published whole, its hash checkable from what the site stores, and publishing goes on past it', async () => {
    const { station, id, file, url } = await publishingStation();
    const screen = await coordinatorScreen(station);
    const scanned = await screen.call('intake.scan', { code: 'PARCEL-NUL-1' });
    expect(scanned.ok, JSON.stringify(scanned)).toBe(true);
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    const details = await screen.call('item.setDetails', { custodyId, sender: NUL_SENDER, recipient: NUL_RECIPIENT });
    expect(details.ok, JSON.stringify(details)).toBe(true);
    // Columns other than the payload: an actor and a subject with a NUL.
    station.store.transaction(() =>
      station.store.audit.append({ actor: 'dev\u0000ice', kind: 'xray.scan-failed', subjectType: 'device', subjectId: 'xray-\u0000-1', mode: 'live', payload: { detail: 'tube\u0000', scanRef: null, path: null, sha256: null } }),
    );
    // Events after them are published too.
    expect((await screen.call('intake.scan', { code: 'PARCEL-AFTER-1' })).ok).toBe(true);

    const local = publishedEvents(station.store);
    const last = local.at(-1)!.seq;
    await waitFor('every event at the site', async () => (await siteHead(id)) === last && station.publisher?.status().state === 'online', 30_000);

    // Whole: each event the site holds reads back as the station's own, field for field, and hashes to its hash.
    const rows = await siteRows(id);
    expect(rows.map((row) => siteEventOf(row))).toEqual(local);
    for (const event of rows.map((row) => siteEventOf(row))) {
      const raw: RawAuditRow = [event.seq, event.at, event.actor, event.station, event.kind, event.subjectType, event.subjectId, event.mode, event.payload, event.prevHash, event.hash];
      expect(contentHash(raw, JSON.parse(event.payload) as Record<string, unknown>)).toBe(event.hash);
    }
    // The query copy: what PostgreSQL can hold, a NUL shown as ␀ (U+2400).
    const detailsRow = rows.find((row) => row.kind === 'item.detailsRecorded')!;
    const { rows: query } = await admin.query("SELECT payload_json->>'sender' AS sender, payload_json->>'recipient' AS recipient FROM station_events WHERE station = $1 AND seq = $2", [id, detailsRow.seq]);
    expect(query[0]).toEqual({ sender: 'ACME\u2400 Corp \\u0000 not a NUL', recipient: '\u2400' });
    // The payload column holds it as jsonb can take it; the exact text beside it.
    expect(detailsRow.payload).not.toContain('\\u0000 Corp');
    expect(JSON.parse(detailsRow.exact!)).toEqual({ payload: local.find((e) => e.kind === 'item.detailsRecorded')!.payload });
    const deviceRow = rows.find((row) => row.kind === 'xray.scan-failed')!;
    expect(deviceRow).toMatchObject({ actor: 'dev\u2400ice', subject_id: 'xray-\u2400-1' });

    // The projection: the item with its sender, the device's warning; nothing held.
    const projector = new SiteProjector(site.adminUrl);
    cleanups.push(() => projector.close());
    await projector.project();
    const { rows: heads } = await admin.query('SELECT seq, held_at_seq FROM site_projection_heads WHERE station = $1', [id]);
    expect(heads[0]).toEqual({ seq: String(last), held_at_seq: null });
    const { rows: items } = await admin.query('SELECT sender, recipient FROM site_items WHERE station = $1 AND custody_id = $2', [id, custodyId]);
    expect(items[0]).toEqual({ sender: 'ACME\u2400 Corp \\u0000 not a NUL', recipient: '\u2400' });
    const { rows: devices } = await admin.query('SELECT device_id, last_detail FROM site_device_warnings WHERE station = $1', [id]);
    expect(devices).toEqual([{ device_id: 'xray-\u2400-1', last_detail: 'tube\u2400' }]);

    // verify --site: the same chain.
    const verdict = runCli(['verify', '--db', file, '--site', url]);
    expect(verdict.status, verdict.stderr).toBe(0);
    expect(JSON.parse(verdict.stdout)).toMatchObject({ ok: true, site: { standing: 'same' } });
  });

  it("the storable payload reads every \\u0000 escape as ␀ and nothing else (escaped backslashes, runs of NULs, keys), at the station and at the site alike", async () => {
    const values: unknown[] = [{ a: '\u0000\u0000' }, { '\u0000key': '\\\u0000' }, ['\\u0000', '\\\\u0000', '\\\\\u0000'], { n: 1, s: 'plain ünïcode \u2400' }];
    for (const value of values) {
      const text = JSON.stringify(value);
      const { rows } = await admin.query<{ copy: unknown }>('SELECT site_storable_json($1)::jsonb AS copy', [text]);
      expect(storableJson(text)).toBe((await admin.query<{ t: string }>('SELECT site_storable_json($1) AS t', [text])).rows[0]!.t);
      expect(rows[0]!.copy).toEqual(shown(value));
    }
  });

  it('a row whose exact text disagrees with its columns is refused by PostgreSQL itself', async () => {
    const { station, id, url } = await publishingStation();
    await waitFor('the genesis at the site', async () => (await siteHead(id)) >= 1, 30_000);
    await station.publisher?.stop();
    const [first] = publishedEvents(station.store);
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: url });
    await client.connect();
    cleanups.push(() => client.end().catch(() => undefined));
    // A station role typing a row whose actor column says one thing and its exact text another.
    const next: PublishedEvent = { ...first!, seq: 2, prevHash: first!.hash, hash: 'a'.repeat(64) };
    const forged = client.query(
      `INSERT INTO station_events (station, seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash, exact)
       VALUES ($1, $2, $3, 'alice', $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, next.seq, next.at, next.kind, next.subjectType, next.subjectId, next.mode, next.payload, next.prevHash, next.hash, JSON.stringify({ actor: 'bob\u0000' })],
    );
    await expect(forged).rejects.toThrow(/station_events_exact/);
    // Nor a payload column that says one thing and an exact payload another.
    const payloads = client.query(
      `INSERT INTO station_events (station, seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash, exact)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [id, next.seq, next.at, next.actor, next.kind, next.subjectType, next.subjectId, next.mode, '{"sender":"alice"}', next.prevHash, next.hash, JSON.stringify({ payload: '{"sender":"bob\\u0000"}' })],
    );
    await expect(payloads).rejects.toThrow(/station_events_exact/);
  });
});
