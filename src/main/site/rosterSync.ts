import type { RecordMode } from '../../shared/contract/index.ts';
import type { Log } from '../log.ts';
import type { Store } from '../store/index.ts';
import type { SiteRoster } from './roster.ts';
import { applyRosterChange, rosterCursor } from './rosterApply.ts';
import { SiteFollower } from './sitePoll.ts';

export interface RosterSyncOptions {
  store: Store;
  roster: SiteRoster;
  mode: RecordMode;
  log: Log;
  redact: (text: string) => string;
  now?: () => Date;
  /** How often the site's roster is read (5 s): a lockout at another station reaches this one within it. */
  pollMs?: number;
  /** Changes read per call (500). */
  batchSize?: number;
  /** Told after a pass that changed operators (role, PIN, active): the station ends their sessions, which hold the old state. */
  onApplied?: (operatorIds: ReadonlySet<string>) => void;
}

/**
 * Keeps the station's operators the site roster's last copy: reads the changes after the last one
 * applied, applies each in its own transaction (the operators table, the events that record it, the
 * cursor). While the site is not reached the station works with the copy it has; nothing waits for
 * the site. A change it cannot apply here (a badge another local operator holds) is logged and
 * passed over: each roster change carries the operator's whole state, so the next one tries again.
 */
export class RosterSync extends SiteFollower {
  readonly #o: Required<Omit<RosterSyncOptions, 'onApplied'>> & Pick<RosterSyncOptions, 'onApplied'>;
  #reachable: boolean | null = null;

  constructor(options: RosterSyncOptions) {
    super(options.pollMs ?? 5_000, () => options.roster.close());
    this.#o = { now: () => new Date(), pollMs: 5_000, batchSize: 500, ...options };
  }

  protected pass(): Promise<void> {
    return this.#sync();
  }

  async #sync(): Promise<void> {
    const changed = new Set<string>();
    try {
      for (;;) {
        // Only while someone holds a transaction open across an await: applying now would join it. Next pass.
        if (this.#o.store.db.inTransaction) return;
        const changes = await this.#o.roster.changesAfter(rosterCursor(this.#o.store), this.#o.batchSize);
        if (!this.#reachable) this.#o.log.info(`the site roster is read${this.#reachable === false ? ' again' : ''}`);
        this.#reachable = true;
        if (this.stopped) return;
        for (const change of changes) {
          if (this.stopped || this.#o.store.db.inTransaction) return;
          // A change applied by another process meanwhile (the cursor moved) is not applied twice.
          if (change.seq <= rosterCursor(this.#o.store)) continue;
          const outcome = applyRosterChange(this.#o.store, change, { stationId: this.#o.store.stationId, mode: this.#o.mode, now: this.#o.now });
          if ('skipped' in outcome) {
            if (change.change === 'operator' || change.change === 'unreadable') this.#o.log.warn(`site roster change ${change.seq} is not applied here: ${outcome.skipped}`);
          } else if (outcome.applied > 0 && change.change === 'operator') {
            changed.add(change.operator.id);
          }
        }
        if (changes.length < this.#o.batchSize) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      if (this.#reachable !== false) this.#o.log.warn(this.#o.redact(`the site roster is not read now (the station keeps its copy): ${error instanceof Error ? error.message : String(error)}`));
      this.#reachable = false;
    } finally {
      if (changed.size > 0) this.#o.onApplied?.(changed);
    }
  }
}
