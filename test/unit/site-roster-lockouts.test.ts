// One lockout across the site (site schema 12), on a real PostgreSQL with real stations: five wrong
// PINs at the console lock the badge at every station, named as the console's (a station offline
// meanwhile gets it when it is back), and `site roster unlock` lifts it everywhere; a station's
// lockout is honoured at the console and makes the console's next lockout longer. Attacks: the
// console's role locks and unlocks no one but through its PIN check; a station's role cannot forge
// a console lockout (not in the roster, not through its function, not through its own events); a
// lockout event whose end is not a time (a NUL in it, a month 13) makes no roster row and never
// stops the station's publishing, and a NUL in its reason is kept as any other event.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin, pinKey } from '../../src/main/core/pin.ts';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { addConsole, addRosterOperator, addStation, changeRosterOperator, PostgresSiteLink, PostgresSiteRoster, rosterNow, unlockRosterOperator } from '../../src/main/site/index.ts';
import { Store } from '../../src/main/store/index.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { asRole, refusal } from '../helpers/siteRoles.ts';
import { publishedEvents } from '../helpers/siteEvents.ts';
import { waitFor } from '../helpers/wait.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
let consoleUrl = '';
const CONSOLE_ROLE = 'mailscreen_console_office';
const PIN = '739154';
const folders: string[] = [];
const running: RunningStation[] = [];
const relays: Array<{ cut(): Promise<void> }> = [];

beforeAll(async () => {
  ({ site, admin, stop: stopSite } = await startSiteDatabase());
  const office = await addConsole(admin, 'office');
  consoleUrl = site.url(office.role, office.password);
}, 180_000);

afterAll(async () => {
  for (const station of running.splice(0)) await station.close().catch(() => undefined);
  for (const relay of relays.splice(0)) await relay.cut();
  await stopSite?.();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 180_000);

/** A TCP relay to the site: a station that reaches the site through it is offline while it is cut. */
function relayToSite(): { port: () => number; open(): Promise<void>; cut(): Promise<void> } {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const relay = {
    port: () => port,
    open: () =>
      new Promise<void>((resolve, reject) => {
        const listening = createServer((client) => {
          const upstream = connect(site.port, '127.0.0.1');
          const drop = () => {
            client.destroy();
            upstream.destroy();
            sockets.delete(client);
            sockets.delete(upstream);
          };
          sockets.add(client).add(upstream);
          for (const socket of [client, upstream]) socket.on('error', drop).on('close', drop);
          client.pipe(upstream).pipe(client);
        });
        listening.once('error', reject);
        listening.listen(port, '127.0.0.1', () => {
          port = (listening.address() as AddressInfo).port;
          server = listening;
          resolve();
        });
      }),
    cut: async () => {
      const listening = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (listening) await new Promise((resolve) => listening.close(resolve));
    },
  };
  relays.push(relay);
  return relay;
}

/** A station's data folder whose station.json names the site with the station's own role (through a relay if given). */
async function joinedStation(relay?: { port: () => number }): Promise<{ dataDir: string; stationId: string; url: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailscreen-lockouts-'));
  folders.push(dataDir);
  const store = Store.open(path.join(dataDir, 'mailscreen.sqlite'));
  const stationId = store.stationId;
  store.close();
  const login = await addStation(admin, stationId);
  const direct = site.url(login.role, login.password);
  const url = relay ? direct.replace(`:${site.port}/`, `:${relay.port()}/`) : direct;
  if (relay) expect(url).not.toBe(direct);
  writeFileSync(path.join(dataDir, 'station.json'), JSON.stringify({ site: { postgres: url } }));
  chmodSync(path.join(dataDir, 'station.json'), 0o600);
  return { dataDir, stationId, url };
}

/** A running station; `reads` counts its roster's reads of the site that failed and that came back. */
async function start(dataDir: string, reads = { failed: 0, read: 0 }): Promise<RunningStation> {
  const station = await startStation({
    dataDir,
    demo: false,
    version: 'test',
    openSiteRoster: (connection) => {
      const roster = new PostgresSiteRoster(connection.postgres);
      return {
        changesAfter: async (seq, limit) => {
          try {
            const changes = await roster.changesAfter(seq, limit);
            reads.read += 1;
            return changes;
          } catch (error) {
            reads.failed += 1;
            throw error;
          }
        },
        close: () => roster.close(),
      };
    },
  });
  running.push(station);
  return station;
}

/** A PIN tried at the console as the console does it: the badge's salt, scrypt here, the key checked inside the site. */
async function atConsole(badge: string, pin: string): Promise<{ status: string; detail: string }> {
  return await asRole(consoleUrl, async (client) => {
    const { rows } = await client.query<{ salt: string | null }>('SELECT site_console_pin_salt($1) AS salt', [badge]);
    const key = await pinKey(pin, rows[0]!.salt!);
    // The scan named does not matter: a refused PIN (or an untrained reviewer) is answered before it is looked at.
    const answer = await client.query<{ status: string; detail: string }>('SELECT status, detail FROM site_console_review_answer($1, $2, $3, 1, $4, $5, $6, NULL, $7)', [badge, key, 'ST-NONE', 'CUSTODY', 'scan:1', 'clear', '']);
    return answer.rows[0]!;
  });
}

async function rosterOperator(badge: string, name: string): Promise<string> {
  const pin = await hashPin(PIN);
  return (await addRosterOperator(admin, { badge, name, role: 'screener', pinSalt: pin.salt, pinHash: pin.hash })).operator.id;
}

async function lockouts(operatorId: string): Promise<Array<{ station: string | null; station_seq: string | null; at_console: boolean; by_role: string; locked_until: string; minutes: number }>> {
  const { rows } = await admin.query(
    `SELECT station, station_seq, at_console, by_role, body->>'lockedUntil' AS locked_until,
            round(extract(epoch FROM (body->>'lockedUntil')::timestamptz - at) / 60)::int AS minutes
       FROM site_roster WHERE change = 'lockedOut' AND operator_id = $1 ORDER BY seq`,
    [operatorId],
  );
  return rows as never;
}

const lockedUntil = (station: RunningStation, operatorId: string) => station.station.store.operators.byId(operatorId)?.lockedUntil ?? null;

function siteEvents(station: RunningStation, operatorId: string): Array<{ actor: string; kind: string; payload: Record<string, unknown> }> {
  return (station.station.store.db.prepare("SELECT actor, kind, payload FROM audit_events WHERE subject_id = ? AND actor LIKE 'site:%' ORDER BY seq").all(operatorId) as Array<{ actor: string; kind: string; payload: string }>).map((row) => ({
    ...row,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  }));
}

describe('one lockout across the site', () => {
  it('five wrong PINs at the console lock the badge at every station, named as the console; a station offline gets it when back; site roster unlock lifts it everywhere', async () => {
    const a = await joinedStation();
    const relay = relayToSite();
    await relay.open();
    const b = await joinedStation(relay);
    const lena = await rosterOperator('LOCK-0001', 'Lena Console');
    const stationA = await start(a.dataDir);
    const readsAtB = { failed: 0, read: 0 };
    const stationB = await start(b.dataDir, readsAtB);
    for (const station of [stationA, stationB]) await waitFor('the roster operator at the station', () => station.station.store.operators.byId(lena) ?? undefined, 30_000);

    // B loses the site; the console is guessed at meanwhile.
    await relay.cut();
    for (const pin of ['111111', '222222', '333333', '444444', '555555']) expect(await atConsole('LOCK-0001', pin)).toMatchObject({ status: 'refused', detail: expect.stringMatching(/do not match/) });
    const [lock] = await lockouts(lena);
    expect(await lockouts(lena)).toEqual([{ station: null, station_seq: null, at_console: true, by_role: CONSOLE_ROLE, locked_until: expect.stringMatching(/Z$/), minutes: 15 }]);
    expect(await atConsole('LOCK-0001', PIN)).toMatchObject({ status: 'refused', detail: expect.stringMatching(/locked at the console after too many wrong PINs/) });

    // A applies it as an event of its own chain, saying where it happened; the right PIN is refused there.
    await waitFor('the console lockout at station A', () => lockedUntil(stationA, lena) ?? undefined, 60_000);
    expect(lockedUntil(stationA, lena)).toBe(lock!.locked_until);
    expect(await refusal(stationA.station.operators.logIn('LOCK-0001', PIN))).toMatch(/locked after too many wrong PINs/);
    expect(siteEvents(stationA, lena).at(-1)).toMatchObject({ kind: 'operator.lockedOut', actor: `site:${CONSOLE_ROLE}`, payload: { lockedUntil: lock!.locked_until, purpose: `locked out at the site console (${CONSOLE_ROLE})` } });
    // B, offline, tried to read the roster since the lockout and could not: it does not have it yet; back online, it does.
    const failedBefore = readsAtB.failed;
    await waitFor("B's roster read failing after the lockout", () => readsAtB.failed > failedBefore, 60_000);
    expect(lockedUntil(stationB, lena)).toBeNull();
    await relay.open();
    await waitFor('the console lockout at station B, back online', () => lockedUntil(stationB, lena) ?? undefined, 90_000);
    expect(lockedUntil(stationB, lena)).toBe(lock!.locked_until);
    expect(await refusal(stationB.station.operators.logIn('LOCK-0001', PIN))).toMatch(/locked after too many wrong PINs/);

    // The stations' records of it (actor site:…) do not come back as lockouts of theirs.
    for (const station of [stationA, stationB]) await waitFor('the station published', () => station.station.publisher?.status().state === 'online', 120_000);
    expect(await lockouts(lena)).toHaveLength(1);

    // site roster unlock: everywhere, the console included.
    await unlockRosterOperator(admin, 'LOCK-0001');
    for (const station of [stationA, stationB]) await waitFor('the unlock at the station', () => lockedUntil(station, lena) === null, 60_000);
    expect((await stationA.station.operators.logIn('LOCK-0001', PIN)).operator.id).toBe(lena);
    expect((await stationB.station.operators.logIn('LOCK-0001', PIN)).operator.id).toBe(lena);
    // The PIN is taken at the console again (Lena has no X-ray training: that is what it says next).
    expect(await atConsole('LOCK-0001', PIN)).toMatchObject({ status: 'refused', detail: expect.stringMatching(/no current X-ray operator qualification/) });
  }, 300_000);

  it("a station's lockout is honoured at the console and not counted there, and makes the console's next lockout twice as long; the console's right PIN unlocks nothing", async () => {
    const c = await joinedStation();
    const mo = await rosterOperator('LOCK-0002', 'Mo Station');
    const stationC = await start(c.dataDir);
    await waitFor('the roster operator at station C', () => stationC.station.store.operators.byId(mo) ?? undefined, 30_000);
    for (let i = 0; i < 10 && !lockedUntil(stationC, mo); i += 1) await refusal(stationC.station.operators.logIn('LOCK-0002', '000000'));
    await waitFor("C's lockout on the roster", async () => (await lockouts(mo)).length > 0, 60_000);
    expect(await lockouts(mo)).toEqual([expect.objectContaining({ station: c.stationId, at_console: false })]);
    for (const pin of [PIN, '111111']) expect(await atConsole('LOCK-0002', pin)).toMatchObject({ status: 'refused', detail: expect.stringMatching(new RegExp(`locked after too many wrong PINs at station ${c.stationId}`)) });
    const { rows: checks } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM site_console_pin_checks WHERE operator_id = $1', [mo]);
    expect(checks[0]!.n).toBe(0);
    expect(lockedUntil(stationC, mo)).not.toBeNull();
    // What lifts a lock at a station lifts it at the console, and nothing else: a new role does not, a new PIN does.
    await changeRosterOperator(admin, 'LOCK-0002', { role: 'coordinator' });
    await waitFor('the new role at station C', () => stationC.station.store.operators.byId(mo)?.role === 'coordinator', 60_000);
    expect(lockedUntil(stationC, mo)).not.toBeNull();
    expect(await atConsole('LOCK-0002', PIN)).toMatchObject({ status: 'refused', detail: expect.stringMatching(/locked after too many wrong PINs at station/) });
    expect((await rosterNow(admin)).find((entry) => entry.id === mo)?.lockedUntil).not.toBeNull();
    const newPin = await hashPin('864213');
    await changeRosterOperator(admin, 'LOCK-0002', { pinSalt: newPin.salt, pinHash: newPin.hash });
    expect((await rosterNow(admin)).find((entry) => entry.id === mo)?.lockedUntil).toBeNull();
    await waitFor('the new PIN at station C, which lifts its lock', () => lockedUntil(stationC, mo) === null, 60_000);
    expect(await atConsole('LOCK-0002', '864213')).toMatchObject({ status: 'refused', detail: expect.stringMatching(/no current X-ray operator qualification/) });

    // A lockout at station C that has ended (written as the trigger writes one, its end in the past,
    // for the time a test cannot wait), then five wrong PINs at the console: 30 minutes, not 15.
    const nell = await rosterOperator('LOCK-0003', 'Nell Twice');
    await admin.query(
      `INSERT INTO site_roster (station, station_seq, operator_id, change, body)
       VALUES ($1, 1, $2, 'lockedOut', jsonb_build_object('lockedUntil', to_char((now() - interval '1 minute') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))`,
      [c.stationId, nell],
    );
    for (const pin of ['111111', '222222', '333333', '444444', '555555']) expect(await atConsole('LOCK-0003', pin)).toMatchObject({ status: 'refused' });
    expect((await lockouts(nell)).map((l) => [l.at_console, l.minutes])).toEqual([
      [false, -1],
      [true, 30],
    ]);
  }, 300_000);

  it("the console's role locks and unlocks no one but through its PIN check", async () => {
    const olu = await rosterOperator('LOCK-0004', 'Olu Target');
    await asRole(consoleUrl, async (client) => {
      for (const [change, body] of [['lockedOut', '{"lockedUntil": "2099-01-01T00:00:00.000Z"}'], ['unlocked', '{}']] as const) {
        expect(await refusal(client.query('INSERT INTO site_roster (operator_id, change, at_console, body) VALUES ($1, $2, true, $3)', [olu, change, body]))).toMatch(/permission denied/);
        expect(await refusal(client.query('INSERT INTO site_roster (operator_id, change, body) VALUES ($1, $2, $3)', [olu, change, body]))).toMatch(/permission denied/);
      }
      expect(await refusal(client.query("UPDATE site_roster SET body = '{}' WHERE change = 'lockedOut'"))).toMatch(/permission denied/);
      expect(await refusal(client.query("DELETE FROM site_roster WHERE change = 'lockedOut'"))).toMatch(/permission denied/);
      expect(await refusal(client.query('SELECT site_custody_halves_rebuild()'))).toMatch(/permission denied/);
    });
    expect(await lockouts(olu)).toEqual([]);
  }, 120_000);

  it("a station's role cannot forge a console lockout: not in the roster, not through the console's function, not through its own events; a lockout event it cannot read never stops its publishing, a NUL in its reason is kept", async () => {
    const pat = await rosterOperator('LOCK-0005', 'Pat Forged');
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-lockouts-forger-'));
    folders.push(dir);
    const store = Store.open(path.join(dir, 'mailscreen.sqlite'));
    const login = await addStation(admin, store.stationId);
    const url = site.url(login.role, login.password);
    await asRole(url, async (client) => {
      expect(await refusal(client.query("INSERT INTO site_roster (operator_id, change, at_console, body) VALUES ($1, 'lockedOut', true, '{\"lockedUntil\": \"2099-01-01T00:00:00.000Z\"}')", [pat]))).toMatch(/permission denied/);
      expect(await refusal(client.query("SELECT * FROM site_console_review_answer('LOCK-0005', 'x', 'ST-NONE', 1, 'C', 's', 'clear', NULL, '')"))).toMatch(/permission denied/);
      expect(await refusal(client.query('SELECT site_console_pin_salt($1)', ['LOCK-0005']))).toMatch(/permission denied/);
    });

    const soon = new Date(Date.now() + 20 * 60_000).toISOString();
    const lockout = (actor: string, payload: Record<string, unknown>) =>
      store.transaction(() => store.audit.append({ actor, kind: 'operator.lockedOut', subjectType: 'operator', subjectId: pat, mode: 'live', payload } as never));
    // Claims to be the console's lockout, in the payload and as an applied one: still this station's, or nothing.
    lockout('station', { lockedUntil: soon, failedAttempts: 5, purpose: `locked out at the site console (${CONSOLE_ROLE})`, atConsole: true, at: 'console' });
    lockout(`site:${CONSOLE_ROLE}`, { lockedUntil: soon, failedAttempts: 0, purpose: `locked out at the site console (${CONSOLE_ROLE})` });
    // Ends that are not a time: before site schema 12 each failed its cast inside the publish transaction.
    lockout('station', { lockedUntil: `${soon}\u0000`, failedAttempts: 5, purpose: 'login' });
    lockout('station', { lockedUntil: '2026-13-45T00:00:00.000Z', failedAttempts: 5, purpose: 'login' });
    // A NUL in the reason: the lockout is the station's as any other.
    lockout('station', { lockedUntil: soon, failedAttempts: 5, purpose: 'wrong\u0000PIN' });
    const events = publishedEvents(store);
    const link = new PostgresSiteLink(url);
    try {
      expect((await link.publish(store.stationId, events)).seq).toBe(events.at(-1)!.seq);
    } finally {
      await link.close();
      store.close();
    }
    const seqs = events.filter((e) => e.kind === 'operator.lockedOut').map((e) => e.seq);
    expect(await lockouts(pat)).toEqual([
      { station: store.stationId, station_seq: String(seqs[0]), at_console: false, by_role: login.role, locked_until: new Date(soon).toISOString(), minutes: 20 },
      { station: store.stationId, station_seq: String(seqs[4]), at_console: false, by_role: login.role, locked_until: new Date(soon).toISOString(), minutes: 20 },
    ]);
    const { rows } = await admin.query<{ exact: string | null }>('SELECT exact FROM station_events WHERE station = $1 AND seq = $2', [store.stationId, seqs[4]]);
    expect(rows[0]!.exact).toContain('wrong\\\\u0000PIN');
  }, 120_000);
});
