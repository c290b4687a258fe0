// The recipient directory at the site (issue 14 point 1, with issue 13's site), on a real PostgreSQL
// with two real stations: managed once at the site (site directory import / contacts / proxy, the
// station's own CSV rules and preview), reaching every station as ONE transaction of its own
// audited directory changes (actor site:<role>), kept offline and caught up when back; a station's
// role reads the directory and cannot write it; a station in a site refuses local directory changes.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { addConsole, addStation, setSiteDepartmentContacts, setSiteProxy, siteDirectoryRevision } from '../../src/main/site/index.ts';
import { checkStateHere } from '../../src/main/store/verifyStore.ts';
import { DirectoryRepository, Store } from '../../src/main/store/index.ts';
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

function folder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

/** A station's data folder whose station.json names the site with the station's own role; its id made first. */
async function joinedStation(): Promise<{ dataDir: string; stationId: string; url: string }> {
  const dataDir = folder('mailscreen-sitedir-');
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

async function stop(station: RunningStation): Promise<void> {
  running.splice(running.indexOf(station), 1);
  await station.close();
}

const CLI = path.join(import.meta.dirname, '../../src/main/cli/main.ts');
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const siteDirectory = (args: string[]) => cli(['site', 'directory', ...args, '--postgres', site.adminUrl]);
const lines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

const HEADER = 'displayName,mail,department,physicalDeliveryOfficeName,employeeID,badge';

function csvFile(dir: string, name: string, rows: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, [HEADER, ...rows].join('\r\n'));
  return file;
}

const listed = (station: RunningStation) => new DirectoryRepository(station.station.store.db).listed().sort((a, b) => a.key.localeCompare(b.key));
const siteRevision = async () => Number((await admin.query<{ n: string | null }>('SELECT max(revision) AS n FROM site_directory_revisions')).rows[0]!.n ?? 0);

function directoryEvents(station: RunningStation, afterSeq = 0): Array<{ seq: number; actor: string; kind: string; subject_id: string; payload: Record<string, unknown> }> {
  return (
    station.station.store.db.prepare("SELECT seq, actor, kind, subject_id, payload FROM audit_events WHERE kind LIKE 'directory.%' AND seq > ? ORDER BY seq").all(afterSeq) as Array<{ seq: number; actor: string; kind: string; subject_id: string; payload: string }>
  ).map((row) => ({ ...row, payload: JSON.parse(row.payload) as Record<string, unknown> }));
}

const lastSeq = (station: RunningStation) => (station.station.store.db.prepare('SELECT max(seq) AS seq FROM audit_events').get() as { seq: number }).seq;

describe('the directory at the site', () => {
  it('an import at the site reaches both stations as their own audited changes; a changed and a removed person, contacts and proxies follow; a station in a site refuses local changes', async () => {
    const work = folder('mailscreen-sitedir-files-');
    const a = await joinedStation();
    const b = await joinedStation();
    const stationA = await start(a.dataDir);
    const stationB = await start(b.dataDir);
    const first = csvFile(work, 'people.csv', ['Zoë Müller,zoe.muller@example.org,Finance,B2-114,E100,BADGE-100', 'Ana Ruiz,ana.ruiz@example.org,Legal,A1-010,E101,', 'Tom Lee,tom.lee@example.org,Finance,B2-120,E102,BADGE-102']);

    // A preview changes nothing at the site; --apply makes revision 1.
    const preview = siteDirectory(['import', first]);
    expect(preview.status, preview.stderr).toBe(0);
    expect(lines(preview.stdout).at(-1)).toMatchObject({ rows: 3, added: 3, applied: false, revision: null });
    expect(await siteRevision()).toBe(0);
    const applied = siteDirectory(['import', first, '--apply']);
    expect(applied.status, applied.stderr).toBe(0);
    expect(lines(applied.stdout).at(-1)).toMatchObject({ added: 3, applied: true, revision: 1 });

    for (const station of [stationA, stationB]) {
      await waitFor('the site directory at the station', () => listed(station).length === 3, 60_000);
      expect(listed(station).map((p) => [p.key, p.name, p.badge, p.source])).toEqual([
        ['E100', 'Zoë Müller', 'BADGE-100', 'csv'],
        ['E101', 'Ana Ruiz', null, 'csv'],
        ['E102', 'Tom Lee', 'BADGE-102', 'csv'],
      ]);
      const events = directoryEvents(station);
      expect(events.map((e) => [e.actor, e.kind])).toEqual([...Array(3).fill(['site:postgres', 'directory.personAdded']), ['site:postgres', 'directory.imported']]);
      expect(events.at(-1)!.payload).toMatchObject({ source: 'csv', fileName: 'people.csv', added: 3 });
      expect(siteDirectoryRevision(station.station.store)).toBe(1);
      // The picker finds them (typo and accent tolerant, as with a station's own directory).
      expect(station.station.directory.index().search('zoe muler', 5).map((m) => m.person.key)).toContain('E100');
    }

    // A changed and a removed person, a department's contacts and a proxy: three more revisions.
    const before = { a: lastSeq(stationA), b: lastSeq(stationB) };
    const second = csvFile(work, 'people-2.csv', ['Zoë Müller,zoe.muller@example.org,Treasury,B2-114,E100,BADGE-100', 'Ana Ruiz,ana.ruiz@example.org,Legal,A1-010,E101,BADGE-102']);
    expect(siteDirectory(['import', second, '--apply']).status).toBe(0);
    const contacts = siteDirectory(['contacts', '--department', 'Treasury', '--contact', 'Fay Finance <fay@example.org>']);
    expect(contacts.status, contacts.stderr).toBe(0);
    expect(siteDirectory(['proxy', '--person', 'E100', '--proxy', 'E101']).status).toBe(0);
    // A proxy for someone the site does not list is refused at the site, one line.
    const unknown = siteDirectory(['proxy', '--person', 'E100', '--proxy', 'E999']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no one listed in the site's directory has the key "E999"/);
    expect(await siteRevision()).toBe(4);
    const status = siteDirectory(['status']);
    expect(status.status, status.stderr).toBe(0);
    const said = JSON.parse(status.stdout) as { revision: number; by: string; last: Array<{ revision: number; change: string; details: Record<string, unknown> }> };
    expect(said).toMatchObject({ revision: 4, by: 'postgres' });
    expect(said.last.map((r) => [r.revision, r.change])).toEqual([[4, 'proxy'], [3, 'departmentContacts'], [2, 'import'], [1, 'import']]);
    expect(said.last[2]!.details).toMatchObject({ source: 'csv', fileName: 'people-2.csv', added: 0, changed: 2, removed: 1 });

    for (const station of [stationA, stationB]) {
      await waitFor('revision 4 at the station', () => siteDirectoryRevision(station.station.store) === 4, 60_000);
      const repo = new DirectoryRepository(station.station.store.db);
      expect(repo.byKey('E100')).toMatchObject({ department: 'Treasury', active: true });
      expect(repo.byKey('E102')).toMatchObject({ name: 'Tom Lee', active: false });
      // The badge passed from the removed person to another in one revision.
      expect(repo.byBadge('BADGE-102')).toMatchObject({ key: 'E101' });
      expect(repo.departmentContacts('Treasury')).toEqual([{ name: 'Fay Finance', email: 'fay@example.org' }]);
      expect(repo.proxiesOf('E100')).toEqual(['E101']);
      const since = directoryEvents(station, station === stationA ? before.a : before.b);
      expect(new Set(since.map((e) => e.actor))).toEqual(new Set(['site:postgres']));
      expect(since.map((e) => e.kind)).toEqual(expect.arrayContaining(['directory.personChanged', 'directory.personRemoved', 'directory.imported', 'directory.departmentContactsSet', 'directory.proxySet']));
      // Its tables replay from its own chain, the site's changes included.
      expect(checkStateHere(station.station.store.db, undefined, null).state.problems).toEqual([]);
    }

    // A station in a site refuses a local import, contacts and proxies, naming the site command.
    const screen = stationA.station.directory;
    expect(() => screen.importCsv({ fileName: 'local.csv', csvBase64: Buffer.from(`${HEADER}\nLou Local,lou@example.org,,,E500,\n`).toString('base64'), apply: true }, 'operator:x')).toThrow(/site directory import/);
    expect(() => screen.setDepartmentContacts({ department: 'Legal', contacts: [] }, 'operator:x')).toThrow(/site directory contacts/);
    expect(() => screen.setProxy({ personKey: 'E101', proxyKey: 'E100', allowed: true }, 'operator:x')).toThrow(/site directory proxy/);
    const local = cli(['directory', 'import', first, '--db', path.join(b.dataDir, 'mailscreen.sqlite'), '--apply']);
    expect(local.status).toBe(2);
    expect(local.stderr.trim().split('\n')).toHaveLength(1);
    expect(local.stderr).toMatch(/this station is in a site.*site directory import <file\.csv>/);
  }, 300_000);

  it('a station offline while the site changes gets the newest revision when it is back, in one transaction; a station that joins late gets the whole directory', async () => {
    const work = folder('mailscreen-sitedir-files-');
    const a = await joinedStation();
    let stationA = await start(a.dataDir);
    const now = await siteRevision();
    await waitFor('the current revision at A', () => siteDirectoryRevision(stationA.station.store) === now, 60_000);
    await stop(stationA);
    const seqBefore = (() => {
      const store = Store.open(path.join(a.dataDir, 'mailscreen.sqlite'));
      try {
        return (store.db.prepare('SELECT max(seq) AS seq FROM audit_events').get() as { seq: number }).seq;
      } finally {
        store.close();
      }
    })();

    // While A is off: a new person, a proxy withdrawn, the department's contacts changed.
    expect(siteDirectory(['import', csvFile(work, 'people-3.csv', ['Zoë Müller,zoe.muller@example.org,Treasury,B2-114,E100,BADGE-100', 'Ana Ruiz,ana.ruiz@example.org,Legal,A1-010,E101,BADGE-102', 'Kai Neu,kai.neu@example.org,Legal,A1-020,E103,']), '--apply']).status).toBe(0);
    await setSiteProxy(admin, 'E100', 'E101', false);
    await setSiteDepartmentContacts(admin, 'Treasury', [{ name: 'Gus Grant', email: 'gus@example.org' }]);
    const newest = await siteRevision();

    stationA = await start(a.dataDir);
    await waitFor('the newest revision at A', () => siteDirectoryRevision(stationA.station.store) === newest, 60_000);
    const repo = new DirectoryRepository(stationA.station.store.db);
    expect(repo.byKey('E103')).toMatchObject({ name: 'Kai Neu', active: true });
    expect(repo.proxiesOf('E100')).toEqual([]);
    expect(repo.departmentContacts('Treasury')).toEqual([{ name: 'Gus Grant', email: 'gus@example.org' }]);
    // The three revisions arrived as one: the events of the catch-up follow each other with nothing between.
    const caughtUp = directoryEvents(stationA, seqBefore);
    expect(caughtUp.map((e) => e.kind).sort()).toEqual(['directory.departmentContactsSet', 'directory.imported', 'directory.personAdded', 'directory.proxySet']);
    expect(caughtUp.map((e) => e.seq)).toEqual(caughtUp.map((_, i) => caughtUp[0]!.seq + i));

    // A station that joins now reads the whole directory at the newest revision.
    const late = await joinedStation();
    const stationLate = await start(late.dataDir);
    await waitFor('the directory at the late station', () => siteDirectoryRevision(stationLate.station.store) === newest, 60_000);
    expect(listed(stationLate).map((p) => p.key)).toEqual(['E100', 'E101', 'E103']);
    expect(new DirectoryRepository(stationLate.station.store.db).departmentContacts('Treasury')).toEqual([{ name: 'Gus Grant', email: 'gus@example.org' }]);
  }, 300_000);

  it("a station's role reads the directory and writes nothing in it; the console reads it; the revisions are append-only for the admin too", async () => {
    const { url, stationId } = await joinedStation();
    const people = (await admin.query('SELECT count(*)::int AS n FROM site_directory_people')).rows[0] as { n: number };
    await asRole(url, async (station) => {
      expect((await station.query('SELECT count(*)::int AS n FROM site_directory_people')).rows[0]).toEqual(people);
      expect((await station.query('SELECT count(*)::int AS n FROM site_directory_revisions')).rowCount).toBe(1);
      const revision = await siteRevision();
      for (const sql of [
        `INSERT INTO site_directory_revisions (change, details) VALUES ('import', '{}')`,
        `INSERT INTO site_directory_people (key, name, source, revision) VALUES ('X1', 'Mallory', 'csv', ${revision})`,
        "UPDATE site_directory_people SET email = 'mallory@evil.example' WHERE key = 'E100'",
        "DELETE FROM site_directory_people WHERE key = 'E100'",
        `INSERT INTO site_directory_departments (name, contacts, revision) VALUES ('Legal', '[{"name":"M","email":"m@evil.example"}]', ${revision})`,
        `INSERT INTO site_directory_proxies (person_key, proxy_key, revision) VALUES ('E100', 'E103', ${revision})`,
        'DELETE FROM site_directory_proxies',
        'TRUNCATE site_directory_people',
      ]) {
        expect(await refusal(station.query(sql)), `${stationId}: ${sql}`).toMatch(/permission denied/);
      }
    });
    expect((await admin.query("SELECT email FROM site_directory_people WHERE key = 'E100'")).rows).toEqual([{ email: 'zoe.muller@example.org' }]);

    const office = await addConsole(admin, `directory${Date.now() % 100000}`);
    await asRole(site.url(office.role, office.password), async (console) => {
      expect((await console.query('SELECT count(*)::int AS n FROM site_directory_people')).rows[0]).toEqual(people);
      expect(await refusal(console.query("UPDATE site_directory_people SET email = 'x@example.org'"))).toMatch(/permission denied/);
      expect(await refusal(console.query("INSERT INTO site_directory_revisions (change, details) VALUES ('import', '{}')"))).toMatch(/permission denied/);
    });
    expect(await refusal(admin.query("UPDATE site_directory_revisions SET by_role = 'someone'"))).toMatch(/append-only/);
    expect(await refusal(admin.query('DELETE FROM site_directory_revisions'))).toMatch(/append-only/);
  }, 120_000);

  it('a hostile CSV at the site is handled as a station handles it: the same preview by line, formulas kept as text, control characters refused, a huge file, a symlink or a FIFO refused in one line', async () => {
    const work = folder('mailscreen-sitedir-hostile-');
    const revision = await siteRevision();
    // The same file previewed at the site and at a fresh station alone gives the same lines.
    const bad = csvFile(work, 'bad.csv', [
      'Zoë Müller,zoe.muller@example.org,Treasury,B2-114,E100,BADGE-100',
      '"Eve\u202Eevil",eve@example.org,,,E200,',
      '"Bell\u0007",bell@example.org,,,E201,',
      ',noname@example.org,,,E202,',
      'Ann Dup,ann@example.org,,,E100,',
    ]);
    const atSite = siteDirectory(['import', bad, '--apply']);
    expect(atSite.status).toBe(2);
    expect(atSite.stderr.trim().split('\n')).toHaveLength(1);
    expect(atSite.stderr).toMatch(/nothing was applied/);
    const alone = folder('mailscreen-sitedir-alone-');
    Store.open(path.join(alone, 'mailscreen.sqlite')).close();
    const atStation = cli(['directory', 'import', bad, '--db', path.join(alone, 'mailscreen.sqlite'), '--apply']);
    expect(atStation.status).toBe(2);
    const problems = (stdout: string) => lines(stdout).filter((line) => 'problem' in line);
    expect(problems(atSite.stdout)).toEqual(problems(atStation.stdout));
    expect(problems(atSite.stdout).map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(await siteRevision()).toBe(revision);

    // A formula cell is a name like any other: stored as the text it is, at the site and at the stations.
    const formula = "=cmd|' /C calc'!A0";
    const keep = ['Zoë Müller,zoe.muller@example.org,Treasury,B2-114,E100,BADGE-100', 'Ana Ruiz,ana.ruiz@example.org,Legal,A1-010,E101,BADGE-102', 'Kai Neu,kai.neu@example.org,Legal,A1-020,E103,'];
    expect(siteDirectory(['import', csvFile(work, 'formula.csv', [...keep, `"${formula}",f@example.org,"+SUM(A1)",@here,E300,-2+3`]), '--apply']).status).toBe(0);
    expect((await admin.query("SELECT name, department, location, badge FROM site_directory_people WHERE key = 'E300'")).rows).toEqual([{ name: formula, department: '+SUM(A1)', location: '@here', badge: '-2+3' }]);

    const big = path.join(work, 'big.csv');
    writeFileSync(big, `${HEADER}\n${'x'.repeat(21 * 1024 * 1024)}\n`);
    const link = path.join(work, 'link.csv');
    symlinkSync(path.join(work, 'formula.csv'), link);
    const fifo = path.join(work, 'fifo.csv');
    execFileSync('mkfifo', [fifo]);
    mkdirSync(path.join(work, 'folder.csv'));
    for (const [file, why] of [
      [big, /over the limit/],
      [link, /symbolic link/],
      [fifo, /not a regular file/],
      [path.join(work, 'folder.csv'), /folder|not a regular file/],
    ] as const) {
      const result = siteDirectory(['import', file, '--apply']);
      expect(result.status, file).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(why);
      expect(result.stdout).toBe('');
    }
    expect(await siteRevision()).toBe(revision + 1);
  }, 180_000);
});
