// Custody between stations: station A hands a quarantined item over to station B (or the security
// office's station), B records its receipt against it; each half is an event in its own station's
// chain, and the site matches the pair (site_custody_pairs), whichever half arrives first. Two
// (three) real stations publishing to a throwaway PostgreSQL through their own roles.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { Station } from '../../src/main/core/station.ts';
import { addStation, nameStation, PostgresSiteCustody, PostgresSiteLink, SiteProjector, SiteRoleRefused } from '../../src/main/site/index.ts';
import { runCli } from '../helpers/cli.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { publishedEvents } from '../helpers/siteEvents.ts';
import { coordinatorScreen, makeStation, quarantinedSuspectParcel } from '../helpers/station.ts';
import { waitFor } from '../helpers/wait.ts';

let site: ThrowawayPostgres;
let stopSite: (() => Promise<void>) | undefined;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  ({ site, stop: stopSite } = await startSiteDatabase());
}, 180_000);
// Each test's stations closed after it: each holds connections to the site (publishing, custody), and the throwaway server takes 40.
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}, 180_000);
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await stopSite?.();
}, 180_000);

/** One query as `url`'s role on a fresh connection (the site is stopped and started under some tests). */
async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const admin = <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => query<R>(site.adminUrl, sql, params);

interface Joined {
  station: Station;
  id: string;
  url: string;
  screen: StationConnection;
  /** Starts publishing (a station made with `start: false` is offline until then). */
  start: () => void;
}

/** A real station joined to the site, with its own role; publishing at once unless `start` is false. */
async function joinedStation(options: { start?: boolean; custodyPollMs?: number } = {}): Promise<Joined> {
  const probe = makeStation();
  const id = probe.store.stationId;
  const file = probe.store.db.name;
  probe.shutdown();
  const adminClient = new pg.Client({ connectionString: site.adminUrl });
  await adminClient.connect();
  const login = await addStation(adminClient, id);
  await adminClient.end();
  const url = site.url(login.role, login.password);
  const station = makeStation({
    dbPath: file,
    site: {
      link: new PostgresSiteLink(url),
      custody: new PostgresSiteCustody(url),
      redact: (text) => text,
      tuning: { retry: { firstMs: 50, maxMs: 300 }, pollMs: 200 },
      ...(options.custodyPollMs ? { custodyPollMs: options.custodyPollMs } : {}),
    },
  });
  cleanups.push(() => station.shutdown());
  const screen = await coordinatorScreen(station);
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    station.start();
  };
  if (options.start !== false) start();
  return { station, id, url, screen, start };
}

/** Waits until the site holds every event of the station's chain. */
async function published(joined: Joined): Promise<void> {
  const last = publishedEvents(joined.station.store).at(-1)!.seq;
  await waitFor(
    `station ${joined.id} published up to event ${last}`,
    async () => Number((await admin<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [joined.id]))[0]?.seq ?? 0) >= last,
    30_000,
  );
}

let parcels = 0;

/** A new suspect parcel at the station, marked SUSPECT and quarantined under `seals`. */
async function quarantined(screen: StationConnection, seals: string[]): Promise<string> {
  parcels += 1;
  const scanned = await call<{ item: { custodyId: string } }>(screen, 'intake.scan', { code: `SUSPECT-PARCEL-${parcels}` });
  const custodyId = scanned.item.custodyId;
  await call(screen, 'item.markSuspect', { custodyId, incidentType: 'other', reason: 'Strange odour' });
  await call(screen, 'custody.quarantine', { custodyId, location: 'Isolation room', sealNumbers: seals, reason: 'Isolate' });
  return custodyId;
}

/** Station A's suspect parcel, quarantined under `seals` and handed over to `to`. */
async function handedOver(a: Joined, to: string, seals = ['S-1']): Promise<string> {
  const custodyId = await quarantined(a.screen, seals);
  const sent = await a.screen.call('custody.transfer', { custodyId, receivedBy: { kind: 'station', station: to }, reason: 'To the security office for the police', sealNumbers: seals, sealIntact: true });
  expect(sent.ok, JSON.stringify(sent)).toBe(true);
  return custodyId;
}

interface PairRow {
  from_station: string;
  custody_id: string;
  to_station: string | null;
  received_at_station: string | null;
  status: string;
}

async function pairs(url: string, custodyId: string): Promise<PairRow[]> {
  return await query<PairRow>(url, 'SELECT from_station, custody_id, to_station, received_at_station, status FROM site_custody_pairs WHERE custody_id = $1 ORDER BY received_at_station NULLS FIRST', [custodyId]);
}

async function call<T>(screen: StationConnection, command: string, request: unknown): Promise<T> {
  const result = await (screen.call as (c: string, r: unknown) => Promise<{ ok: boolean; value?: T; error?: unknown }>)(command, request);
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return result.value as T;
}

describe('custody between stations', () => {
  it('A hands over, B sees it waiting and records its receipt: one transfer, each half in its own chain, seen on both sides', async () => {
    const a = await joinedStation();
    const b = await joinedStation();
    const custodyId = await handedOver(a, b.id);
    // A's item has left A: handed over, to the station.
    const { detail } = await call<{ detail: { item: { state: string }; custody: Array<{ receivedBy: { kind: string; station?: string } }> } }>(a.screen, 'item.get', { custodyId });
    expect(detail.item.state).toBe('HANDED_OVER');
    expect(detail.custody.at(-1)!.receivedBy).toMatchObject({ kind: 'station', station: b.id });
    await published(a);

    const waiting = await call<{ site: string; transfers: Array<{ fromStation: string; custodyId: string; sealNumbers: string[] }> }>(b.screen, 'custody.waitingHere', {});
    expect(waiting).toMatchObject({ site: 'online', transfers: [{ fromStation: a.id, custodyId, sealNumbers: ['S-1'] }] });
    expect(await pairs(site.adminUrl, custodyId)).toMatchObject([{ from_station: a.id, to_station: b.id, received_at_station: null, status: 'pending' }]);

    const { receipt } = await call<{ receipt: { handOverSeen: boolean; sealsDiffer: boolean | null } }>(b.screen, 'custody.receiveFromStation', { fromStation: a.id, custodyId, sealNumbers: ['S-1'], sealIntact: true });
    expect(receipt).toMatchObject({ handOverSeen: true, sealsDiffer: false });
    // Not waiting any more at B, even before the receipt is published; a second receipt refused.
    expect((await call<{ transfers: unknown[] }>(b.screen, 'custody.waitingHere', {})).transfers).toEqual([]);
    const again = await b.screen.call('custody.receiveFromStation', { fromStation: a.id, custodyId, sealNumbers: ['S-1'], sealIntact: true });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await published(b);

    // Each half is an event of its own station's chain.
    const halves = await admin<{ station: string; kind: string }>("SELECT station, kind FROM station_events WHERE kind IN ('custody.handedOver', 'custody.receivedFromStation') AND station IN ($1, $2) ORDER BY station", [a.id, b.id]);
    expect(halves.sort((x, y) => x.kind.localeCompare(y.kind))).toEqual([
      { station: a.id, kind: 'custody.handedOver' },
      { station: b.id, kind: 'custody.receivedFromStation' },
    ]);
    // One pair, received: the console, A and B each see it so.
    for (const url of [site.adminUrl, a.url, b.url]) {
      expect(await pairs(url, custodyId)).toMatchObject([{ from_station: a.id, to_station: b.id, received_at_station: b.id, status: 'received' }]);
    }
    // The station's own replay takes both halves: the site's projection goes past them, A's transfer to the station in it.
    const projector = new SiteProjector(site.adminUrl);
    cleanups.push(() => projector.close());
    await projector.project();
    const heads = await admin<{ station: string; held_at_seq: string | null }>('SELECT station, held_at_seq FROM site_projection_heads WHERE station IN ($1, $2)', [a.id, b.id]);
    expect(heads.map((h) => h.held_at_seq)).toEqual([null, null]);
    const [transfer] = await admin<{ received_by: string }>("SELECT received_by FROM site_custody_transfers WHERE station = $1 AND custody_id = $2 AND kind = 'handOver'", [a.id, custodyId]);
    expect(JSON.parse(transfer!.received_by)).toEqual({ kind: 'station', name: `station ${b.id}`, station: b.id });
    // And each station's own verify replays its tables from its chain, both halves in it.
    for (const joined of [a, b]) {
      const verified = runCli(['verify', '--db', joined.station.store.db.name, '--full']);
      expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    }
  });

  it('the halves arrive later: A hands over and B receives from the paperwork while the site is down; the receipt first, then the hand-over, make one received pair', async () => {
    const a = await joinedStation({ start: false });
    const b = await joinedStation();
    await published(b);
    await site.stopServer();
    let restarted = false;
    try {
      const custodyId = await handedOver(a, b.id);
      // B cannot reach the site: nothing listed, the receipt typed from the item's label.
      expect(await call<{ site: string; transfers: unknown[] }>(b.screen, 'custody.waitingHere', {})).toEqual({ site: 'offline', transfers: [] });
      const { receipt } = await call<{ receipt: { handOverSeen: boolean; sealsDiffer: boolean | null } }>(b.screen, 'custody.receiveFromStation', { fromStation: a.id, custodyId, sealNumbers: ['S-1'], sealIntact: true, note: 'site down' });
      expect(receipt).toMatchObject({ handOverSeen: false, sealsDiffer: null });
      await site.startServer();
      restarted = true;
      // B's receipt reaches the site first: A (still offline) has not sent its hand-over.
      await published(b);
      expect(await pairs(site.adminUrl, custodyId)).toMatchObject([{ from_station: a.id, to_station: null, received_at_station: b.id, status: 'receipt-only' }]);
      // A comes online: its hand-over arrives and the pair is made.
      a.start();
      await published(a);
      expect(await pairs(site.adminUrl, custodyId)).toMatchObject([{ from_station: a.id, to_station: b.id, received_at_station: b.id, status: 'received' }]);
      expect((await call<{ transfers: unknown[] }>(b.screen, 'custody.waitingHere', {})).transfers).toEqual([]);
    } finally {
      if (!restarted) await site.startServer();
    }
  });

  it('seals that do not match: the receipt is recorded as the seals were found, and the pair says so on both sides', async () => {
    const a = await joinedStation();
    const b = await joinedStation();
    const custodyId = await handedOver(a, b.id, ['S-1', 'S-2']);
    await published(a);
    const { receipt } = await call<{ receipt: { sealsDiffer: boolean | null } }>(b.screen, 'custody.receiveFromStation', { fromStation: a.id, custodyId, sealNumbers: ['S-1', 'S-9'], sealIntact: true });
    expect(receipt.sealsDiffer).toBe(true);
    await published(b);
    for (const url of [site.adminUrl, a.url, b.url]) expect(await pairs(url, custodyId)).toMatchObject([{ status: 'seals-mismatch' }]);

    // The same seals in another order match; a broken seal does not.
    const second = await handedOver(a, b.id, ['S-3', 'S-4']);
    const third = await handedOver(a, b.id, ['S-5']);
    await published(a);
    await call(b.screen, 'custody.receiveFromStation', { fromStation: a.id, custodyId: second, sealNumbers: ['S-4', 'S-3'], sealIntact: true });
    await call(b.screen, 'custody.receiveFromStation', { fromStation: a.id, custodyId: third, sealNumbers: ['S-5'], sealIntact: false });
    await published(b);
    expect(await pairs(site.adminUrl, second)).toMatchObject([{ status: 'received' }]);
    expect(await pairs(site.adminUrl, third)).toMatchObject([{ status: 'seals-mismatch' }]);
  });

  it('a station cannot forge a receipt in another station\'s name: not as its events, not in the pairs; its own receipt of a transfer to another counts for nothing', async () => {
    const a = await joinedStation();
    const b = await joinedStation();
    const c = await joinedStation();
    const custodyId = await handedOver(a, b.id);
    await published(a);
    await published(c);

    // C's role writing B's events: refused by row-level security.
    const [head] = await admin<{ seq: string; hash: string }>('SELECT seq, hash FROM station_heads WHERE station = $1', [b.id]);
    const forgedEvent = query(
      c.url,
      `INSERT INTO station_events (station, seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash)
       VALUES ($1, $2, '2026-01-01T00:00:00.000Z', 'operator:x', 'custody.receivedFromStation', 'station', $1, 'live', $3, $4, $5)`,
      [b.id, Number(head!.seq) + 1, JSON.stringify({ fromStation: a.id, custodyId, sealNumbers: ['S-1'], sealIntact: true }), head!.hash, 'b'.repeat(64)],
    );
    await expect(forgedEvent).rejects.toThrow(/row-level security/);
    // C's role writing a half straight into the site's table: no right at all.
    const forgedHalf = query(c.url, "INSERT INTO site_custody_halves (station, seq, half, from_station, custody_id, seal_numbers, at) VALUES ($1, 1, 'receipt', $2, $3, '[]', 'x')", [b.id, a.id, custodyId]);
    await expect(forgedHalf).rejects.toThrow(/permission denied/);
    // Nor can anyone change a half.
    await expect(admin('UPDATE site_custody_halves SET seal_intact = true')).rejects.toThrow(/append-only/);

    // C records a receipt of A's transfer to B in its own chain: it is C's, and does not receive it for B.
    const { receipt } = await call<{ receipt: { handOverSeen: boolean } }>(c.screen, 'custody.receiveFromStation', { fromStation: a.id, custodyId, sealNumbers: ['S-1'], sealIntact: true });
    expect(receipt.handOverSeen).toBe(false);
    await published(c);
    expect(await pairs(site.adminUrl, custodyId)).toMatchObject([
      { to_station: b.id, received_at_station: null, status: 'pending' },
      { to_station: null, received_at_station: c.id, status: 'wrong-station' },
    ]);
    // B still has it waiting; C sees no hand-over addressed to it.
    expect((await call<{ transfers: Array<{ custodyId: string }> }>(b.screen, 'custody.waitingHere', {})).transfers.map((t) => t.custodyId)).toContain(custodyId);
    expect((await call<{ transfers: unknown[] }>(c.screen, 'custody.waitingHere', {})).transfers).toEqual([]);
  });

  it('a half the site cannot read (typed into the chain by hand with a station role) is not paired, and never stops the station\'s publishing', async () => {
    const c = await joinedStation({ start: false });
    await c.station.publisher?.stop();
    const link = new PostgresSiteLink(c.url);
    cleanups.push(() => link.close());
    await link.publish(c.id, publishedEvents(c.station.store));
    const [head] = await admin<{ seq: string; hash: string }>('SELECT seq, hash FROM station_heads WHERE station = $1', [c.id]);
    const hostile = [
      ['custody.receivedFromStation', 'station', { fromStation: 5, custodyId: null }],
      ['custody.handedOver', 'item', { receivedBy: { kind: 'station', station: {} }, sealNumbers: [1, {}] }],
      ['custody.receivedFromStation', 'station', { fromStation: 'ST-X', custodyId: 'ABC-DEF-GH0', sealNumbers: [1], sealIntact: 'yes', note: 5 }],
      ['custody.handedOver', 'item', 'not an object'],
    ] as const;
    let seq = Number(head!.seq);
    let prev = head!.hash;
    for (const [kind, subjectType, payload] of hostile) {
      seq += 1;
      const hash = String(seq).padStart(64, 'c');
      await query(
        c.url,
        `INSERT INTO station_events (station, seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash)
         VALUES ($1, $2, '2026-01-01T00:00:00.000Z', 'operator:x', $3, $4, 'X', 'live', $5, $6, $7)`,
        [c.id, seq, kind, subjectType, JSON.stringify(payload), prev, hash],
      );
      prev = hash;
    }
    expect(Number((await admin<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [c.id]))[0]!.seq)).toBe(seq);
    expect(await admin('SELECT half, from_station, custody_id, seal_numbers, seal_intact, note FROM site_custody_halves WHERE station = $1', [c.id])).toEqual([
      { half: 'receipt', from_station: 'ST-X', custody_id: 'ABC-DEF-GH0', seal_numbers: [], seal_intact: null, note: null },
    ]);
  });

  it('refuses what cannot be a transfer between stations: to itself, from itself, at a station alone', async () => {
    const a = await joinedStation();
    const { custodyId } = await quarantinedSuspectParcel(a.screen);
    const toItself = await a.screen.call('custody.transfer', { custodyId, receivedBy: { kind: 'station', station: a.id }, reason: 'loop', sealNumbers: [], sealIntact: true });
    expect(toItself).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    const fromItself = await a.screen.call('custody.receiveFromStation', { fromStation: a.id, custodyId, sealNumbers: [], sealIntact: true });
    expect(fromItself).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    const badId = await a.screen.call('custody.transfer', { custodyId, receivedBy: { kind: 'station', station: "ST-1'; DROP TABLE x" }, reason: 'bad id', sealNumbers: [], sealIntact: true });
    expect(badId).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });

    const alone = makeStation();
    cleanups.push(() => alone.shutdown());
    const screen = await coordinatorScreen(alone);
    const parcel = await quarantinedSuspectParcel(screen);
    const refused = await screen.call('custody.transfer', { custodyId: parcel.custodyId, receivedBy: { kind: 'station', station: 'ST-OTHER' }, reason: 'no site', sealNumbers: [], sealIntact: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(await screen.call('custody.waitingHere', {})).toMatchObject({ ok: true, value: { site: 'none', transfers: [] } });
  });
  it('site rebuild makes the halves again from the events alone: the same rows, whichever half arrived first; nothing else removes or changes one', async () => {
    const b = await joinedStation();
    // Hand-over first: A online.
    const a = await joinedStation();
    const first = await handedOver(a, b.id);
    await published(a);
    await call(b.screen, 'custody.receiveFromStation', { fromStation: a.id, custodyId: first, sealNumbers: ['S-1'], sealIntact: true, note: 'listed' });
    await published(b);
    // Receipt first: C offline while B records the receipt from the label, then C's hand-over.
    const c = await joinedStation({ start: false });
    const second = await handedOver(c, b.id, ['S-7', 'S-8']);
    await call(b.screen, 'custody.receiveFromStation', { fromStation: c.id, custodyId: second, sealNumbers: ['S-8', 'S-7'], sealIntact: true, note: 'from the label' });
    await published(b);
    expect(await pairs(site.adminUrl, second)).toMatchObject([{ status: 'receipt-only' }]);
    c.start();
    await published(c);
    for (const custodyId of [first, second]) expect(await pairs(site.adminUrl, custodyId)).toMatchObject([{ status: 'received' }]);

    const HALVES = 'SELECT * FROM site_custody_halves ORDER BY station, seq';
    const kept = await admin(HALVES);
    expect(kept.filter((row) => [first, second].includes(String(row.custody_id))).map((row) => [row.station, row.half])).toEqual(
      expect.arrayContaining([[a.id, 'handOver'], [b.id, 'receipt'], [c.id, 'handOver'], [b.id, 'receipt']]),
    );
    // Nobody removes or changes a half, the administrator included, but the rebuild.
    for (const sql of ['DELETE FROM site_custody_halves', "UPDATE site_custody_halves SET note = 'changed'", 'TRUNCATE site_custody_halves']) {
      await expect(admin(sql)).rejects.toThrow(/append-only: its halves are made from the published events only/);
    }
    // Dropped (emptied as only the rebuild may) and made again from the events: the same rows.
    const client = new pg.Client({ connectionString: site.adminUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('mailscreen.custody_halves_rebuild', 'on', true)");
      await client.query('DELETE FROM site_custody_halves');
      expect((await client.query(HALVES)).rows).toEqual([]);
      const made = await client.query<{ made: string }>('SELECT site_custody_halves_rebuild() AS made');
      expect(Number(made.rows[0]!.made)).toBe(kept.length);
      expect((await client.query(HALVES)).rows).toEqual(kept);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    // site rebuild does it with the projections, in one transaction.
    const projector = new SiteProjector(site.adminUrl);
    cleanups.push(() => projector.close());
    const rebuilt = await projector.rebuild();
    expect(rebuilt.custodyHalves).toBe(kept.length);
    expect(await admin(HALVES)).toEqual(kept);
    for (const custodyId of [first, second]) expect(await pairs(site.adminUrl, custodyId)).toMatchObject([{ status: 'received' }]);
  }, 240_000);

  it('the site\'s stations for a hand-over: IDs and names from the site, kept for when it is not reached; an ID not on the list refused in words, sent only when confirmed; a station\'s role learns nothing more of the stations', async () => {
    const a = await joinedStation();
    const b = await joinedStation();
    const adminClient = new pg.Client({ connectionString: site.adminUrl });
    await adminClient.connect();
    try {
      expect(await nameStation(adminClient, b.id, '  Security office  ')).toEqual({ station: b.id, name: 'Security office' });
      // A name is one printable line: refused by the command and by PostgreSQL itself.
      await expect(nameStation(adminClient, b.id, 'Office\n<script>')).rejects.toThrow(SiteRoleRefused);
      await expect(nameStation(adminClient, b.id, 'x'.repeat(81))).rejects.toThrow(SiteRoleRefused);
      // Invisible characters that would make one name look like another in a list: a bidi override, a zero-width space.
      await expect(nameStation(adminClient, b.id, 'Security \u202Eeciffo')).rejects.toThrow(SiteRoleRefused);
      await expect(nameStation(adminClient, b.id, 'Security\u200Boffice')).rejects.toThrow(SiteRoleRefused);
      await expect(adminClient.query('UPDATE site_stations SET name = $2 WHERE station = $1', [b.id, 'Security \u202Eeciffo'])).rejects.toThrow(/site_stations_name/);
      await expect(adminClient.query('UPDATE site_stations SET name = $2 WHERE station = $1', [b.id, 'Mailroom\uFEFF'])).rejects.toThrow(/site_stations_name/);
      // Printable text of any script, and markup as text, are names like any other.
      expect((await nameStation(adminClient, b.id, 'Poste de sécurité <B>')).name).toBe('Poste de sécurité <B>');
      await nameStation(adminClient, b.id, 'Security office');
      await expect(nameStation(adminClient, 'ST-NOWHERE', 'Ghost')).rejects.toThrow(/not part of this site/);
      await expect(adminClient.query("UPDATE site_stations SET name = E'Office\\u0007bell' WHERE station = $1", [b.id])).rejects.toThrow(/site_stations_name/);
    } finally {
      await adminClient.end();
    }

    // A's screen: the site's stations, names beside their IDs.
    const listed = await call<{ site: string; here: string; readAt: string | null; stations: Array<{ station: string; name: string | null }> }>(a.screen, 'custody.siteStations', {});
    expect(listed).toMatchObject({ site: 'online', here: a.id });
    expect(listed.readAt).not.toBeNull();
    expect(listed.stations).toContainEqual({ station: b.id, name: 'Security office' });
    expect(listed.stations).toContainEqual({ station: a.id, name: null });
    // A station's role: the IDs and names through site_station_list(), nothing else of site_stations (its roles, when they joined).
    const fields = await query<Record<string, unknown>>(a.url, 'SELECT * FROM site_station_list()');
    expect(Object.keys(fields[0]!).sort()).toEqual(['name', 'station']);
    await expect(query(a.url, 'SELECT role_name FROM site_stations')).rejects.toThrow(/permission denied/);

    // A mistyped ID: refused in words, nothing recorded, the item still here.
    const typo = await quarantined(a.screen, ['S-7']);
    const events = publishedEvents(a.station.store).length;
    const refused = await a.screen.call('custody.transfer', { custodyId: typo, receivedBy: { kind: 'station', station: `${b.id}X` }, reason: 'typo', sealNumbers: ['S-7'], sealIntact: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect((refused as { error: { message: string } }).error.message).toMatch(new RegExp(`^${b.id}X is not one of the site's stations as this station last read them .*choose the receiving station from the list`));
    expect(publishedEvents(a.station.store).length).toBe(events);
    expect((await call<{ detail: { item: { state: string } } }>(a.screen, 'item.get', { custodyId: typo })).detail.item.state).toBe('QUARANTINED');
    // Confirmed on purpose (a station that joined since the list was read): sent, addressed by its ID alone.
    await call(a.screen, 'custody.transfer', { custodyId: typo, receivedBy: { kind: 'station', station: `${b.id}X`, unlisted: true }, reason: 'joined since', sealNumbers: ['S-7'], sealIntact: true });
    // A listed station: the hand-over names it as the site does.
    const named = await handedOver(a, b.id);
    const { detail } = await call<{ detail: { custody: Array<{ receivedBy: { name?: string; station?: string } }> } }>(a.screen, 'item.get', { custodyId: named });
    expect(detail.custody.at(-1)!.receivedBy).toMatchObject({ station: b.id, name: `Security office (station ${b.id})` });

    // A station that joins: on the site's list at once, before A's kept copy is read again.
    const c = await joinedStation();
    await handedOver(a, c.id);

    // The site not reached: the list kept at A is used, and still checked against.
    await site.stopServer();
    let restarted = false;
    try {
      const kept = await call<{ site: string; readAt: string | null; stations: Array<{ station: string }> }>(a.screen, 'custody.siteStations', {});
      expect(kept.site).toBe('offline');
      expect(kept.readAt).not.toBeNull();
      expect(kept.stations.map((s) => s.station)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
      const offline = await quarantined(a.screen, ['S-8']);
      const stillRefused = await a.screen.call('custody.transfer', { custodyId: offline, receivedBy: { kind: 'station', station: 'ST-NOTHERE' }, reason: 'typo offline', sealNumbers: ['S-8'], sealIntact: true });
      expect(stillRefused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
      await call(a.screen, 'custody.transfer', { custodyId: offline, receivedBy: { kind: 'station', station: b.id }, reason: 'offline to the office', sealNumbers: ['S-8'], sealIntact: true });
      await site.startServer();
      restarted = true;
    } finally {
      if (!restarted) await site.startServer();
    }
  });

  it('B\'s screens are told when a hand-over to B reaches the site, and when it is received, without asking', async () => {
    const a = await joinedStation();
    const b = await joinedStation({ custodyPollMs: 100 });
    const heard: Array<{ arriving: number }> = [];
    const unsubscribe = b.screen.onEvent((event, payload) => {
      if (event === 'custody.arriving') heard.push(payload as { arriving: number });
    });
    try {
      await b.station.custodyFollower!.idle();
      const custodyId = await handedOver(a, b.id);
      await published(a);
      await waitFor('B told of the hand-over arriving', () => heard.some((told) => told.arriving === 1), 30_000);
      await call(b.screen, 'custody.receiveFromStation', { fromStation: a.id, custodyId, sealNumbers: ['S-1'], sealIntact: true });
      await published(b);
      await waitFor('B told it is no longer waiting', () => heard.at(-1)?.arriving === 0, 30_000);
    } finally {
      unsubscribe();
    }
  });

  it('site add-station --name and site name-station give a station the name the others\' lists show; a name that is not one printable line is refused in one line', async () => {
    const added = runCli(['site', 'add-station', 'ST-NAMED1', '--name', 'Mailroom B', '--postgres', site.adminUrl]);
    expect(added.status, added.stderr).toBe(0);
    expect(await admin('SELECT station, name FROM site_station_list() WHERE station = $1', ['ST-NAMED1'])).toEqual([{ station: 'ST-NAMED1', name: 'Mailroom B' }]);
    const renamed = runCli(['site', 'name-station', 'ST-NAMED1', '--name', 'Security office', '--postgres', site.adminUrl]);
    expect(renamed.status, renamed.stderr).toBe(0);
    expect(JSON.parse(renamed.stdout)).toEqual({ station: 'ST-NAMED1', name: 'Security office' });
    const hostile = runCli(['site', 'name-station', 'ST-NAMED1', '--name', 'Office\u001b[2J', '--postgres', site.adminUrl]);
    expect(hostile.status).toBe(2);
    expect(hostile.stderr.trim().split('\n')).toHaveLength(1);
    expect(hostile.stderr).toMatch(/one line of 1 to 80 printable characters/);
    const noName = runCli(['site', 'name-station', 'ST-NAMED1', '--postgres', site.adminUrl]);
    expect(noName.status).toBe(2);
    expect(noName.stderr).toMatch(/needs --name/);
    expect(await admin('SELECT name FROM site_stations WHERE station = $1', ['ST-NAMED1'])).toEqual([{ name: 'Security office' }]);
  });
});
