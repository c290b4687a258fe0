/**
 * What a station asks the site about custody between stations: the site's stations (to hand an
 * item over to), the hand-overs to it still waiting, and one hand-over by its sender and custody ID. The site answers from
 * site_custody_pairs (siteCustodySchema.ts), through the station's own role: it sees only the
 * transfers it is part of.
 */
export interface SiteHandOver {
  fromStation: string;
  custodyId: string;
  toStation: string;
  /** The event's time at the sending station. */
  at: string;
  /** The releasing party as the hand-over recorded it (JSON). */
  releasedBy: unknown;
  sealNumbers: string[];
  reason: string | null;
}

/** A station of the site as another station may know it: its ID and the name the site's administrator gave it. */
export interface SiteStation {
  station: string;
  name: string | null;
}

export interface SiteCustody {
  /** The site's stations (this one included), by ID: what a hand-over may be addressed to. */
  stations(): Promise<SiteStation[]>;
  /** The hand-overs to `station` it has not published a receipt of, oldest first. */
  waitingAt(station: string): Promise<SiteHandOver[]>;
  /** The hand-over of `custodyId` by `fromStation` to `station`, when the site holds it. */
  handOver(fromStation: string, custodyId: string, station: string): Promise<SiteHandOver | null>;
  close(): Promise<void>;
}
