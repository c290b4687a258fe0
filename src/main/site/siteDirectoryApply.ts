import type { RecordMode } from '../../shared/contract/index.ts';
import { applyDirectory, DirectoryRefused, entryProblems, isEmailAddress, previewDirectory, type DirectoryEntry, type DirectoryPreview } from '../notify/index.ts';
import { DirectoryRepository, SiteDirectoryCopy, type DepartmentContact, type DirectorySource, type Store } from '../store/index.ts';
import type { SiteDirectoryPerson, SiteDirectorySnapshot } from './siteDirectory.ts';

/** A site revision this station does not apply (an entry its rules refuse): it keeps its last copy and says why. */
export class SiteDirectoryNotApplied extends Error {
  override name = 'SiteDirectoryNotApplied';
}

/** What applying a site revision changed here, for the log. */
export interface SiteDirectoryApplied {
  revision: number;
  added: number;
  changed: number;
  removed: number;
  departments: number;
  proxies: number;
}

/** The site revision this station's directory is a copy of (0: none: the directory is the station's own). */
export function siteDirectoryRevision(store: Store): number {
  return new SiteDirectoryCopy(store.db).revision();
}

/** Whether the station's directory changed since it applied the site's last revision (then the site's is applied again). */
export function siteDirectoryDiverged(store: Store): boolean {
  const copy = new SiteDirectoryCopy(store.db);
  return copy.revision() > 0 && copy.generation() !== new DirectoryRepository(store.db).generation();
}

/** The people revision to ask the site with: the one held here, or null to have the people sent whatever it is (the copy changed behind its back). */
export function sitePeopleRevisionHere(store: Store): number | null {
  return siteDirectoryDiverged(store) ? null : new SiteDirectoryCopy(store.db).peopleRevision();
}

const SOURCES: readonly DirectorySource[] = ['csv', 'ldap'];

const entryOf = ({ key, name, email, department, location, employeeId, badge }: DirectoryEntry): DirectoryEntry => ({ key, name, email, department, location, employeeId, badge });

// An entry with a problem is in none of added, changed or removed, and still keeps the revision from applying.
const changes = (preview: DirectoryPreview): number => preview.added.length + preview.changed.length + preview.removed.length + preview.problems.length;

function refusalWords(preview: DirectoryPreview): string {
  const first = preview.problems[0];
  return first
    ? `${preview.problems.length} of the site's people cannot be applied here (the first, ${JSON.stringify(first.key.slice(0, 80))}: ${first.problem})`
    : 'the site would remove everyone its source lists';
}

/**
 * The site's people, source by source, through the station's own applyDirectory (one audited
 * import per source that changes anything, actor `site:<role>`). A badge may move from a person of
 * one source to one of the other between two revisions; applied in the wrong order, the second
 * source's person would still hold it, so the other order is tried (each attempt a savepoint: a
 * refused one leaves nothing).
 */
function applyPeople(store: Store, people: readonly SiteDirectoryPerson[], snapshot: SiteDirectorySnapshot, actor: string, mode: RecordMode): Pick<SiteDirectoryApplied, 'added' | 'changed' | 'removed'> {
  const directory = new DirectoryRepository(store.db);
  const entries = (source: DirectorySource) => people.filter((person) => person.source === source).map(entryOf);
  const attempt = (order: readonly DirectorySource[]) =>
    store.transaction(() => {
      const counts = { added: 0, changed: 0, removed: 0 };
      for (const source of order) {
        const theirs = entries(source);
        if (changes(previewDirectory(directory, theirs, source)) === 0) continue;
        const made = snapshot.imports[source];
        // The site's directory is the whole truth: a source the site no longer lists anyone of empties here too.
        const applied = applyDirectory(store, theirs, source, { actor, mode, fileName: made?.fileName ?? null, sha256: made?.sha256 ?? null, allowRemovingAll: true });
        counts.added += applied.added.length;
        counts.changed += applied.changed.length;
        counts.removed += applied.removed.length;
      }
      return counts;
    });
  try {
    return attempt(SOURCES);
  } catch (error) {
    if (!(error instanceof DirectoryRefused)) throw error;
    try {
      return attempt([...SOURCES].reverse());
    } catch (again) {
      if (again instanceof DirectoryRefused) throw new SiteDirectoryNotApplied(refusalWords(again.preview));
      throw again;
    }
  }
}

const contactsText = (contacts: readonly DepartmentContact[]): string => JSON.stringify(contacts.map((c) => ({ email: c.email, name: c.name })));

/** The departments' key contacts as the site has them: each checked as the admin screen checks them; a department the site has none for has none here. */
function applyDepartments(store: Store, snapshot: SiteDirectorySnapshot, actor: string, mode: RecordMode): number {
  const directory = new DirectoryRepository(store.db);
  const here = new SiteDirectoryCopy(store.db).departments();
  const wanted = new Map<string, DepartmentContact[]>(snapshot.departments.map((d) => [d.name, d.contacts.map((c) => ({ name: c.name, email: c.email }))]));
  for (const name of here.keys()) if (!wanted.has(name)) wanted.set(name, []);
  let set = 0;
  for (const [department, contacts] of wanted) {
    if (contactsText(here.get(department) ?? []) === contactsText(contacts)) continue;
    const problem = entryProblems({ key: department, name: department, email: null, department, location: null, employeeId: null, badge: null })[0];
    if (problem) throw new SiteDirectoryNotApplied(`the site's department ${JSON.stringify(department.slice(0, 80))} cannot be applied here: ${problem}`);
    for (const contact of contacts) {
      const contactProblem = isEmailAddress(contact.email) ? entryProblems({ key: department, name: contact.name, email: null, department, location: null, employeeId: null, badge: null })[0] : `${JSON.stringify(contact.email.slice(0, 80))} is not an e-mail address`;
      if (contactProblem) throw new SiteDirectoryNotApplied(`a contact of the site's department ${JSON.stringify(department.slice(0, 80))} cannot be applied here: ${contactProblem}`);
    }
    store.audit.append({ actor, mode, kind: 'directory.departmentContactsSet', subjectType: 'department', subjectId: department, payload: { contacts } });
    directory.setDepartmentContacts(department, contacts);
    set += 1;
  }
  return set;
}

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const keyProblem = (key: string): boolean => key.length === 0 || key.length > 254 || CONTROL.test(key);

/** The standing proxies as the site has them: given or withdrawn here, each its own event. */
function applyProxies(store: Store, snapshot: SiteDirectorySnapshot, actor: string, mode: RecordMode): number {
  const directory = new DirectoryRepository(store.db);
  const id = (proxy: { personKey: string; proxyKey: string }) => JSON.stringify([proxy.personKey, proxy.proxyKey]);
  const here = new Map(new SiteDirectoryCopy(store.db).proxies().map((proxy) => [id(proxy), proxy]));
  const wanted = new Map(snapshot.proxies.map((proxy) => [id(proxy), proxy]));
  let set = 0;
  const record = (proxy: { personKey: string; proxyKey: string }, allowed: boolean) => {
    store.audit.append({ actor, mode, kind: 'directory.proxySet', subjectType: 'person', subjectId: proxy.personKey, payload: { proxyKey: proxy.proxyKey, allowed } });
    directory.setProxy(proxy.personKey, proxy.proxyKey, allowed);
    set += 1;
  };
  for (const [key, proxy] of here) if (!wanted.has(key)) record(proxy, false);
  for (const [key, proxy] of wanted) {
    if (here.has(key)) continue;
    if (keyProblem(proxy.personKey) || keyProblem(proxy.proxyKey) || proxy.personKey === proxy.proxyKey) {
      throw new SiteDirectoryNotApplied(`the site's proxy ${JSON.stringify(proxy.proxyKey.slice(0, 80))} for ${JSON.stringify(proxy.personKey.slice(0, 80))} cannot be applied here`);
    }
    record(proxy, true);
  }
  return set;
}

/**
 * Applies the site's directory at one revision as ONE transaction of the station's own audited
 * directory changes (actor `site:<role that made the revision>`): the people through the
 * station's own import (`directory.personAdded`/`Changed`/`Removed` and `directory.imported`),
 * the departments' contacts, the proxies, and the revision applied (station_meta). Every entry is
 * checked by the station's own rules: one it refuses leaves the whole revision unapplied
 * (SiteDirectoryNotApplied) and the station's last copy as it was.
 */
export function applySiteDirectory(store: Store, snapshot: SiteDirectorySnapshot, { mode }: { mode: RecordMode }): SiteDirectoryApplied {
  const actor = `site:${snapshot.by}`;
  return store.transaction(() => {
    const copy = new SiteDirectoryCopy(store.db);
    // No people sent: the site's are those this station holds (the site's people revision is the one held here).
    if (snapshot.people === null && snapshot.peopleRevision !== copy.peopleRevision()) throw new Error('the site sent no people for a people revision this station does not hold');
    const people = snapshot.people === null ? { added: 0, changed: 0, removed: 0 } : applyPeople(store, snapshot.people, snapshot, actor, mode);
    const departments = applyDepartments(store, snapshot, actor, mode);
    const proxies = applyProxies(store, snapshot, actor, mode);
    copy.applied(snapshot.revision, snapshot.peopleRevision, new DirectoryRepository(store.db).generation());
    return { revision: snapshot.revision, ...people, departments, proxies };
  });
}
