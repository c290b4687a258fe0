import type pg from 'pg';
import type { SiteCustody, SiteHandOver, SiteStation } from '../custody/index.ts';
import { sitePool, withPooledClient } from './siteConnection.ts';

interface PairRow {
  from_station: string;
  custody_id: string;
  to_station: string;
  handed_over_at: string;
  released_by: unknown;
  sent_seals: unknown;
  reason: string | null;
}

const COLUMNS = 'from_station, custody_id, to_station, handed_over_at, released_by, sent_seals, reason';

/** At most this many stations are listed (a site of hundreds still fits; a screen's choice, not a report). */
const STATIONS_LIMIT = 2000;

/** At most this many waiting hand-overs are listed (a station's screen, not a report). */
const WAITING_LIMIT = 200;

function handOverOf(row: PairRow): SiteHandOver {
  const seals = Array.isArray(row.sent_seals) ? row.sent_seals.filter((s): s is string => typeof s === 'string') : [];
  return { fromStation: row.from_station, custodyId: row.custody_id, toStation: row.to_station, at: row.handed_over_at, releasedBy: row.released_by, sealNumbers: seals, reason: row.reason };
}

/** The site's custody pairs as a station reads them, with its own role (row-level security keeps it to its own transfers). */
export class PostgresSiteCustody implements SiteCustody {
  readonly #pool: pg.Pool;
  readonly #connectionString: string;

  constructor(connectionString: string, options: { applicationName?: string } = {}) {
    this.#connectionString = connectionString;
    this.#pool = sitePool(connectionString, options.applicationName ?? 'mailscreen-station custody');
  }

  /** Through site_station_list() (site schema 11): a station's role reads the stations' IDs and names, nothing else of them. */
  async stations(): Promise<SiteStation[]> {
    return await withPooledClient(this.#pool, this.#connectionString, async (client) => {
      const { rows } = await client.query<SiteStation>(`SELECT station, name FROM site_station_list() LIMIT ${STATIONS_LIMIT}`);
      return rows.map((row) => ({ station: row.station, name: row.name }));
    });
  }

  async waitingAt(station: string): Promise<SiteHandOver[]> {
    return await withPooledClient(this.#pool, this.#connectionString, async (client) => {
      const { rows } = await client.query<PairRow>(`SELECT ${COLUMNS} FROM site_custody_pairs WHERE to_station = $1 AND status = 'pending' ORDER BY handed_over_at, from_station, custody_id LIMIT $2`, [
        station,
        WAITING_LIMIT,
      ]);
      return rows.map(handOverOf);
    });
  }

  async handOver(fromStation: string, custodyId: string, station: string): Promise<SiteHandOver | null> {
    return await withPooledClient(this.#pool, this.#connectionString, async (client) => {
      const { rows } = await client.query<PairRow>(
        `SELECT ${COLUMNS} FROM site_custody_pairs WHERE from_station = $1 AND custody_id = $2 AND to_station = $3 AND handed_over_seq IS NOT NULL LIMIT 1`,
        [fromStation, custodyId, station],
      );
      return rows[0] ? handOverOf(rows[0]) : null;
    });
  }

  async close(): Promise<void> {
    await this.#pool.end().catch(() => undefined);
  }
}
