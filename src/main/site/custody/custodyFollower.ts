import type { Log } from '../../log.ts';
import { SiteFollower } from '../sitePoll.ts';
import type { SiteCustody } from './siteCustody.ts';
import type { SiteStationsCopy } from '../../store/index.ts';

async function settled<T>(answer: Promise<T>): Promise<PromiseSettledResult<T>> {
  try {
    return { status: 'fulfilled', value: await answer };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
}

export interface CustodyFollowerOptions {
  /** This station's ID at the site. */
  station: string;
  site: SiteCustody;
  /** The station's copy of the site's list of stations (kept for when the site is not reached). */
  copy: SiteStationsCopy;
  /** Whether someone holds the station's database in a transaction (then the copy is written next pass). */
  inTransaction: () => boolean;
  /** Told when the hand-overs waiting for this station at the site changed (one arrived, one was received), or the site's stations did. */
  onChange: (what: { arriving: number; stationsChanged: boolean }) => void;
  log: Log;
  redact: (text: string) => string;
  now?: () => Date;
  /** How often the site is asked (5 s). */
  pollMs?: number;
}

/**
 * Custody between stations, followed from the site: every few seconds, and at start, reads the
 * site's list of stations (kept in the station's database for when the site is not reached) and
 * the hand-overs waiting for this station; when either changed, the screens are told, and the
 * arriving list updates without a reload. The site is only read: nothing here is recorded.
 */
export class CustodyFollower extends SiteFollower {
  readonly #o: CustodyFollowerOptions;
  /** The waiting hand-overs' keys at the last pass that read them (null before the first), and how many. */
  #waiting: string | null = null;
  #arriving = 0;
  #reachable: boolean | null = null;

  constructor(options: CustodyFollowerOptions) {
    // The site's custody connection is the station's to close (it also answers the screens), not this follower's.
    super(options.pollMs ?? 5_000, async () => undefined);
    this.#o = options;
  }

  protected pass(): Promise<void> {
    return this.#follow();
  }

  async #follow(): Promise<void> {
    const o = this.#o;
    // Two questions, each on its own: a site whose schema has no list of stations yet (before
    // version 11) still shows the hand-overs arriving. One after the other: one connection of the
    // custody pool stays open for the follower, not two.
    const stations = await settled(o.site.stations());
    const waiting = await settled(o.site.waitingAt(o.station));
    if (this.stopped) return;
    const failed = [stations, waiting].find((answer): answer is PromiseRejectedResult => answer.status === 'rejected');
    if (failed) {
      if (this.#reachable !== false) o.log.warn(o.redact(`the site is not read now for custody between stations (the last list of its stations is used): ${failed.reason instanceof Error ? failed.reason.message : String(failed.reason)}`));
      this.#reachable = false;
    } else {
      if (this.#reachable === false) o.log.info('the site is read again for custody between stations');
      this.#reachable = true;
    }
    const stationsChanged = stations.status === 'fulfilled' && !o.inTransaction() ? o.copy.save(stations.value, (o.now ?? (() => new Date()))()) : false;
    let arrivingChanged = false;
    if (waiting.status === 'fulfilled') {
      const keys = JSON.stringify(waiting.value.map((h) => `${h.fromStation}/${h.custodyId}`));
      arrivingChanged = this.#waiting !== null && keys !== this.#waiting;
      this.#waiting = keys;
      this.#arriving = waiting.value.length;
    }
    if (arrivingChanged || stationsChanged) o.onChange({ arriving: this.#arriving, stationsChanged });
  }
}
