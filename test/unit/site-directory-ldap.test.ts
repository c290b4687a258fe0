// The site's LDAP / Active Directory sync (site directory sync), against a real slapd and a real
// PostgreSQL: run where the site admin runs it, with the settings and password file of a data
// folder's station.json, applied as one revision of the site's LDAP people by the station's own
// rules; a changed and a removed person follow; a wrong password keeps the site's last good
// directory and says so; a station in the site gets the LDAP people as its copy.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { addStation, siteDirectoryRevision } from '../../src/main/site/index.ts';
import { DirectoryRepository, Store } from '../../src/main/store/index.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { startSlapd, type Slapd } from '../helpers/slapd.ts';
import { waitFor } from '../helpers/wait.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
let slapd: Slapd;
const folders: string[] = [];
const running: RunningStation[] = [];

beforeAll(async () => {
  ({ site, admin, stop: stopSite } = await startSiteDatabase());
  slapd = await startSlapd({
    people: [
      { cn: 'Ada Lovelace', displayName: 'Ada Lovelace', mail: 'ada@example.org', department: 'Engineering', employeeID: 'E100', employeeNumber: 'BADGE-100' },
      { cn: 'Grace Hopper', displayName: 'Grace Hopper', mail: 'grace@example.org', department: 'Navy', employeeID: 'E102' },
      { cn: 'Alan Turing', displayName: 'Alan Turing', mail: 'alan@example.org', employeeID: 'E103' },
    ],
  });
}, 180_000);
afterAll(async () => {
  for (const station of running.splice(0)) await station.close().catch(() => undefined);
  await slapd?.stop();
  await stopSite?.();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 180_000);

function folder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

/** The site admin's folder: a station.json with the LDAP settings, and the bind password in its own file. */
function adminFolder(password: string, overrides: Record<string, unknown> = {}): string {
  const dir = folder('mailscreen-sitedir-ldap-');
  const ldap = { url: slapd.url, bindDN: slapd.bindDN, passwordFile: 'ldap-password', baseDN: slapd.baseDN, filter: '(objectClass=inetOrgPerson)', attributes: { key: 'employeeID', badge: 'employeeNumber' }, ...overrides };
  writeFileSync(path.join(dir, 'station.json'), JSON.stringify({ directory: { ldap } }));
  writeFileSync(path.join(dir, 'ldap-password'), `${password}\n`, { mode: 0o600 });
  return dir;
}

function sync(dir: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, '../../src/main/cli/main.ts'), 'site', 'directory', 'sync', '--config', dir, '--postgres', site.adminUrl], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const sitePeople = async () => (await admin.query<{ key: string; name: string; department: string | null; source: string; active: boolean }>('SELECT key, name, department, source, active FROM site_directory_people ORDER BY key')).rows;
const siteRevision = async () => Number((await admin.query<{ n: string | null }>('SELECT max(revision) AS n FROM site_directory_revisions')).rows[0]!.n ?? 0);

describe("the site's LDAP sync", () => {
  it('applies the directory as one revision of LDAP people; a changed and a removed person follow; a wrong password keeps the last good directory; a station gets them', async () => {
    const dir = adminFolder(slapd.password);
    const first = sync(dir);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ source: 'ldap', read: 3, added: 3, revision: 1 });
    expect(await sitePeople()).toEqual([
      { key: 'E100', name: 'Ada Lovelace', department: 'Engineering', source: 'ldap', active: true },
      { key: 'E102', name: 'Grace Hopper', department: 'Navy', source: 'ldap', active: true },
      { key: 'E103', name: 'Alan Turing', department: null, source: 'ldap', active: true },
    ]);

    // A station in the site takes them as its copy, with their source.
    const dataDir = folder('mailscreen-sitedir-ldap-station-');
    const store = Store.open(path.join(dataDir, 'mailscreen.sqlite'));
    const stationId = store.stationId;
    store.close();
    const login = await addStation(admin, stationId);
    writeFileSync(path.join(dataDir, 'station.json'), JSON.stringify({ site: { postgres: site.url(login.role, login.password) } }));
    chmodSync(path.join(dataDir, 'station.json'), 0o600);
    const station = await startStation({ dataDir, demo: false, version: 'test' });
    running.push(station);
    await waitFor('the LDAP people at the station', () => siteDirectoryRevision(station.station.store) === 1, 60_000);
    expect(new DirectoryRepository(station.station.store.db).byBadge('BADGE-100')).toMatchObject({ key: 'E100', source: 'ldap' });

    // A changed and a removed person.
    await slapd.modifyPerson('Grace Hopper', 'department', 'Research');
    await slapd.deletePerson('Alan Turing');
    const second = sync(dir);
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ read: 2, changed: 1, removed: 1, revision: 2 });
    expect((await sitePeople()).map((p) => [p.key, p.department, p.active])).toEqual([
      ['E100', 'Engineering', true],
      ['E102', 'Research', true],
      ['E103', null, false],
    ]);
    await waitFor('revision 2 at the station', () => siteDirectoryRevision(station.station.store) === 2, 60_000);
    expect(new DirectoryRepository(station.station.store.db).byKey('E103')).toMatchObject({ active: false });

    // Nothing changed: no revision, nothing for the stations to fetch.
    expect(JSON.parse(sync(dir).stdout)).toMatchObject({ unchanged: 2, revision: null });

    // A wrong password: refused in one line, the site's last good directory kept.
    const wrong = sync(adminFolder('not-the-password'));
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/last good directory stays in use/);
    expect(await siteRevision()).toBe(2);
    expect((await sitePeople()).filter((p) => p.active)).toHaveLength(2);

    // A folder without LDAP settings says what is missing.
    const none = folder('mailscreen-sitedir-noldap-');
    writeFileSync(path.join(none, 'station.json'), '{}');
    const missing = sync(none);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/has no directory\.ldap settings/);
  }, 240_000);

  it('a sync that would remove everyone it gave says the setting to use there (it has no --allow-removing-all), and applies with it', async () => {
    const revision = await siteRevision();
    const active = (await sitePeople()).filter((p) => p.active).map((p) => p.key);
    expect(active.length).toBeGreaterThan(0);
    // The key mapped to the e-mail address instead: every person the sync gave would be new.
    const newKeys = { attributes: { key: 'mail', badge: 'employeeNumber' } };
    const refused = sync(adminFolder(slapd.password, newKeys));
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/This would remove all \d+ people the LDAP directory gave .*If that is meant, set "allowRemovingAll": true in directory\.ldap of station\.json for the next sync/);
    expect(refused.stderr).not.toContain('--allow-removing-all');
    expect(await siteRevision()).toBe(revision);
    expect((await sitePeople()).filter((p) => p.active).map((p) => p.key)).toEqual(active);

    const allowed = sync(adminFolder(slapd.password, { ...newKeys, allowRemovingAll: true }));
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ removed: active.length, revision: revision + 1 });
    expect((await sitePeople()).filter((p) => p.active).map((p) => p.key)).toEqual(['ada@example.org', 'grace@example.org']);
  }, 240_000);
});
