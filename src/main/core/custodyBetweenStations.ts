import { StationFailure, type Operator, type RecordMode, type SiteStationEntry, type StationReceipt, type StationTransfer } from '../../shared/contract/index.ts';
import type { SiteCustody, SiteHandOver } from '../site/index.ts';
import { SiteStationsCopy, type Store } from '../store/index.ts';

export interface StationTransfersOptions {
  store: Store;
  mode: RecordMode;
  nowIso: () => string;
  /** Whether this station is joined to a site (station.json "site"). */
  joinedSite: boolean;
  /** The site's custody pairs; null for a station alone, or when the host gives none (then the site counts as not reached). */
  site: SiteCustody | null;
  /** How long the site may take to answer a screen before it counts as not reached (10 s). */
  timeoutMs?: number;
  /** Why the site was not reached, for the log (never shown to the operator with its password). */
  report?: (message: string) => void;
}

const sortedSeals = (seals: readonly string[]) => JSON.stringify([...seals].sort());

function releasedByText(party: unknown): string {
  if (typeof party === 'object' && party !== null && typeof (party as { name?: unknown }).name === 'string') return (party as { name: string }).name;
  return 'not recorded';
}

/**
 * The receiving half of custody between stations. Another station's hand-over to this one is in
 * that station's chain and reaches this one through the site (site_custody_pairs); the receipt is
 * recorded here, in this station's own chain (`custody.receivedFromStation`, subject this
 * station), and published like every event: the site pairs the two halves whichever arrives
 * first. A receipt is recorded also when the site is not reached or does not show the hand-over
 * yet (the sending station offline): the operator types the sender's station and custody ID from
 * the item's label; the receipt says the hand-over was not seen.
 */
export class StationTransfers {
  readonly #o: StationTransfersOptions;
  /** The site's stations as this station last read them (station_meta): a hand-over is checked against it, offline too. */
  readonly stationsCopy: SiteStationsCopy;

  constructor(options: StationTransfersOptions) {
    this.#o = options;
    this.stationsCopy = new SiteStationsCopy(options.store.db);
  }

  /**
   * The site's stations to hand an item over to: asked now (and kept), or the last list kept here
   * when the site is not reached. The station's role reads only their IDs and names.
   */
  async siteStations(): Promise<{ site: 'online' | 'offline' | 'none'; here: string; readAt: string | null; stations: SiteStationEntry[] }> {
    const here = this.#o.store.stationId;
    if (!this.#o.joinedSite) return { site: 'none', here, readAt: null, stations: [] };
    const stations = await this.#ask((site) => site.stations());
    if (stations !== null) {
      const readAt = new Date(this.#o.nowIso());
      if (!this.#o.store.db.inTransaction) this.stationsCopy.save(stations, readAt);
      return { site: 'online', here, readAt: readAt.toISOString(), stations };
    }
    const kept = this.stationsCopy.read();
    return { site: 'offline', here, readAt: kept?.readAt ?? null, stations: kept?.stations ?? [] };
  }

  /** When `station` is not on the list kept here, the site's list is read again (and kept) before a hand-over is checked against it. */
  async knowStation(station: string): Promise<void> {
    if (!this.#o.joinedSite || this.stationsCopy.read()?.stations.some((known) => known.station === station)) return;
    await this.siteStations();
  }

  /**
   * Whom a hand-over to `station` is addressed to, in words (the hand-over records it), checked
   * against the site's list as this station last read it: an ID not on it is refused unless the
   * operator confirmed it on purpose (`unlisted`: a station that joined since the list was read).
   * A mistyped ID would otherwise stay pending at the site, addressed to no one.
   */
  addressee(station: string, unlisted: boolean): string {
    const kept = this.stationsCopy.read();
    const listed = kept?.stations.find((known) => known.station === station);
    if (listed) return listed.name !== null ? `${listed.name} (station ${station})` : `station ${station}`;
    if (kept !== null && !unlisted) {
      throw new StationFailure(
        'INVALID_ARGUMENTS',
        `${station} is not one of the site's stations as this station last read them (${kept.readAt}): choose the receiving station from the list, or check its ID on its screen and confirm that you send to an ID not on the list.`,
      );
    }
    return `station ${station}`;
  }

  /** The site's answer within the time a screen waits, or null when it was not reached. */
  async #ask<T>(question: (site: SiteCustody) => Promise<T>): Promise<T | null> {
    const site = this.#o.site;
    if (!site) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.#o.timeoutMs ?? 10_000);
    });
    try {
      return await Promise.race([question(site), late]);
    } catch (error) {
      this.#o.report?.(`the site was not reached for custody between stations: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether this station has recorded its receipt of that hand-over already (published or not). */
  #received(fromStation: string, custodyId: string): boolean {
    return this.#o.store.reader.lookups.stationReceiptRecorded(this.#o.store.stationId, fromStation, custodyId);
  }

  /** The hand-overs to this station still waiting, as the site shows them, less those received here and not yet published. */
  async waitingHere(): Promise<{ site: 'online' | 'offline' | 'none'; transfers: StationTransfer[] }> {
    if (!this.#o.joinedSite) return { site: 'none', transfers: [] };
    const waiting = await this.#ask((site) => site.waitingAt(this.#o.store.stationId));
    if (waiting === null) return { site: 'offline', transfers: [] };
    return {
      site: 'online',
      transfers: waiting
        .filter((h) => !this.#received(h.fromStation, h.custodyId))
        .map((h) => ({ fromStation: h.fromStation, custodyId: h.custodyId, handedOverAt: h.at, releasedBy: releasedByText(h.releasedBy), sealNumbers: h.sealNumbers, reason: h.reason })),
    };
  }

  async receive(operator: Operator, request: { fromStation: string; custodyId: string; sealNumbers: string[]; sealIntact: boolean; note: string | null }): Promise<StationReceipt> {
    const { store } = this.#o;
    if (!this.#o.joinedSite) throw new StationFailure('INVALID_ARGUMENTS', 'This station is not joined to a site: a receipt from another station needs one (station.json "site").');
    if (request.fromStation === store.stationId) throw new StationFailure('INVALID_ARGUMENTS', `${request.fromStation} is this station: give the ID of the station that handed the item over (on its label or custody form).`);
    if (this.#received(request.fromStation, request.custodyId)) {
      throw new StationFailure('CONFLICT', `This station has recorded its receipt of ${request.custodyId} from ${request.fromStation} already: see the item's history.`);
    }
    const handOver: SiteHandOver | null = await this.#ask((site) => site.handOver(request.fromStation, request.custodyId, store.stationId));
    const at = this.#o.nowIso();
    const payload = {
      fromStation: request.fromStation,
      custodyId: request.custodyId,
      receivedBy: { kind: 'operator', operatorId: operator.id, name: operator.name },
      sealNumbers: request.sealNumbers,
      sealIntact: request.sealIntact,
      note: request.note,
      handOverSeen: handOver !== null,
    };
    store.transaction(() => {
      // Checked again inside the transaction: two screens receiving the same item at once record it once.
      if (this.#received(request.fromStation, request.custodyId)) {
        throw new StationFailure('CONFLICT', `This station has recorded its receipt of ${request.custodyId} from ${request.fromStation} already: see the item's history.`);
      }
      store.audit.append({ actor: `operator:${operator.id}`, kind: 'custody.receivedFromStation', subjectType: 'station', subjectId: store.stationId, mode: this.#o.mode, payload });
    });
    return {
      fromStation: request.fromStation,
      custodyId: request.custodyId,
      sealNumbers: request.sealNumbers,
      sealIntact: request.sealIntact,
      sealsDiffer: handOver ? sortedSeals(handOver.sealNumbers) !== sortedSeals(request.sealNumbers) : null,
      handOverSeen: handOver !== null,
      at,
    };
  }
}
