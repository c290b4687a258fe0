import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, SizeLimitExceededError } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../src/main/notify/directory/directoryEntry.ts';
import { LdapDirectorySettings } from '../../src/main/notify/directory/ldapSettings.ts';
import { LdapSyncFailed, readLdapDirectory } from '../../src/main/notify/directory/ldapSource.ts';
import { syncDirectory, type DirectorySyncResult } from '../../src/main/notify/directory/ldapSync.ts';
import { directorySyncScheduler } from '../../src/main/core/directorySync.ts';
import { memoryLog } from '../../src/main/log.ts';
import { DirectoryRepository, Store } from '../../src/main/store/index.ts';
import { startSlapd, type Slapd, type TestPerson } from '../helpers/slapd.ts';

// The directory sync against a real OpenLDAP (Debian's slapd) holding a directory in Active
// Directory's attribute names, objectGUID binary as AD stores it, and a page limit like AD's.

/** AD's bytes for the GUID {01234567-89ab-cdef-0123-456789abcdef}: the first three fields little-endian. */
const ADA_GUID = Buffer.from('67452301ab89efcd0123456789abcdef', 'hex');

const PEOPLE: TestPerson[] = [
  { cn: 'Ada Lovelace', displayName: 'Ada Lovelace', mail: 'ada@example.org', department: 'Engineering', physicalDeliveryOfficeName: 'B2-114', employeeID: 'E100', employeeNumber: 'BADGE-100', objectGUID: ADA_GUID },
  { cn: 'Zoë Ångström', displayName: 'Zoë Ångström', mail: 'zoe@example.org', department: 'Legal', employeeID: 'E101', objectGUID: Buffer.from('00112233445566778899aabbccddeeff', 'hex') },
  { cn: 'Grace Hopper', displayName: 'Grace Hopper', mail: 'grace@example.org', employeeID: 'E102', objectGUID: Buffer.from('ffeeddccbbaa99887766554433221100', 'hex') },
  { cn: 'Alan Turing', displayName: 'Alan Turing', mail: 'alan@example.org, mallory@evil.example', employeeID: 'E103', objectGUID: Buffer.from('0f0e0d0c0b0a09080706050403020100', 'hex') },
  { cn: 'Kurt Goedel', displayName: 'Kurt Gödel', employeeID: 'E104', objectGUID: Buffer.from('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf', 'hex') },
  // Without a key (no objectGUID) and without a name (no displayName): skipped and counted.
  { cn: 'No Guid', displayName: 'No Guid', employeeID: 'E105' },
  { cn: 'No Name', objectGUID: Buffer.from('10101010101010101010101010101010', 'hex') },
];

let slapd: Slapd;
let dataFolder: string;

function settings(overrides: Record<string, unknown> = {}): LdapDirectorySettings {
  return LdapDirectorySettings.parse({
    url: slapd.url,
    bindDN: slapd.bindDN,
    passwordFile: 'ldap-password',
    baseDN: slapd.baseDN,
    filter: '(objectClass=inetOrgPerson)',
    attributes: { badge: 'employeeNumber' },
    pageSize: 2,
    ...overrides,
  });
}

const byName = (entries: DirectoryEntry[]): Map<string, DirectoryEntry> => new Map(entries.map((entry) => [entry.name, entry]));

async function failure(promise: Promise<unknown>): Promise<LdapSyncFailed> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LdapSyncFailed);
  return error as LdapSyncFailed;
}

beforeAll(async () => {
  // A page limit of 3 like AD's 1000: the seven people come back only through paging.
  slapd = await startSlapd({ people: PEOPLE, maxPageSize: 3 });
  dataFolder = mkdtempSync(path.join(tmpdir(), 'mailscreen-ldap-data-'));
  writeFileSync(path.join(dataFolder, 'ldap-password'), `${slapd.password}\n`, { mode: 0o600 });
}, 60_000);

afterAll(async () => {
  await slapd?.stop();
  if (dataFolder) rmSync(dataFolder, { recursive: true, force: true });
});

describe('reading the directory from a real slapd', () => {
  it('reads the people with their attributes, the binary GUID as Windows writes it, and counts the entries it skips', async () => {
    const read = await readLdapDirectory(settings(), { dataFolder });
    const people = byName(read.entries);
    expect([...people.keys()].sort()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Kurt Gödel', 'Zoë Ångström']);
    expect(people.get('Ada Lovelace')).toEqual({
      key: '01234567-89ab-cdef-0123-456789abcdef',
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      department: 'Engineering',
      location: 'B2-114',
      employeeId: 'E100',
      badge: 'BADGE-100',
    });
    expect(people.get('Zoë Ångström')).toMatchObject({ key: '33221100-5544-7766-8899-aabbccddeeff', department: 'Legal', location: null, badge: null });
    // A value that a mail library would read as two addresses is not an address.
    expect(people.get('Alan Turing')?.email).toBeNull();
    expect(read.emailsRefused).toBe(1);
    expect(people.get('Kurt Gödel')?.email).toBeNull();
    expect(read.skipped).toEqual({ 'no-key': 1, 'no-name': 1, 'duplicate-key': 0 });
    expect(read.skippedExamples.sort()).toEqual([`cn=No Guid,${slapd.baseDN}`, `cn=No Name,${slapd.baseDN}`]);
  });

  it('pages through a server that, like AD, answers at most a few entries to a search that is not paged', async () => {
    // The server itself refuses the whole list in one answer: only paging reads everyone.
    const client = new Client({ url: slapd.url, timeout: 10_000 });
    try {
      await client.bind(slapd.bindDN, slapd.password);
      await expect(client.search(slapd.baseDN, { filter: '(objectClass=inetOrgPerson)' })).rejects.toBeInstanceOf(SizeLimitExceededError);
    } finally {
      await client.unbind();
    }
    for (const pageSize of [2, 3, 1000]) expect((await readLdapDirectory(settings({ pageSize }), { dataFolder })).entries).toHaveLength(5);
  });

  it("keys people by employee ID, or by OpenLDAP's entryUUID, when the site maps the key to it", async () => {
    const read = await readLdapDirectory(settings({ attributes: { key: 'employeeID' } }), { dataFolder });
    expect(read.entries.map((entry) => entry.key).sort()).toEqual(['E100', 'E101', 'E102', 'E103', 'E104', 'E105']);
    expect(read.skipped['no-name']).toBe(0);
    expect(read.skipped['no-key']).toBe(1);
    const byUuid = await readLdapDirectory(settings({ attributes: { key: 'entryUUID', department: 'departmentNumber', location: 'l' } }), { dataFolder });
    expect(byUuid.entries).toHaveLength(6);
    for (const entry of byUuid.entries) expect(entry.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('reads a changed e-mail address as changed, under the same key', async () => {
    const before = byName((await readLdapDirectory(settings(), { dataFolder })).entries).get('Grace Hopper');
    await slapd.modifyPerson('Grace Hopper', 'mail', 'grace.hopper@example.org');
    const after = byName((await readLdapDirectory(settings(), { dataFolder })).entries).get('Grace Hopper');
    expect(before?.email).toBe('grace@example.org');
    expect(after).toEqual({ ...before, email: 'grace.hopper@example.org' });
  });

  it('no longer reads a person deleted from the directory', async () => {
    await slapd.addPerson({ cn: 'Temp Worker', displayName: 'Temp Worker', mail: 'temp@example.org', objectGUID: Buffer.alloc(16, 7) });
    expect(byName((await readLdapDirectory(settings(), { dataFolder })).entries).has('Temp Worker')).toBe(true);
    await slapd.deletePerson('Temp Worker');
    const after = byName((await readLdapDirectory(settings(), { dataFolder })).entries);
    expect(after.has('Temp Worker')).toBe(false);
    expect(after.has('Ada Lovelace')).toBe(true);
  });

  it('says in words that the password was refused, and never quotes it', async () => {
    const wrong = 'wrong-password-Xq9';
    const folder = mkdtempSync(path.join(tmpdir(), 'mailscreen-ldap-wrong-'));
    try {
      writeFileSync(path.join(folder, 'ldap-password'), `${wrong}\n`, { mode: 0o600 });
      const error = await failure(readLdapDirectory(settings(), { dataFolder: folder }));
      expect(error.problem).toBe('bind-refused');
      expect(error.message).toContain("the directory refused the bind DN's password");
      expect(error.message).not.toContain(wrong);
      expect(error.message).not.toContain(slapd.password);
      expect(error.message).not.toContain('\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses an empty password file rather than binding anonymously', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mailscreen-ldap-empty-'));
    try {
      writeFileSync(path.join(folder, 'ldap-password'), '\n', { mode: 0o600 });
      expect((await failure(readLdapDirectory(settings(), { dataFolder: folder }))).problem).toBe('password-file');
      // No file at all: the same problem, in words that say where the password goes.
      const missing = await failure(readLdapDirectory(settings({ passwordFile: 'absent' }), { dataFolder: folder }));
      expect(missing.problem).toBe('password-file');
      expect(missing.message).toContain('no such file');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives an empty list for a filter that matches no one, which the sync does not apply unless allowed', async () => {
    const nobody = settings({ filter: '(employeeID=nobody-has-this)' });
    expect((await readLdapDirectory(nobody, { dataFolder })).entries).toEqual([]);

    const applied: DirectoryEntry[][] = [];
    const results: DirectorySyncResult<number>[] = [];
    const apply = (entries: DirectoryEntry[]): number => applied.push(entries);
    const refused = await syncDirectory(() => readLdapDirectory(nobody, { dataFolder }), apply, (result) => results.push(result), { allowEmpty: false });
    expect(refused).toMatchObject({ ok: false, problem: 'empty', keptLastGood: true });
    expect(applied).toEqual([]);
    expect(results).toEqual([refused]);

    const allowed = await syncDirectory(() => readLdapDirectory(nobody, { dataFolder }), apply, (result) => results.push(result), { allowEmpty: true });
    expect(allowed.ok).toBe(true);
    expect(applied).toEqual([[]]);
  });

  it('applies a good read and keeps the last good directory when the next read fails', async () => {
    const applied: DirectoryEntry[][] = [];
    const apply = (entries: DirectoryEntry[]): number => applied.push(entries);
    const good = await syncDirectory(() => readLdapDirectory(settings(), { dataFolder }), apply, () => undefined, { allowEmpty: false });
    expect(good.ok).toBe(true);
    expect(applied).toHaveLength(1);
    const bad = await syncDirectory(() => readLdapDirectory(settings({ bindDN: `cn=nobody,${slapd.baseDN}` }), { dataFolder }), apply, () => undefined, { allowEmpty: false });
    expect(bad).toMatchObject({ ok: false, problem: 'bind-refused', keptLastGood: true });
    if (!bad.ok) expect(bad.reason).toContain('The last good directory stays in use');
    expect(applied).toHaveLength(1);
  });

  it('says the base DN is not there', async () => {
    const error = await failure(readLdapDirectory(settings({ baseDN: 'ou=nowhere,dc=example,dc=org' }), { dataFolder }));
    expect(error.problem).toBe('base-not-found');
  });

  it('stops at maxPeople instead of applying a truncated directory', async () => {
    const error = await failure(readLdapDirectory(settings({ maxPeople: 3 }), { dataFolder }));
    expect(error.problem).toBe('too-many');
  });
});

describe("the station's scheduled sync: removing everyone the directory gave", () => {
  /** One sync as the station's scheduler runs it (its read, its apply, its record of a failure). */
  async function stationSync(store: Store, ldap: LdapDirectorySettings): Promise<{ ok: boolean; reason?: string }> {
    const scheduler = directorySyncScheduler({ store, mode: 'live', settings: ldap, dataFolder, log: memoryLog() });
    const result = (await scheduler.runNow()) as DirectorySyncResult<unknown>;
    return result.ok ? { ok: true } : { ok: false, reason: result.reason };
  }
  const activeKeys = (store: Store) =>
    new DirectoryRepository(store.db)
      .listed()
      .filter((person) => person.active)
      .map((person) => person.key)
      .sort();

  it('a read with every key new is refused, saying the setting to use (no CLI flag there); applied with "allowRemovingAll"', async () => {
    const store = Store.open(path.join(mkdtempSync(path.join(tmpdir(), 'mailscreen-ldap-store-')), 'station.sqlite'));
    try {
      expect(await stationSync(store, settings())).toEqual({ ok: true });
      const before = activeKeys(store);
      expect(before).toHaveLength(5);

      // The key attribute changed (employee ID instead of the GUID): everyone would be removed and added again.
      const refused = await stationSync(store, settings({ attributes: { key: 'employeeID', badge: 'employeeNumber' } }));
      expect(refused.ok).toBe(false);
      expect(refused.reason).toContain('This would remove all 5 people the LDAP directory gave');
      expect(refused.reason).toContain('If that is meant, set "allowRemovingAll": true in directory.ldap of station.json for the next sync');
      expect(refused.reason).not.toContain('--allow-removing-all');
      expect(activeKeys(store)).toEqual(before);

      const allowed = await stationSync(store, settings({ attributes: { key: 'employeeID', badge: 'employeeNumber' }, allowRemovingAll: true }));
      expect(allowed).toEqual({ ok: true });
      expect(activeKeys(store)).toEqual(['E100', 'E101', 'E102', 'E103', 'E104', 'E105']);
    } finally {
      store.close();
    }
  });

  it('a read of no one with "allowEmpty" empties the directory, as that setting says (it was refused as removing everyone)', async () => {
    const store = Store.open(path.join(mkdtempSync(path.join(tmpdir(), 'mailscreen-ldap-store-')), 'station.sqlite'));
    try {
      expect(await stationSync(store, settings())).toEqual({ ok: true });
      const nobody = { filter: '(employeeID=nobody-has-this)' };
      expect(await stationSync(store, settings(nobody))).toMatchObject({ ok: false, reason: expect.stringContaining('set "allowEmpty": true to empty it on purpose') });
      expect(activeKeys(store)).toHaveLength(5);
      expect(await stationSync(store, settings({ ...nobody, allowEmpty: true }))).toEqual({ ok: true });
      expect(activeKeys(store)).toEqual([]);
    } finally {
      store.close();
    }
  });
});

describe('a directory that cannot be reached', () => {
  it('says an unreachable server is unreachable', async () => {
    // A port that was just free and is closed again: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const error = await failure(readLdapDirectory(settings({ url: `ldap://127.0.0.1:${port}` }), { dataFolder }));
    expect(error.problem).toBe('unreachable');
    expect(error.message).toContain('could not be reached');
    expect(error.message).not.toContain(slapd.password);
  });

  it('times out on a server that accepts the connection and never answers', async () => {
    const silent: Server = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await failure(readLdapDirectory(settings({ url: `ldap://127.0.0.1:${port}`, timeoutSeconds: 1 }), { dataFolder }));
      expect(error.problem).toBe('timeout');
      expect(error.message).not.toContain(slapd.password);
    } finally {
      silent.close();
    }
  });
});

describe('a directory over TLS', () => {
  let secure: Slapd;
  beforeAll(async () => {
    secure = await startSlapd({ people: PEOPLE.slice(0, 2), tls: true });
  }, 60_000);
  afterAll(async () => {
    await secure?.stop();
  });

  const over = (overrides: Record<string, unknown>): LdapDirectorySettings =>
    LdapDirectorySettings.parse({ bindDN: secure.bindDN, passwordFile: 'ldap-password', baseDN: secure.baseDN, filter: '(objectClass=inetOrgPerson)', ...overrides });

  it("reads over ldaps:// and over StartTLS with the site's CA", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mailscreen-ldap-tls-'));
    try {
      writeFileSync(path.join(folder, 'ldap-password'), secure.password, { mode: 0o600 });
      expect((await readLdapDirectory(over({ url: secure.ldapsUrl, caFile: secure.caFile }), { dataFolder: folder })).entries).toHaveLength(2);
      expect((await readLdapDirectory(over({ url: secure.url, startTLS: true, caFile: secure.caFile }), { dataFolder: folder })).entries).toHaveLength(2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a server whose certificate the given CA did not sign, before the password is sent', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mailscreen-ldap-tls-'));
    try {
      writeFileSync(path.join(folder, 'ldap-password'), secure.password, { mode: 0o600 });
      for (const settings of [over({ url: secure.ldapsUrl, caFile: secure.otherCaFile }), over({ url: secure.url, startTLS: true, caFile: secure.otherCaFile }), over({ url: secure.ldapsUrl })]) {
        const error = await failure(readLdapDirectory(settings, { dataFolder: folder }));
        expect(error.problem).toBe('tls');
        expect(error.message).toMatch(/^the TLS connection to the directory at ldaps?:\/\/127\.0\.0\.1:\d+ failed \(/);
        expect(error.message).not.toContain(secure.password);
      }
      // A CA file that is not there says so, in the words of the TLS problem.
      const missing = await failure(readLdapDirectory(over({ url: secure.ldapsUrl, caFile: path.join(folder, 'absent.pem') }), { dataFolder: folder }));
      expect(missing.problem).toBe('tls');
      expect(missing.message).toContain('no such file');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
