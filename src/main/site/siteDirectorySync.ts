import type { RecordMode } from '../../shared/contract/index.ts';
import type { Log } from '../log.ts';
import type { Store } from '../store/index.ts';
import type { SiteDirectory } from './siteDirectory.ts';
import { applySiteDirectory, siteDirectoryDiverged, siteDirectoryRevision, SiteDirectoryNotApplied, sitePeopleRevisionHere, type SiteDirectoryApplied } from './siteDirectoryApply.ts';
import { SiteFollower } from './sitePoll.ts';

export interface SiteDirectorySyncOptions {
  store: Store;
  directory: SiteDirectory;
  mode: RecordMode;
  log: Log;
  redact: (text: string) => string;
  /** How often the site's newest revision is asked for (10 s; one small query). */
  pollMs?: number;
  /** Told after a revision was applied here. */
  onApplied?: (applied: SiteDirectoryApplied) => void;
}

/**
 * Keeps the station's directory the site directory's last copy: asks the site for its newest
 * revision and, when it is not the one applied here (or the directory here changed since), reads
 * the whole directory at that revision and applies it in one transaction. While the site is not
 * reached the station works with the copy it has; nothing waits for the site. A station offline
 * for several revisions applies the newest one alone: the site's directory at that revision is
 * the whole truth, whatever came between.
 */
export class SiteDirectorySync extends SiteFollower {
  readonly #o: Required<Omit<SiteDirectorySyncOptions, 'onApplied'>> & Pick<SiteDirectorySyncOptions, 'onApplied'>;
  #reachable: boolean | null = null;
  /** The revision last refused here: said once, tried again only when the site has a newer one. */
  #refused: number | null = null;

  constructor(options: SiteDirectorySyncOptions) {
    super(options.pollMs ?? 10_000, () => options.directory.close());
    this.#o = { pollMs: 10_000, ...options };
  }

  protected pass(): Promise<void> {
    return this.#sync();
  }

  async #sync(): Promise<void> {
    const { store, log } = this.#o;
    try {
      // Only while someone holds a transaction open across an await: applying now would join it. Next pass.
      if (store.db.inTransaction) return;
      const revision = await this.#o.directory.revision();
      if (!this.#reachable) log.info(`the site directory is read${this.#reachable === false ? ' again' : ''}`);
      this.#reachable = true;
      // Revision 0: the site has no directory yet, and the station keeps its own until it has.
      if (this.stopped || revision === 0 || revision === this.#refused) return;
      if (revision === siteDirectoryRevision(store) && !siteDirectoryDiverged(store)) return;
      const snapshot = await this.#o.directory.snapshot(sitePeopleRevisionHere(store));
      if (this.stopped || store.db.inTransaction) return;
      try {
        const applied = applySiteDirectory(store, snapshot, { mode: this.#o.mode });
        this.#refused = null;
        log.info(`site directory revision ${applied.revision} applied: ${applied.added} added, ${applied.changed} changed, ${applied.removed} removed, ${applied.departments} departments' contacts, ${applied.proxies} proxies`);
        this.#o.onApplied?.(applied);
      } catch (error) {
        if (!(error instanceof SiteDirectoryNotApplied)) {
          // Not the site's doing (a full disk): nothing was applied; the next pass tries again.
          log.error(`site directory revision ${snapshot.revision} could not be applied now: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
        this.#refused = snapshot.revision;
        log.warn(`site directory revision ${snapshot.revision} is not applied here: ${error.message}; the station keeps revision ${siteDirectoryRevision(store)}. Correct it at the site (site directory import).`);
      }
    } catch (error) {
      if (this.#reachable !== false) log.warn(this.#o.redact(`the site directory is not read now (the station keeps its copy): ${error instanceof Error ? error.message : String(error)}`));
      this.#reachable = false;
    }
  }
}
