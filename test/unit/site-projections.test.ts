// The site's views are projections of the published events: made by the station's own replay
// (verify's), kept current as events arrive, made again from the events alone (site rebuild) to
// the same rows, read by the console only, and never past a refused chain or a forged event.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { Station } from '../../src/main/core/station.ts';
import { addConsole, addStation, PostgresSiteLink, PROJECTED, PROJECTION_TABLES, SiteChainRefused, SiteProjector, type PublishedEvent } from '../../src/main/site/index.ts';
import { StateReplay } from '../../src/main/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { appendNotes, publishedEvents } from '../helpers/siteEvents.ts';
import { coordinatorScreen, makeStation } from '../helpers/station.ts';
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

/** Every projection table's rows, in key order, with the projection heads: what the console would read. */
async function projection(client: pg.ClientBase = admin): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of [...PROJECTION_TABLES, 'site_projection_heads']) {
    const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
    tables[table] = rows
      .map(({ projected_at: _at, ...row }) => row)
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return tables;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  cleanups.push(() => client.end().catch(() => undefined));
  return client;
}

function projector(): SiteProjector {
  const made = new SiteProjector(site.adminUrl, { page: 7 });
  cleanups.push(() => made.close());
  return made;
}

/** A real station joined to the site: its events published in batches of `batch` through its own role. */
async function joinedStation(): Promise<{ station: Station; url: string; id: string; link: PostgresSiteLink; publish: (batch: number, after?: (sent: number) => Promise<void>) => Promise<void> }> {
  const station = makeStation();
  cleanups.push(() => station.shutdown());
  const id = station.store.stationId;
  const login = await addStation(admin, id);
  const url = site.url(login.role, login.password);
  const link = new PostgresSiteLink(url);
  cleanups.push(() => link.close());
  const publish = async (batch: number, after?: (sent: number) => Promise<void>) => {
    const head = (await link.head(id))?.seq ?? 0;
    const events = publishedEvents(station.store).filter((event) => event.seq > head);
    for (let i = 0; i < events.length; i += batch) {
      await link.publish(id, events.slice(i, i + batch));
      await after?.(i + batch);
    }
  };
  return { station, url, id, link, publish };
}

/** Real work at a station: parcels in, one suspect with its incident, quarantine and a step acknowledged, a device's warning. */
const screens = new Map<Station, StationConnection>();

async function screeningDay(station: Station, tag: string): Promise<void> {
  let screen = screens.get(station);
  if (!screen) screens.set(station, (screen = await coordinatorScreen(station)));
  for (let i = 0; i < 3; i += 1) expect((await screen.call('intake.scan', { code: `1Z${tag}${i}00000000000` })).ok).toBe(true);
  const scanned = await screen.call('intake.scan', { code: `SUSPECT-${tag}` });
  const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
  const suspect = await screen.call('item.markSuspect', { custodyId, incidentType: 'other', reason: `Strange odour at ${tag}` });
  expect(suspect.ok, JSON.stringify(suspect)).toBe(true);
  const incidentId = (suspect as { value: { incident: { id: number } } }).value.incident.id;
  expect((await screen.call('custody.quarantine', { custodyId, location: 'Isolation room', sealNumbers: [`S-${tag}`], reason: 'Isolate' })).ok).toBe(true);
  const incident = await screen.call('incident.get', { incidentId });
  const steps = (incident as { value: { incident: { steps: Array<{ id: string }> } } }).value.incident.steps;
  const ack = await screen.call('incident.acknowledgeStep', { incidentId, stepId: steps[0]!.id, note: `done at ${tag}`, couldNotBecause: 'the test has no such record' });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  expect((await screen.call('incident.addPerson', { incidentId, name: `Witness ${tag}`, involvement: 'present', contact: null })).ok).toBe(true);
  station.store.transaction(() =>
    station.store.audit.append({ actor: 'device', kind: 'xray.scan-failed', subjectType: 'device', subjectId: `xray-${tag}`, mode: 'live', payload: { detail: 'the tube did not fire', scanRef: null, path: null, sha256: null } }),
  );
}

describe('site projections', () => {
  it('two stations publishing real work in batches: the projection kept as events arrive equals the one rebuilt from the events alone, row for row', async () => {
    const a = await joinedStation();
    const b = await joinedStation();
    const following = projector();
    await screeningDay(a.station, 'A');
    await screeningDay(b.station, 'B');
    // Batches of 5 from A and 3 from B, the projector running between them (pages of 7 events).
    await a.publish(5, async () => void (await following.project()));
    await b.publish(3, async () => void (await following.project()));
    await screeningDay(a.station, 'A2');
    await a.publish(4, async () => void (await following.project()));
    await following.project();

    const incremental = await projection();
    const heads = incremental.site_projection_heads as Array<{ station: string; seq: string; held_at_seq: unknown }>;
    for (const s of [a, b]) {
      const last = publishedEvents(s.station.store).at(-1)!;
      expect(heads.find((h) => h.station === s.id)).toMatchObject({ seq: String(last.seq), hash: last.hash, held_at_seq: null });
    }
    // Real rows: the station's own tables, as the site holds them.
    const items = incremental.site_items as Array<Record<string, string | null>>;
    for (const s of [a, b]) {
      const own = s.station.store.db.prepare('SELECT custody_id, state, match_key FROM items ORDER BY custody_id').all() as Array<{ custody_id: string; state: string; match_key: string }>;
      expect(own.length).toBeGreaterThanOrEqual(4);
      expect(items.filter((row) => row.station === s.id).map((row) => ({ custody_id: row.custody_id, state: row.state, match_key: row.match_key }))).toEqual(own);
      const incidents = s.station.store.db.prepare('SELECT number FROM incidents ORDER BY number').all() as Array<{ number: string }>;
      expect((incident => incident.map((row) => ({ number: row.number })))((incremental.site_incidents as Array<{ station: string; number: string }>).filter((row) => row.station === s.id))).toEqual(incidents);
      const transfers = (s.station.store.db.prepare('SELECT count(*) AS n FROM custody_transfers').get() as { n: number }).n;
      expect((incremental.site_custody_transfers as Array<{ station: string }>).filter((row) => row.station === s.id)).toHaveLength(transfers);
    }
    expect(incremental.site_incident_steps!.length).toBeGreaterThanOrEqual(3);
    expect(incremental.site_operators!.length).toBeGreaterThanOrEqual(2);
    expect(incremental.site_device_warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ station: a.id, device_id: 'xray-A', warnings: '1', last_kind: 'xray.scan-failed', last_detail: 'the tube did not fire' })]),
    );

    // The same rows the station's replay makes of its own events, all at once.
    const replay = new StateReplay();
    for (const event of a.station.store.audit.events()) replay.fold(event);
    const replayedItems = replay.tables.find((table) => table.table === 'items')!.rows();
    for (const row of items.filter((r) => r.station === a.id)) expect(replayedItems.get(row.custody_id!)?.state).toBe(row.state);

    const rebuilt = await projector().rebuild();
    expect(rebuilt.events).toBe(publishedEvents(a.station.store).length + publishedEvents(b.station.store).length);
    expect(await projection()).toEqual(incremental);

    // And by the CLI, as the site's administrator runs it.
    const cli = runCli(['site', 'rebuild', '--postgres', site.adminUrl]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ events: rebuilt.events });
    expect(cli.stdout + cli.stderr).not.toContain(site.adminUrl);
    expect(await projection()).toEqual(incremental);

    // The follower whose head was moved under it (by the rebuild) goes on from the events, not from its memory.
    await screeningDay(b.station, 'B2');
    await b.publish(6);
    await following.project();
    const after = await projection();
    await projector().rebuild();
    expect(await projection()).toEqual(after);
  }, 180_000);

  it('the follower keeps the projection current as batches arrive, its head never past what it applied', async () => {
    const s = await joinedStation();
    const following = projector();
    const stop = new AbortController();
    const passes: number[] = [];
    const errors: Error[] = [];
    const running = following.follow(stop.signal, { everyMs: 20, onPass: (pass) => passes.push(pass.events), onError: (error) => errors.push(error) });
    try {
      await screeningDay(s.station, 'F');
      await s.publish(4, async () => {
        // Whatever the follower has committed so far: its head and its rows agree (every item it
        // names up to its head is there, none from beyond it).
        // Both read in one snapshot: two statements apart would see a pass committed between them.
        await admin.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          const { rows } = await admin.query<{ seq: string }>('SELECT seq FROM site_projection_heads WHERE station = $1', [s.id]);
          const seq = Number(rows[0]?.seq ?? 0);
          const beyond = await admin.query('SELECT 1 FROM site_items WHERE station = $1 AND updated_seq > $2', [s.id, seq]);
          expect(beyond.rowCount).toBe(0);
        } finally {
          await admin.query('COMMIT');
        }
      });
      const last = publishedEvents(s.station.store).at(-1)!;
      await waitFor(
        'the follower to project the whole chain',
        async () => (await admin.query<{ seq: string }>('SELECT seq FROM site_projection_heads WHERE station = $1', [s.id])).rows[0]?.seq === String(last.seq),
        60_000,
      );
    } finally {
      stop.abort();
      await running;
    }
    expect(errors).toEqual([]);
    expect(passes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(publishedEvents(s.station.store).length);
    const items = await admin.query<{ state: string }>('SELECT state FROM site_items WHERE station = $1 ORDER BY custody_id', [s.id]);
    const own = s.station.store.db.prepare('SELECT state FROM items ORDER BY custody_id').all();
    expect(items.rows).toEqual(own);
  }, 120_000);

  it('a purge at the station removes the purged items and their custody transfers from the projection, incrementally and rebuilt', async () => {
    const s = await joinedStation();
    await screeningDay(s.station, 'P');
    await s.publish(50);
    const following = projector();
    await following.project();
    const suspect = await admin.query<{ custody_id: string }>("SELECT custody_id FROM site_items WHERE station = $1 AND state = 'QUARANTINED'", [s.id]);
    const purged = suspect.rows[0]!.custody_id;
    expect((await admin.query('SELECT 1 FROM site_custody_transfers WHERE station = $1 AND custody_id = $2', [s.id, purged])).rowCount).toBe(1);
    s.station.store.transaction(() =>
      s.station.store.audit.append({ actor: 'system', kind: 'records.purged', subjectType: 'station', subjectId: s.id, mode: 'live', payload: { recordClasses: ['items'], policy: null, cutoffs: null, auditEventsKept: true, items: { count: 1, custodyIds: [purged] } } }),
    );
    await s.publish(50);
    await following.project();
    expect((await admin.query('SELECT 1 FROM site_items WHERE station = $1 AND custody_id = $2', [s.id, purged])).rowCount).toBe(0);
    expect((await admin.query('SELECT 1 FROM site_custody_transfers WHERE station = $1 AND custody_id = $2', [s.id, purged])).rowCount).toBe(0);
    expect((await admin.query('SELECT 1 FROM site_items WHERE station = $1', [s.id])).rowCount).toBeGreaterThan(0);
    const incremental = await projection();
    await projector().rebuild();
    expect(await projection()).toEqual(incremental);
  }, 120_000);

  it('a projection table holds every column the station replay makes, so nothing of the replay is dropped at the site', async () => {
    const replay = new StateReplay();
    for (const table of PROJECTED) {
      const columns = (await admin.query<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_name = $1', [table.sqlTable])).rows.map((r) => r.column_name);
      const replayed = replay.tables.find((t) => t.table === table.replayTable)?.columns ?? ['warnings', 'last_kind', 'last_detail', 'last_scan_ref', 'last_at'];
      expect(columns).toEqual(expect.arrayContaining(['station', ...table.keyColumns.map((k) => k.name), ...replayed, 'updated_seq', 'updated_at']));
    }
  });

  it('the console reads the projections; a station role can neither read nor write them', async () => {
    const s = await joinedStation();
    appendNotes(s.station.store, 2);
    await s.publish(10);
    await projector().project();
    const consoleLogin = await addConsole(admin, `proj-${Date.now()}`);
    const console = await connect(site.url(consoleLogin.role, consoleLogin.password));
    for (const table of [...PROJECTION_TABLES, 'site_projection_heads']) await expect(console.query(`SELECT count(*) FROM ${table}`)).resolves.toBeTruthy();
    await expect(console.query('SELECT seq FROM site_projection_heads WHERE station = $1', [s.id])).resolves.toMatchObject({ rows: [{ seq: expect.any(String) }] });
    await expect(console.query("INSERT INTO site_items (station, custody_id, updated_seq, updated_at) VALUES ('x', 'y', 1, 'now')")).rejects.toThrow(/permission denied/);
    await expect(console.query('DELETE FROM site_items')).rejects.toThrow(/permission denied/);

    const own = await connect(s.url);
    for (const table of [...PROJECTION_TABLES, 'site_projection_heads']) {
      await expect(own.query(`SELECT * FROM ${table}`)).rejects.toThrow(/permission denied/);
      await expect(own.query(`DELETE FROM ${table}`)).rejects.toThrow(/permission denied/);
    }
    await expect(own.query("INSERT INTO site_items (station, custody_id, updated_seq, updated_at) VALUES ($1, 'forged', 1, 'now')", [s.id])).rejects.toThrow(/permission denied/);
    await expect(own.query('UPDATE site_projection_heads SET seq = 0')).rejects.toThrow(/permission denied/);
    // A station's own connection cannot run the projector either.
    await expect(new SiteProjector(s.url).rebuild().finally(() => undefined)).rejects.toThrow(/permission denied|may not/);
  }, 120_000);

  it('a refused chain is not projected past the refusal; once the administrator releases it, the projection goes on', async () => {
    const s = await joinedStation();
    appendNotes(s.station.store, 6);
    const events = publishedEvents(s.station.store);
    await s.link.publish(s.id, events.slice(0, 3));
    // A batch with a gap: refused, an alarm at the site with the site's head (event 3).
    await expect(s.link.publish(s.id, events.slice(4, 6))).rejects.toBeInstanceOf(SiteChainRefused);
    // The rest of the chain arrives whole afterwards (the station restored, restarted): the site takes it.
    await s.link.publish(s.id, events.slice(3));
    const projecting = projector();
    const pass = await projecting.project();
    const mine = pass.stations.find((p) => p.station === s.id)!;
    expect(mine).toMatchObject({ seq: 3, head: events.length, held: { atSeq: 4, reason: expect.stringMatching(/site alarm \d+ \(chain-gap\)/) } });
    const head = await admin.query('SELECT seq, held_at_seq FROM site_projection_heads WHERE station = $1', [s.id]);
    expect(head.rows[0]).toMatchObject({ seq: '3', held_at_seq: '4' });
    // Rebuilt from the events alone: held at the same place.
    await projector().rebuild();
    expect((await admin.query('SELECT seq, held_at_seq FROM site_projection_heads WHERE station = $1', [s.id])).rows[0]).toMatchObject({ seq: '3', held_at_seq: '4' });

    const released = runCli(['site', 'project', '--release', s.id, '--postgres', site.adminUrl]);
    expect(released.status, released.stderr).toBe(0);
    expect(JSON.parse(released.stdout)).toMatchObject({ station: s.id, releasedAlarm: expect.any(Number) });
    expect((await admin.query('SELECT seq, held_at_seq FROM site_projection_heads WHERE station = $1', [s.id])).rows[0]).toMatchObject({ seq: String(events.length), held_at_seq: null });
  }, 120_000);

  it('an event typed into station_events by the station role that does not hash to its hash is not projected, nor anything after it', async () => {
    const s = await joinedStation();
    appendNotes(s.station.store, 2);
    await s.publish(10);
    const events = publishedEvents(s.station.store);
    const last = events.at(-1)!;
    // The site's trigger checks the links, not the content: a forged payload with a made-up hash that links.
    const forged: PublishedEvent = { ...last, seq: last.seq + 1, prevHash: last.hash, kind: 'item.received', subjectType: 'item', subjectId: 'FORGED-1', payload: '{"scannedCode":"FORGED"}', hash: 'f'.repeat(64) };
    const own = await connect(s.url);
    await own.query(
      `INSERT INTO station_events (station, seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [s.id, forged.seq, forged.at, forged.actor, forged.kind, forged.subjectType, forged.subjectId, forged.mode, forged.payload, forged.prevHash, forged.hash],
    );
    const pass = await projector().project();
    expect(pass.stations.find((p) => p.station === s.id)).toMatchObject({ seq: last.seq, held: { atSeq: forged.seq, reason: expect.stringMatching(/does not hash/) } });
    expect((await admin.query("SELECT count(*)::int AS n FROM site_items WHERE custody_id = 'FORGED-1'")).rows[0]).toEqual({ n: 0 });
  }, 120_000);

  it("a station role's own alarm with hostile details (JSON null, a huge message) holds only that station's projection, not the others'", async () => {
    const hostile = await joinedStation();
    const other = await joinedStation();
    appendNotes(hostile.station.store, 2);
    await hostile.publish(10);
    await projector().project();
    const own = await connect(hostile.url);
    await own.query("INSERT INTO site_alarms (station, kind, details) VALUES ($1, 'chain-gap', 'null'::jsonb)", [hostile.id]);
    await own.query("INSERT INTO site_alarms (station, kind, details) VALUES ($1, 'chain-gap', $2::jsonb)", [hostile.id, JSON.stringify({ message: 'x'.repeat(100_000), siteHead: { seq: 'not a number' } })]);
    appendNotes(hostile.station.store, 2, 'later');
    await hostile.publish(10);
    appendNotes(other.station.store, 3);
    await other.publish(10);
    const pass = await projector().project();
    const heldAt = publishedEvents(hostile.station.store).length - 2;
    expect(pass.stations.find((p) => p.station === hostile.id)).toMatchObject({ seq: heldAt, held: { atSeq: heldAt + 1 } });
    expect(pass.stations.find((p) => p.station === other.id)).toMatchObject({ seq: publishedEvents(other.station.store).length, held: null });
    const { rows } = await admin.query<{ n: number }>('SELECT length(held_reason) AS n FROM site_projection_heads WHERE station = $1', [hostile.id]);
    expect(rows[0]!.n).toBeLessThanOrEqual(500);
  }, 120_000);

  it('site rebuild and site project refuse bad arguments with one line saying what to do', () => {
    const noSite = runCli(['site', 'rebuild']);
    expect(noSite.status).not.toBe(0);
    expect(noSite.stderr).toMatch(/needs --postgres/);
    const both = runCli(['site', 'project', '--follow', '--release', 'ST-1', '--postgres', site.adminUrl]);
    expect(both.stderr).toMatch(/not both/);
    const badId = runCli(['site', 'project', '--release', '../x', '--postgres', site.adminUrl]);
    expect(badId.stderr).toMatch(/needs a station id/);
    const misplaced = runCli(['site', 'init', '--follow', '--postgres', site.adminUrl]);
    expect(misplaced.stderr).toMatch(/options of site project/);
  });
});
