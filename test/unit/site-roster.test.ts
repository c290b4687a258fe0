// The operator roster across stations, on a real PostgreSQL with two real stations: the roster is
// managed once at the site and reaches every station (written there as events of its own chain, the
// PIN only as the hashes the stations store); a lockout at one station locks the badge at all; a
// station's role reads the roster and cannot write in it (a station making itself an admin is
// refused by PostgreSQL); the console reads who changed what, never the PIN hashes.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../src/main/core/pin.ts';
import { OperatorService } from '../../src/main/core/operatorService.ts';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { addConsole, addRosterOperator, addStation, changeRosterOperator, PostgresSiteLink, rosterNow, unlockRosterOperator, recordRosterTraining } from '../../src/main/site/index.ts';
import { publishedEvents } from '../helpers/siteEvents.ts';
import { checkStateHere } from '../../src/main/store/verifyStore.ts';
import { Store, TrainingRepository } from '../../src/main/store/index.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { asRole, refusal } from '../helpers/siteRoles.ts';
import { waitFor } from '../helpers/wait.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
const folders: string[] = [];
const running: RunningStation[] = [];

beforeAll(async () => {
  ({ site, admin, stop: stopSite } = await startSiteDatabase());
}, 180_000);
afterAll(async () => {
  for (const station of running.splice(0)) await station.close().catch(() => undefined);
  await stopSite?.();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 180_000);

/** A station's data folder whose station.json names the site with the station's own role; its id made first. */
async function joinedStation(): Promise<{ dataDir: string; stationId: string; url: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailscreen-roster-'));
  folders.push(dataDir);
  const store = Store.open(path.join(dataDir, 'mailscreen.sqlite'));
  const stationId = store.stationId;
  store.close();
  const login = await addStation(admin, stationId);
  const url = site.url(login.role, login.password);
  writeFileSync(path.join(dataDir, 'station.json'), JSON.stringify({ site: { postgres: url } }));
  chmodSync(path.join(dataDir, 'station.json'), 0o600);
  return { dataDir, stationId, url };
}

async function start(dataDir: string): Promise<RunningStation> {
  const station = await startStation({ dataDir, demo: false, version: 'test' });
  running.push(station);
  return station;
}

function lockedUntil(station: RunningStation, operatorId: string): string | null {
  return station.station.store.operators.byId(operatorId)?.lockedUntil ?? null;
}

function siteEvents(station: RunningStation, operatorId: string): Array<{ actor: string; kind: string; payload: Record<string, unknown> }> {
  return (station.station.store.db.prepare("SELECT actor, kind, payload FROM audit_events WHERE subject_id = ? AND actor LIKE 'site:%' ORDER BY seq").all(operatorId) as Array<{ actor: string; kind: string; payload: string }>).map((row) => ({
    ...row,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  }));
}

describe('the roster across stations', () => {
  it('reaches every station as events of its own chain; a lockout at one station locks the badge at all; a change made at the site reaches both, and is refused at a station', async () => {
    const a = await joinedStation();
    const b = await joinedStation();
    const pin = await hashPin('739154');
    const { operator } = await addRosterOperator(admin, { badge: 'SITE-0042', name: 'Ada Site', role: 'coordinator', pinSalt: pin.salt, pinHash: pin.hash });
    const stationA = await start(a.dataDir);
    const stationB = await start(b.dataDir);

    // The roster reaches both, as the hashes the site holds: the PIN works at each, offline copy included.
    for (const station of [stationA, stationB]) {
      await waitFor('the roster operator at the station', () => station.station.store.operators.byId(operator.id) ?? undefined, 30_000);
      const mine = station.station.store.operators.byId(operator.id)!;
      expect(mine).toMatchObject({ badge: 'SITE-0042', name: 'Ada Site', role: 'coordinator', pinSalt: pin.salt, pinHash: pin.hash, active: true, mustChangePin: false });
      expect(siteEvents(station, operator.id)).toEqual([{ actor: 'site:postgres', kind: 'operator.created', payload: expect.objectContaining({ badge: 'SITE-0042', via: 'site', role: 'coordinator' }) }]);
      // No PIN and no PIN hash in the station's record: the event carries the fingerprint only.
      expect(JSON.stringify(siteEvents(station, operator.id))).not.toContain(pin.hash);
    }
    expect((await stationA.station.operators.logIn('SITE-0042', '739154')).operator.id).toBe(operator.id);

    // Wrong PINs at A until A locks the badge: the lock goes to the site with A's record, and B locks it too.
    for (let i = 0; i < 10 && !lockedUntil(stationA, operator.id); i += 1) await refusal(stationA.station.operators.logIn('SITE-0042', '000000'));
    const lockedAtA = lockedUntil(stationA, operator.id);
    expect(lockedAtA).not.toBeNull();
    await waitFor('the lockout at station B', () => lockedUntil(stationB, operator.id) ?? undefined, 60_000);
    expect(lockedUntil(stationB, operator.id)).toBe(lockedAtA);
    expect(await refusal(stationB.station.operators.logIn('SITE-0042', '739154'))).toMatch(/locked after too many wrong PINs/);
    expect(siteEvents(stationB, operator.id).at(-1)).toMatchObject({ kind: 'operator.lockedOut', actor: `site:${'mailscreen_station_' + a.stationId}`, payload: { lockedUntil: lockedAtA, purpose: `locked out at station ${a.stationId}` } });
    // B's own record of the lock does not go round again: the roster holds one lockout, A's.
    await waitFor('B published', () => stationB.station.publisher?.status().state === 'online', 30_000);
    const { rows: locks } = await admin.query("SELECT station FROM site_roster WHERE change = 'lockedOut'");
    expect(locks).toEqual([{ station: a.stationId }]);

    // The site admin unlocks and makes them an admin: both stations follow; A's copy refuses a local change.
    await unlockRosterOperator(admin, 'SITE-0042');
    await changeRosterOperator(admin, 'SITE-0042', { role: 'admin' });
    await recordRosterTraining(admin, 'SITE-0042', { kind: 'ppe', completedOn: '2026-01-05', expiresOn: '2027-01-05', trainer: 'Safety Office' });
    for (const station of [stationA, stationB]) {
      await waitFor('the role change at the station', () => station.station.store.operators.byId(operator.id)?.role === 'admin', 30_000);
      expect(lockedUntil(station, operator.id)).toBeNull();
      await waitFor('the training at the station', () => station.station.operators.list().find((o) => o.id === operator.id)?.training.length, 30_000);
    }
    const session = await stationA.station.operators.logIn('SITE-0042', '739154');
    expect(await refusal(Promise.resolve().then(() => stationA.station.operators.changeRole(session.operator, operator.id, 'screener')))).toMatch(/on the site's roster: changing their role is done by the site admin/);
    expect(await refusal(stationA.station.operators.changePin('SITE-0042', '739154', '246810'))).toMatch(/on the site's roster/);
    expect(siteEvents(stationA, operator.id).map((e) => e.kind)).toEqual(['operator.created', 'operator.unlocked', 'operator.roleChanged', 'training.recorded']);

    // Each station's tables replay from its own chain, the roster's events included.
    for (const station of [stationA, stationB]) expect(checkStateHere(station.station.store.db, undefined, null).state.problems).toEqual([]);

    // The site roster says the same, and who changed what.
    expect(await rosterNow(admin)).toEqual([expect.objectContaining({ badge: 'SITE-0042', role: 'admin', lockedUntil: null, active: true })]);
  }, 240_000);

  it('a station\'s role reads the roster and cannot write in it: making itself an admin is refused by PostgreSQL; the console never reads the PIN hashes', async () => {
    const { dataDir, stationId, url } = await joinedStation();
    const pin = await hashPin('5179');
    const { operator } = await addRosterOperator(admin, { badge: 'SITE-0099', name: 'Sam Screener', role: 'screener', pinSalt: pin.salt, pinHash: pin.hash });
    // Its own chain is the one way a station adds to the roster: a lockout it recorded (actor
    // 'station'), bounded to a day whatever end it names; an event claiming to come from the site is not one.
    const store = Store.open(path.join(dataDir, 'mailscreen.sqlite'));
    try {
      const lock = { kind: 'operator.lockedOut', subjectType: 'operator', subjectId: operator.id, mode: 'live', payload: { lockedUntil: '2099-01-01T00:00:00.000Z', failedAttempts: 5 } } as const;
      store.transaction(() => store.audit.append({ ...lock, actor: 'station' }));
      store.transaction(() => store.audit.append({ ...lock, actor: 'site:postgres' }));
      const link = new PostgresSiteLink(url);
      await link.publish(stationId, publishedEvents(store)).finally(() => link.close());
    } finally {
      store.close();
    }
    const { rows: locks } = await admin.query<{ station: string; until: string; within: boolean }>(
      "SELECT station, body->>'lockedUntil' AS until, (body->>'lockedUntil')::timestamptz <= now() + interval '1 day' AS within FROM site_roster WHERE change = 'lockedOut' AND operator_id = $1",
      [operator.id],
    );
    expect(locks).toEqual([{ station: stationId, until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), within: true }]);
    await asRole(url, async (station) => {
      expect((await station.query("SELECT operator_id FROM site_roster WHERE change = 'operator' AND operator_id = $1", [operator.id])).rowCount).toBe(1);
      const admins = JSON.stringify({ badge: 'SITE-0099', name: 'Sam Screener', role: 'admin', active: true });
      expect(await refusal(station.query("INSERT INTO site_roster (operator_id, change, pin_salt, pin_hash, body) VALUES ($1, 'operator', $2, $3, $4)", [operator.id, pin.salt, pin.hash, admins]))).toMatch(/permission denied/);
      expect(await refusal(station.query("INSERT INTO site_roster (operator_id, change, body) VALUES ($1, 'unlocked', '{}')", [operator.id]))).toMatch(/permission denied/);
      expect(await refusal(station.query("INSERT INTO site_roster (station, operator_id, change, body) VALUES ($1, $2, 'lockedOut', '{\"lockedUntil\":\"2099-01-01T00:00:00.000Z\"}')", [stationId, operator.id]))).toMatch(/permission denied/);
      expect(await refusal(station.query("UPDATE site_roster SET body = jsonb_set(body, '{role}', '\"admin\"') WHERE operator_id = $1", [operator.id]))).toMatch(/permission denied/);
      expect(await refusal(station.query('DELETE FROM site_roster WHERE operator_id = $1', [operator.id]))).toMatch(/permission denied/);
    });
    // The administrator cannot rewrite the roster's history either: a change is a new row.
    expect(await refusal(admin.query("UPDATE site_roster SET body = jsonb_set(body, '{role}', '\"admin\"') WHERE operator_id = $1", [operator.id]))).toMatch(/append-only/);
    // Nor give a badge the roster holds to another operator.
    expect(await refusal(addRosterOperator(admin, { badge: 'SITE-0099', name: 'Someone Else', role: 'admin', pinSalt: pin.salt, pinHash: pin.hash }))).toMatch(/on the site roster already/);
    expect(await refusal(admin.query("INSERT INTO site_roster (operator_id, change, pin_salt, pin_hash, body) VALUES (gen_random_uuid()::text, 'operator', 'x', 'y', $1)", [JSON.stringify({ badge: 'SITE-0099', name: 'X', role: 'admin', active: true })]))).toMatch(/already belongs to another operator/);

    const console = await addConsole(admin, `roster${Date.now() % 100000}`);
    await asRole(site.url(console.role, console.password), async (office) => {
      expect((await office.query("SELECT body->>'role' AS role, by_role FROM site_roster WHERE change = 'operator' AND operator_id = $1", [operator.id])).rows).toEqual([{ role: 'screener', by_role: 'postgres' }]);
      expect(await refusal(office.query('SELECT pin_hash FROM site_roster'))).toMatch(/permission denied/);
      expect(await refusal(office.query("INSERT INTO site_roster (operator_id, change, body) VALUES ($1, 'unlocked', '{}')", [operator.id]))).toMatch(/permission denied/);
    });
  }, 120_000);

  it('is managed with site roster: a station\'s operators imported with their ids, a new one added with the PIN on standard input (its rule checked, only the hash sent), the last admin kept', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mailscreen-roster-import-'));
    folders.push(dataDir);
    const dbFile = path.join(dataDir, 'mailscreen.sqlite');
    const store = Store.open(dbFile);
    const local = new OperatorService(store, new TrainingRepository(store.db), 'live', { maxFailedPins: 5, lockoutMinutes: () => 15 }, () => new Date());
    const first = await local.setupFirstAdmin({ badge: 'IMPORT-0001', name: 'Ines Import', pin: '135790' });
    store.close();
    const roster = (args: string[], input = '') => {
      const result = spawnSync(process.execPath, [path.join(import.meta.dirname, '../../src/main/cli/main.ts'), 'site', 'roster', ...args, '--postgres', site.adminUrl], { encoding: 'utf8', input, timeout: 60_000 });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const imported = roster(['import', '--db', dbFile]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: ['IMPORT-0001'] });
    expect((await admin.query("SELECT operator_id FROM site_roster WHERE body->>'badge' = 'IMPORT-0001'")).rows).toEqual([{ operator_id: first.id }]);
    // A second import passes over what the roster holds.
    expect(JSON.parse(roster(['import', '--db', dbFile]).stdout)).toMatchObject({ imported: [], passedOver: [{ badge: 'IMPORT-0001' }] });

    const weak = roster(['add', '--badge', 'CLI-0007', '--name', 'Cleo Cli', '--role', 'coordinator'], '1234\n');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toMatch(/PIN is 6 to 12 digits/);
    const added = roster(['add', '--badge', 'CLI-0007', '--name', 'Cleo Cli', '--role', 'coordinator'], '739154\n');
    expect(added.status, added.stderr).toBe(0);
    const { rows } = await admin.query<{ pin_hash: string; body: unknown }>("SELECT pin_hash, body FROM site_roster WHERE body->>'badge' = 'CLI-0007'");
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('739154');
    expect(rows[0]!.pin_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    expect(roster(['role', '--badge', 'CLI-0007', '--role', 'admin']).status).toBe(0);
    expect(roster(['unlock', '--badge', 'NOBODY-1']).stderr).toMatch(/the site roster has no operator with badge "NOBODY-1"/);
    const list = JSON.parse(roster(['list']).stdout) as { roster: Array<{ badge: string; role: string }> };
    expect(list.roster).toEqual(expect.arrayContaining([expect.objectContaining({ badge: 'CLI-0007', role: 'admin' }), expect.objectContaining({ badge: 'IMPORT-0001', role: 'admin' })]));
    // Every other active admin deactivated, the last one is kept: the stations would have nobody to manage them.
    for (const admins of list.roster.filter((o) => o.role === 'admin' && o.badge !== 'IMPORT-0001')) expect(roster(['deactivate', '--badge', admins.badge]).status).toBe(0);
    const last = roster(['deactivate', '--badge', 'IMPORT-0001']);
    expect(last.status).toBe(2);
    expect(last.stderr).toMatch(/the roster's last active admin/);
  }, 180_000);

  it('offline, a station works with its copy and its lockout waits in its record; back online, the lockout reaches the site and a station that joins later gets the roster and the lock', async () => {
    const c = await joinedStation();
    const pin = await hashPin('2468');
    const { operator } = await addRosterOperator(admin, { badge: 'OFF-0001', name: 'Otto Offline', role: 'screener', pinSalt: pin.salt, pinHash: pin.hash });
    const stationC = await start(c.dataDir);
    await waitFor('the roster operator at station C', () => stationC.station.store.operators.byId(operator.id) ?? undefined, 30_000);

    await site.stopServer();
    await waitFor('C sees the site gone', () => stationC.station.publisher?.status().state === 'offline', 60_000);
    expect((await stationC.station.operators.logIn('OFF-0001', '2468')).operator.id).toBe(operator.id);
    for (let i = 0; i < 10 && !lockedUntil(stationC, operator.id); i += 1) await refusal(stationC.station.operators.logIn('OFF-0001', '9999'));
    const lockedAtC = lockedUntil(stationC, operator.id);
    expect(lockedAtC).not.toBeNull();

    await site.startServer();
    const again = new pg.Client({ connectionString: site.adminUrl });
    again.on('error', () => undefined);
    await again.connect();
    await admin.end().catch(() => undefined);
    admin = again;
    await waitFor('C\'s lockout at the site', async () => ((await admin.query("SELECT 1 FROM site_roster WHERE change = 'lockedOut' AND station = $1 AND operator_id = $2", [c.stationId, operator.id])).rowCount ?? 0) > 0, 90_000);

    const d = await joinedStation();
    const stationD = await start(d.dataDir);
    await waitFor('the lockout at station D, which joined after it', () => lockedUntil(stationD, operator.id) ?? undefined, 60_000);
    expect(lockedUntil(stationD, operator.id)).toBe(lockedAtC);
    expect(siteEvents(stationD, operator.id).map((e) => e.kind)).toEqual(['operator.created', 'operator.lockedOut']);
  }, 300_000);
});
