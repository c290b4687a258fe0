import type pg from 'pg';
import { GENESIS_HASH } from '../../../shared/contract/index.ts';
import { SITE_EVENT_COLUMNS, storableCell, storableText } from './exactText.ts';
import { ProjectionHeld, StationReplay, type SiteEventRow, type TableChange } from './projectionReplay.ts';
import { PROJECTION_TABLES } from './projectionSchema.ts';
import { inTransaction, sitePool, withPooledClient } from './siteConnection.ts';

/** How one station's projection stands after a pass. */
export interface StationProjected {
  station: string;
  /** The last event projected (0: none). */
  seq: number;
  /** The station's head at the site: seq < head when held, or when more is to come. */
  head: number;
  held: { atSeq: number; reason: string } | null;
}

export interface ProjectionPass {
  stations: StationProjected[];
  /** Events folded into the projection in this pass (a rebuild: all of them). */
  events: number;
  /** A rebuild only: the custody halves made again from the events (site_custody_halves). */
  custodyHalves?: number;
}

/** One transaction per page of events: the projection head and its rows move together. */
const PAGE = 5000;

// One projection writer at a time, site-wide (the follower, a rebuild, a second follower started by mistake).
const LOCK = "SELECT pg_advisory_xact_lock(hashtext('mailscreen-site-projection'))";

// A cell as PostgreSQL's text can hold it (a NUL someone typed shown as ␀: exactText.ts).
const cell = (value: unknown): string | null => (typeof value === 'string' ? storableText(value) : null);

/** What a held projection says of why, at most this long (an alarm's message is the station's to write). */
const REASON_CHARS = 500;

/** Some stations' projection failed in a pass; `pass` is what the others did. */
export class ProjectionFailed extends Error {
  override name = 'ProjectionFailed';
  readonly pass: ProjectionPass;

  constructor(message: string, pass: ProjectionPass) {
    super(message);
    this.pass = pass;
  }
}

/** Makes site_custody_halves again from the events (site schema 12's function); how many halves. */
async function rebuildCustodyHalves(client: pg.ClientBase): Promise<number> {
  try {
    const { rows } = await client.query<{ made: string }>('SELECT site_custody_halves_rebuild() AS made');
    return Number(rows[0]!.made);
  } catch (error) {
    if ((error as { code?: unknown }).code === '42883') throw new Error('the site database\'s schema has no rebuild of the custody halves (before version 12): run site init first', { cause: error });
    throw error;
  }
}

/** The connection itself is gone: the pass ends (the next one reconnects). */
function isConnectionLost(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return /^(ECONN|EPIPE|57P0|08)/.test(code) || /Connection terminated|not queryable|encountered a connection error/i.test(error instanceof Error ? error.message : '');
}

/**
 * Keeps the site's projection tables (projectionSchema.ts) equal to what the station's own replay
 * makes of each station's published events. A follower, not the publish transaction: the publish
 * runs as the station's role, which has no right on the projections (and a station's publishing
 * must not wait for, or fail because of, a projection); the follower runs as the site's
 * administrator and keeps, per station, the seq up to which it has projected
 * (site_projection_heads), moved in the same transaction as the rows: the projection is never
 * ahead of the events it applied, nor behind them once committed.
 *
 * The fold is in memory, one StationReplay per station; a follower that starts (or finds the
 * head moved by another writer, a rebuild) folds the station's events up to the projection head
 * again before it goes on: the restart cost is one replay of the station's record.
 */
export class SiteProjector {
  readonly #pool: pg.Pool;
  readonly #connectionString: string;
  readonly #replays = new Map<string, StationReplay>();
  readonly #page: number;

  constructor(connectionString: string, options: { page?: number; applicationName?: string } = {}) {
    this.#connectionString = connectionString;
    this.#page = options.page ?? PAGE;
    this.#pool = sitePool(connectionString, options.applicationName ?? 'mailscreen-site-projector');
  }

  async #withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return await withPooledClient(this.#pool, this.#connectionString, work);
  }

  /** Projects every station's events that are not projected yet (each page its own transaction). */
  async project(): Promise<ProjectionPass> {
    return await this.#withClient(async (client) => {
      const { rows } = await client.query<{ station: string }>(
        `SELECT h.station FROM station_heads h LEFT JOIN site_projection_heads p USING (station)
          WHERE p.station IS NULL OR (h.seq > p.seq AND p.held_at_seq IS NULL) ORDER BY h.station`,
      );
      const pass: ProjectionPass = { stations: [], events: 0 };
      const failed: string[] = [];
      for (const { station } of rows) {
        // One station's failure (a query refused, a row the replay cannot take) does not stop the others'.
        try {
          for (;;) {
            const step = await this.#inTransaction(client, station, async () => await this.#advance(client, station, this.#page));
            pass.events += step.events;
            if (step.events === 0 || step.projected.held || step.projected.seq >= step.projected.head) {
              pass.stations.push(step.projected);
              break;
            }
          }
        } catch (error) {
          if (isConnectionLost(error)) throw error;
          failed.push(`station ${station}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failed.length > 0) throw new ProjectionFailed(`the projection of ${failed.length} station(s) did not move (the others did): ${failed.join('; ')}`, pass);
      return pass;
    });
  }

  /**
   * Empties the projection tables and projects every station's events again, from the events
   * alone, in ONE transaction: the console sees the old projection until the new one is whole.
   * The custody halves (which the publish trigger makes as each half arrives) are made again in
   * the same transaction, by the function that trigger uses (site schema 12).
   */
  async rebuild(): Promise<ProjectionPass> {
    return await this.#withClient(async (client) => {
      this.#replays.clear();
      return await this.#inTransaction(client, null, async () => {
        await client.query(LOCK);
        for (const table of PROJECTION_TABLES) await client.query(`DELETE FROM ${table}`);
        await client.query('UPDATE site_projection_heads SET seq = 0, hash = $1, held_at_seq = NULL, held_reason = NULL, projected_at = now()', [GENESIS_HASH]);
        const { rows } = await client.query<{ station: string }>('SELECT station FROM station_heads ORDER BY station');
        const pass: ProjectionPass = { stations: [], events: 0, custodyHalves: await rebuildCustodyHalves(client) };
        for (const { station } of rows) {
          for (;;) {
            const step = await this.#advance(client, station, this.#page);
            pass.events += step.events;
            if (step.events === 0 || step.projected.held || step.projected.seq >= step.projected.head) {
              pass.stations.push(step.projected);
              break;
            }
          }
        }
        return pass;
      });
    });
  }

  /**
   * The administrator has dealt with the station's alarms up to now (the station restored, its
   * chain continuing the site's again): they no longer hold its projection, which goes on from
   * where it stopped at the next pass.
   */
  async release(station: string): Promise<{ station: string; releasedAlarm: number }> {
    return await this.#withClient(async (client) =>
      this.#inTransaction(client, station, async () => {
        await client.query(LOCK);
        const known = await client.query('SELECT 1 FROM site_stations WHERE station = $1', [station]);
        if (!known.rowCount) throw new Error(`station ${station} is not part of this site`);
        const { rows } = await client.query<{ id: string | null }>('SELECT max(id) AS id FROM site_alarms WHERE station = $1', [station]);
        const releasedAlarm = Number(rows[0]?.id ?? 0);
        await client.query('INSERT INTO site_projection_heads (station, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (station) DO NOTHING', [station, GENESIS_HASH]);
        await client.query('UPDATE site_projection_heads SET released_alarm = $2, held_at_seq = NULL, held_reason = NULL WHERE station = $1', [station, releasedAlarm]);
        return { station, releasedAlarm };
      }),
    );
  }

  /** Projects what arrives, every `everyMs`, until `signal` aborts; a pass that fails is told to `onError` and tried again. */
  async follow(signal: AbortSignal, options: { everyMs?: number; onPass?: (pass: ProjectionPass) => void; onError?: (error: Error) => void } = {}): Promise<void> {
    const everyMs = options.everyMs ?? 1000;
    while (!signal.aborted) {
      try {
        const pass = await this.project();
        if (pass.events > 0) options.onPass?.(pass);
      } catch (error) {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, everyMs);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  async close(): Promise<void> {
    await this.#pool.end().catch(() => undefined);
  }

  /** `work` in a transaction; if it fails, the fold in memory of `station` (null: of every station) is dropped. */
  async #inTransaction<T>(client: pg.ClientBase, station: string | null, work: () => Promise<T>): Promise<T> {
    try {
      return await inTransaction(client, work);
    } catch (error) {
      // The fold in memory may have gone past what was committed: it is made again from the events
      // (that station's only: one station failing must not make every other replay its record).
      if (station === null) this.#replays.clear();
      else this.#replays.delete(station);
      throw error;
    }
  }

  /** Up to `page` more of the station's events into its projection, inside the caller's transaction. */
  async #advance(client: pg.ClientBase, station: string, page: number): Promise<{ events: number; projected: StationProjected }> {
    await client.query(LOCK);
    await client.query('INSERT INTO site_projection_heads (station, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (station) DO NOTHING', [station, GENESIS_HASH]);
    const held = await client.query<{ seq: string; hash: string; held_at_seq: string | null; held_reason: string | null; released_alarm: string }>(
      'SELECT seq, hash, held_at_seq, held_reason, released_alarm FROM site_projection_heads WHERE station = $1 FOR UPDATE',
      [station],
    );
    const projection = held.rows[0]!;
    const heads = await client.query<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [station]);
    const head = Number(heads.rows[0]?.seq ?? 0);
    const at = { seq: Number(projection.seq), hash: projection.hash };
    if (projection.held_at_seq !== null) return { events: 0, projected: { station, seq: at.seq, head, held: { atSeq: Number(projection.held_at_seq), reason: projection.held_reason ?? '' } } };

    // A refused chain is not projected past the refusal: the events up to the site's head when the
    // first alarm not yet released was raised.
    const alarms = await client.query<{ id: string; kind: string; details: { message?: unknown; siteHead?: { seq?: unknown } | null } | null }>(
      'SELECT id, kind, details FROM site_alarms WHERE station = $1 AND id > $2 ORDER BY id LIMIT 1',
      [station, projection.released_alarm],
    );
    const alarm = alarms.rows[0];
    // A station role writes its own alarms: their details are read as untrusted (any JSON, null included).
    const alarmSeq = alarm ? Math.max(0, Number(alarm.details?.siteHead?.seq ?? 0) || 0) : Infinity;
    const limit = Math.min(head, alarmSeq);

    let replay = this.#replays.get(station);
    if (!replay || replay.seq !== at.seq || replay.hash !== at.hash) {
      replay = new StationReplay(station);
      this.#replays.set(station, replay);
      if (at.seq > 0) {
        await this.#fold(client, replay, at.seq);
        replay.changes();
        if (replay.hash !== at.hash) throw new Error(`the projection of station ${station} says event ${at.seq} has hash ${at.hash.slice(0, 12)}…, the events ${replay.hash.slice(0, 12)}…: run site rebuild`);
      }
    }

    let stop: { atSeq: number; reason: string } | null = null;
    const before = replay.seq;
    try {
      await this.#fold(client, replay, Math.min(limit, at.seq + page));
    } catch (error) {
      if (!(error instanceof ProjectionHeld)) throw error;
      stop = { atSeq: error.seq, reason: error.message };
    }
    const events = replay.seq - before;
    if (!stop && alarm && replay.seq >= alarmSeq && head > alarmSeq) {
      const message = typeof alarm.details?.message === 'string' ? alarm.details.message : '';
      stop = { atSeq: replay.seq + 1, reason: `site alarm ${alarm.id} (${alarm.kind}): ${message}` };
    }
    for (const change of replay.changes()) await writeChange(client, station, change);
    await client.query('UPDATE site_projection_heads SET seq = $2, hash = $3, projected_at = now(), held_at_seq = $4, held_reason = $5 WHERE station = $1', [
      station,
      replay.seq,
      replay.hash,
      stop?.atSeq ?? null,
      stop ? stop.reason.slice(0, REASON_CHARS) : null,
    ]);
    return { events, projected: { station, seq: replay.seq, head, held: stop } };
  }

  /** Folds the station's events after the replay's seq up to `through`, read a page at a time. */
  async #fold(client: pg.ClientBase, replay: StationReplay, through: number): Promise<void> {
    while (replay.seq < through) {
      const { rows } = await client.query<SiteEventRow>(`SELECT ${SITE_EVENT_COLUMNS} FROM station_events WHERE station = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`, [
        replay.station,
        replay.seq,
        through,
        this.#page,
      ]);
      if (rows.length === 0) throw new ProjectionHeld(`event ${replay.seq + 1} of station ${replay.station} is not at the site`, replay.seq + 1);
      for (const row of rows) replay.fold(row);
    }
  }
}

/** The touched subjects' rows: the old ones deleted, the replay's inserted (one statement each, arrays unnested). */
export async function writeChange(client: pg.ClientBase, station: string, change: TableChange): Promise<void> {
  const { table, columns, rows } = change;
  const subjects = change.subjects.map(storableText);
  const [subjectColumn] = table.keyColumns;
  await client.query(`DELETE FROM ${table.sqlTable} WHERE station = $1 AND ${subjectColumn!.name} = ANY($2::text[])`, [station, subjects]);
  if (rows.length === 0) return;
  const keys = table.keyColumns.map((key, i) => ({ name: key.name, select: key.type === 'integer' ? `u.k${i}::integer` : `u.k${i}` }));
  const derived = table.derived ?? [];
  const names = [...keys.map((k) => k.name), ...columns, 'updated_seq', 'updated_at', ...derived.map((d) => d.column)];
  const aliases = [...keys.map((_, i) => `k${i}`), ...columns.map((_, i) => `c${i}`), 'useq', 'uat'];
  const selects = [...keys.map((k) => k.select), ...columns.map((_, i) => `u.c${i}`), 'u.useq::bigint', 'u.uat', ...derived.map((d) => d.select)];
  const arrays = [
    ...table.keyColumns.map((_, i) => rows.map((r) => storableCell(r.key[i] ?? null))),
    ...columns.map((column) => rows.map((r) => cell(r.row[column]))),
    rows.map((r) => String(r.seq)),
    rows.map((r) => storableText(r.at)),
  ];
  await client
    .query(
      `INSERT INTO ${table.sqlTable} (station, ${names.join(', ')})
       SELECT $1, ${selects.join(', ')} FROM unnest(${arrays.map((_, i) => `$${i + 2}::text[]`).join(', ')}) AS u(${aliases.join(', ')})`,
      [station, ...arrays],
    )
    .catch((error: unknown) => {
      // A follower or rebuild of this version on a site not brought up to date: said, not a bare "column does not exist".
      if (derived.length > 0 && (error as { code?: unknown }).code === '42703') {
        throw new Error(`the site database's schema has no ${derived.map((d) => `${table.sqlTable}.${d.column}`).join(', ')} (before version 14): run site init first`, { cause: error });
      }
      throw error;
    });
}
