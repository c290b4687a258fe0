import type Database from 'better-sqlite3';
import type { SiteStationEntry as SiteStation } from '../../shared/contract/index.ts';

/** station_meta's key for the last list of the site's stations this station read (operational, like the roster's cursor: not in the chain). */
export const SITE_STATIONS_KEY = 'site_stations';

/** The site's stations as last read, and when (the station's clock). */
export interface KnownSiteStations {
  readAt: string;
  stations: SiteStation[];
}

/**
 * The station's copy of the site's list of stations, kept in its own database so a hand-over made
 * while the site is not reached is still checked against the last list the site gave. It is a
 * cache, not a record: what a hand-over was addressed to is in the hand-over's own event.
 */
export class SiteStationsCopy {
  readonly #get: Database.Statement<[string], { value: string }>;
  readonly #set: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.#get = db.prepare('SELECT value FROM station_meta WHERE key = ?');
    this.#set = db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  /** The last list read, or null if none was (or what is kept cannot be read as one: read again from the site). */
  read(): KnownSiteStations | null {
    const row = this.#get.get(SITE_STATIONS_KEY);
    if (!row) return null;
    try {
      const kept = JSON.parse(row.value) as { readAt?: unknown; stations?: unknown };
      if (typeof kept.readAt !== 'string' || !Array.isArray(kept.stations)) return null;
      const stations = kept.stations.filter(
        (s): s is SiteStation => typeof s === 'object' && s !== null && typeof (s as SiteStation).station === 'string' && ((s as SiteStation).name === null || typeof (s as SiteStation).name === 'string'),
      );
      return { readAt: kept.readAt, stations: stations.map((s) => ({ station: s.station, name: s.name })) };
    } catch {
      return null;
    }
  }

  /**
   * Keeps the list the site just gave; whether it differs from the one kept (the screens then ask
   * again). The same list is written again only when the kept one is older than `refreshMs`: the
   * site is asked every few seconds, the disk is not.
   */
  save(stations: readonly SiteStation[], readAt: Date, refreshMs = 10 * 60_000): boolean {
    const before = this.read();
    const same = before !== null && JSON.stringify(before.stations) === JSON.stringify(stations);
    const stale = before === null || !(readAt.getTime() - Date.parse(before.readAt) < refreshMs);
    if (same && !stale) return false;
    this.#set.run(SITE_STATIONS_KEY, JSON.stringify({ readAt: readAt.toISOString(), stations }));
    return !same;
  }
}
