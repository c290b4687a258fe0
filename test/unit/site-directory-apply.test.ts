// The station's copy of the site directory against a site that says odd things (a fake
// SiteDirectory, no PostgreSQL): a revision with an entry the station's rules refuse leaves the
// whole copy as it was (said once); a badge moving between the two sources across revisions
// applies; a site with no directory yet leaves the station's own; the copy changed behind the
// station's back is made the site's again; an unreachable site leaves the copy; an open
// transaction is never joined.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lineLog } from '../../src/main/log.ts';
import { applyDirectory } from '../../src/main/notify/index.ts';
import { SiteDirectorySync, siteDirectoryRevision, type SiteDirectory, type SiteDirectoryPerson, type SiteDirectorySnapshot } from '../../src/main/site/index.ts';
import { DirectoryRepository, Store } from '../../src/main/store/index.ts';
import { checkStateHere } from '../../src/main/store/verifyStore.ts';
import { tempDir } from '../helpers/station.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

type SiteState = Omit<SiteDirectorySnapshot, 'people'> & { people: SiteDirectoryPerson[] };

class FakeSiteDirectory implements SiteDirectory {
  state: SiteState = { revision: 0, by: 'site_admin', peopleRevision: 0, people: [], departments: [], proxies: [], imports: {} };
  reachable = true;
  snapshots = 0;
  peopleSent = 0;
  /** A new revision: the people revision moves with it when it gives people. */
  change(revision: number, change: Partial<Pick<SiteState, 'people' | 'departments' | 'proxies'>>): void {
    this.state = { ...this.state, ...change, revision, ...(change.people ? { peopleRevision: revision } : {}) };
  }
  async revision(): Promise<number> {
    await Promise.resolve();
    if (!this.reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    return this.state.revision;
  }
  async snapshot(peopleRevisionHere: number | null): Promise<SiteDirectorySnapshot> {
    await Promise.resolve();
    this.snapshots += 1;
    const people = peopleRevisionHere === this.state.peopleRevision ? null : structuredClone(this.state.people);
    if (people) this.peopleSent += 1;
    return { ...structuredClone(this.state), people };
  }
  async close(): Promise<void> {}
}

const person = (key: string, name: string, more: Partial<SiteDirectoryPerson> = {}): SiteDirectoryPerson => ({ key, name, email: null, department: null, location: null, employeeId: key, badge: null, source: 'csv', ...more });

function harness() {
  const store = Store.open(path.join(tempDir('mailscreen-sitedir-apply-'), 'station.sqlite'));
  stores.push(store);
  const site = new FakeSiteDirectory();
  const lines: string[] = [];
  const sync = new SiteDirectorySync({ store, directory: site, mode: 'live', log: lineLog('site directory', (_level, line) => lines.push(line)), redact: (text) => text, pollMs: 3_600_000 });
  const pass = async () => {
    sync.start();
    sync.wake();
    await sync.idle();
  };
  const directory = new DirectoryRepository(store.db);
  const events = () => (store.db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
  return { store, site, lines, sync, pass, directory, events };
}

describe("the station's copy of the site directory", () => {
  it('a revision with an entry the station refuses applies nothing of itself, said once; the next good one applies', async () => {
    const { store, site, lines, sync, pass, directory, events } = harness();
    site.change(1, { people: [person('E1', 'Ann One'), person('E2', 'Bob Two')] });
    await pass();
    expect(directory.listed().map((p) => p.key).sort()).toEqual(['E1', 'E2']);
    const before = events();
    // A row written at the site by hand, past the site's own checks: a bidi override in a name, and a contact that is no address.
    site.change(2, { people: [person('E1', 'Ann One', { department: 'Legal' }), person('E2', 'Bob\u202Eowt')], departments: [{ name: 'Legal', contacts: [{ name: 'Lea', email: 'lea@example.org' }] }] });
    await pass();
    await pass();
    expect(events()).toBe(before);
    expect(directory.byKey('E1')).toMatchObject({ department: null });
    expect(directory.departmentContacts('Legal')).toEqual([]);
    expect(siteDirectoryRevision(store)).toBe(1);
    expect(lines.filter((line) => /revision 2 is not applied here/.test(line))).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/"E2": the name holds a control character\); the station keeps revision 1/);
    // The same revision is not read again while it is the newest.
    expect(site.snapshots).toBe(2);

    site.change(3, { people: [person('E1', 'Ann One', { department: 'Legal' })], departments: [{ name: 'Legal', contacts: [{ name: 'Lea', email: 'not an address' }] }] });
    await pass();
    expect(siteDirectoryRevision(store)).toBe(1);
    expect(lines.join('\n')).toMatch(/revision 3 is not applied here: a contact of the site's department "Legal" cannot be applied here: "not an address" is not an e-mail address/);

    site.change(4, { departments: [{ name: 'Legal', contacts: [{ name: 'Lea', email: 'lea@example.org' }] }], proxies: [{ personKey: 'E1', proxyKey: 'E9' }] });
    await pass();
    expect(siteDirectoryRevision(store)).toBe(4);
    expect(directory.byKey('E2')).toMatchObject({ active: false });
    expect(directory.departmentContacts('Legal')).toEqual([{ name: 'Lea', email: 'lea@example.org' }]);
    expect(directory.proxiesOf('E1')).toEqual(['E9']);
    expect(checkStateHere(store.db, undefined, null).state.problems).toEqual([]);
    await sync.stop();
  });

  it('a badge that moved from an LDAP person to a CSV person between two revisions applies (the sources in the order that frees it first)', async () => {
    const { store, site, pass, directory, sync } = harness();
    site.change(1, { people: [person('L1', 'Lars Ldap', { source: 'ldap', badge: 'B-7' }), person('C1', 'Cora Csv')] });
    await pass();
    expect(directory.byBadge('B-7')).toMatchObject({ key: 'L1' });
    site.change(2, { people: [person('C1', 'Cora Csv', { badge: 'B-7' })] });
    await pass();
    expect(siteDirectoryRevision(store)).toBe(2);
    expect(directory.byBadge('B-7')).toMatchObject({ key: 'C1' });
    expect(directory.byKey('L1')).toMatchObject({ active: false });
    // And back the other way.
    site.change(3, { people: [person('L1', 'Lars Ldap', { source: 'ldap', badge: 'B-7' }), person('C1', 'Cora Csv')] });
    await pass();
    expect(siteDirectoryRevision(store)).toBe(3);
    expect(directory.byBadge('B-7')).toMatchObject({ key: 'L1' });
    expect(checkStateHere(store.db, undefined, null).state.problems).toEqual([]);
    await sync.stop();
  });

  it("a site with no people yet leaves the station's own; its first import replaces them (all of them: the site's is the whole truth)", async () => {
    const { store, site, pass, directory, sync } = harness();
    applyDirectory(store, [person('OWN', 'Olga Own')], 'csv', { actor: 'cli:test', mode: 'live', fileName: 'own.csv', sha256: null });
    applyDirectory(store, [person('OWNL', 'Olaf Ldap')], 'ldap', { actor: 'station', mode: 'live', fileName: null, sha256: null });
    await pass();
    expect(directory.listed().map((p) => p.key).sort()).toEqual(['OWN', 'OWNL']);
    expect(siteDirectoryRevision(store)).toBe(0);
    // The site's first revision gives a department's contacts only: the station's people stay.
    site.change(1, { departments: [{ name: 'Legal', contacts: [{ name: 'Lea', email: 'lea@example.org' }] }] });
    await pass();
    expect(siteDirectoryRevision(store)).toBe(1);
    expect(directory.listed().map((p) => p.key).sort()).toEqual(['OWN', 'OWNL']);
    expect(directory.departmentContacts('Legal')).toEqual([{ name: 'Lea', email: 'lea@example.org' }]);
    site.change(2, { people: [person('E1', 'Ann One')] });
    await pass();
    expect(directory.listed().map((p) => p.key)).toEqual(['E1']);
    await sync.stop();
  });

  it('a revision of contacts or proxies alone does not send the people again', async () => {
    const { store, site, pass, directory, sync, events } = harness();
    site.change(1, { people: [person('E1', 'Ann One'), person('E2', 'Bob Two')] });
    await pass();
    expect(site.peopleSent).toBe(1);
    const before = events();
    site.change(2, { proxies: [{ personKey: 'E1', proxyKey: 'E2' }] });
    await pass();
    expect(siteDirectoryRevision(store)).toBe(2);
    expect(site.peopleSent).toBe(1);
    expect(directory.proxiesOf('E1')).toEqual(['E2']);
    // One event: the proxy. No import of unchanged people.
    expect(events()).toBe(before + 1);
    await sync.stop();
  });

  it("the directory changed behind the copy's back is made the site's again at the next pass", async () => {
    const { store, site, pass, directory, sync } = harness();
    site.change(1, { people: [person('E1', 'Ann One', { email: 'ann@example.org' })] });
    await pass();
    // Someone with the database applies a change of their own (the station's own code, so its event is there too).
    applyDirectory(store, [person('E1', 'Ann One', { email: 'mallory@evil.example' })], 'csv', { actor: 'cli:someone', mode: 'live', fileName: null, sha256: null });
    expect(directory.byKey('E1')?.email).toBe('mallory@evil.example');
    await pass();
    expect(directory.byKey('E1')?.email).toBe('ann@example.org');
    await sync.stop();
  });

  it('keeps its copy while the site is not reached, says so once, and never joins a transaction held open', async () => {
    const { store, site, lines, pass, directory, sync } = harness();
    site.change(1, { people: [person('E1', 'Ann One')] });
    site.reachable = false;
    await pass();
    await pass();
    expect(directory.listed()).toEqual([]);
    expect(lines.filter((line) => /not read now/.test(line))).toHaveLength(1);
    site.reachable = true;
    store.db.exec('BEGIN');
    await pass();
    expect(directory.listed()).toEqual([]);
    store.db.exec('ROLLBACK');
    await pass();
    expect(directory.listed().map((p) => p.key)).toEqual(['E1']);
    expect(lines.join('\n')).toMatch(/the site directory is read again/);
    await sync.stop();
  });
});
