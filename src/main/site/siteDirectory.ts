/**
 * The site's recipient directory as a station reads it: its newest revision, and the whole
 * directory at that revision in one snapshot. The site's directory is the truth; a station's
 * directory tables are its last copy (the picker, notices and the counter read them, offline too).
 * `site/postgres/siteDirectory.ts` is the real one; tests may give a fake with the same promises.
 */
import type { DirectoryEntry } from '../notify/index.ts';
import type { DepartmentContact, DirectorySource } from '../store/index.ts';

/** A person the site lists now, and which of its sources (its CSV imports, its LDAP sync) gave them. */
export interface SiteDirectoryPerson extends DirectoryEntry {
  source: DirectorySource;
}

/** The file of the newest import of a source at the site (null for an LDAP sync), for the station's import event. */
export interface SiteDirectoryImport {
  fileName: string | null;
  sha256: string | null;
}

export interface SiteDirectorySnapshot {
  /** The site's newest revision: the station applies the snapshot and remembers the number. */
  revision: number;
  /** The PostgreSQL role that made that revision (the station's events name it: `site:<role>`). */
  by: string;
  /** The newest revision that changed the people (an import or sync; 0: none yet). */
  peopleRevision: number;
  /**
   * The people listed now (the removed ones are not given: a station marks them removed too), or
   * null when the station asked with the people revision it holds and that is still the newest:
   * a revision of contacts or proxies does not send 100,000 people again.
   */
  people: SiteDirectoryPerson[] | null;
  /** Every department with key contacts (a department the site no longer has contacts for is not given). */
  departments: Array<{ name: string; contacts: DepartmentContact[] }>;
  /** Every standing proxy: proxyKey may collect personKey's items. */
  proxies: Array<{ personKey: string; proxyKey: string }>;
  /** The newest import of each source. */
  imports: Partial<Record<DirectorySource, SiteDirectoryImport>>;
}

export interface SiteDirectory {
  /** The site's newest revision (0: the site has no directory yet). Cheap: asked at every pass. */
  revision(): Promise<number>;
  /** The whole directory at its newest revision, read in one snapshot; its people only if they changed after `peopleRevisionHere` (null: always). */
  snapshot(peopleRevisionHere: number | null): Promise<SiteDirectorySnapshot>;
  close(): Promise<void>;
}
