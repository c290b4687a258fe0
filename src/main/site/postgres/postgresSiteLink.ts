import { createHash } from 'node:crypto';
import type pg from 'pg';
import { AuditSubjectType, GENESIS_HASH, RecordMode } from '../../../shared/contract/index.ts';
import { contentHash, type RawAuditRow } from '../../store/index.ts';
import { SiteChainRefused, type PublishedEvent, type PublishedFile, type SiteHead, type SiteLink } from '../siteLink.ts';
import { exactOf, storableEvent } from './exactText.ts';
import { sitePool, withPooledClient } from './siteConnection.ts';
import { CHAIN_REFUSED_SQLSTATE } from './siteSchema.ts';

/** Why a batch was refused, as the alarm row at the site names it. */
export type ChainAlarmKind = 'chain-gap' | 'chain-fork' | 'chain-link' | 'chain-hash';

interface Refusal {
  kind: ChainAlarmKind;
  atSeq: number;
  message: string;
}

const SUBJECT_TYPES: ReadonlySet<string> = new Set(AuditSubjectType.options);
const MODES: ReadonlySet<string> = new Set(RecordMode.options);
const HEX64 = /^[0-9a-f]{64}$/;
const UNIQUE_VIOLATION = '23505';

/** The hash the event's fields give, by the station's own function (store/verify's contentHash); null when they cannot be read as an event. */
function hashOfFields(event: PublishedEvent): string | null {
  if (!SUBJECT_TYPES.has(event.subjectType) || !MODES.has(event.mode)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(event.payload);
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const row: RawAuditRow = [event.seq, event.at, event.actor, event.station, event.kind, event.subjectType, event.subjectId, event.mode, event.payload, event.prevHash, event.hash];
  try {
    return contentHash(row, payload as Record<string, unknown>);
  } catch {
    return null;
  }
}

/**
 * What is wrong with the new part of a batch (the events after the site's head), or null: each
 * must be the next seq, link to the hash before it and carry the hash its fields give.
 */
function firstBreak(station: string, head: SiteHead, events: readonly PublishedEvent[]): Refusal | null {
  let seq = head.seq;
  let hash = head.hash;
  for (const event of events) {
    if (event.seq !== seq + 1) {
      return { kind: 'chain-gap', atSeq: event.seq, message: `station ${station} sent event ${event.seq}, but the site holds its chain up to event ${head.seq}: events ${seq + 1} to ${event.seq - 1} are missing` };
    }
    if (event.prevHash !== hash) {
      return { kind: 'chain-link', atSeq: event.seq, message: `event ${event.seq} of station ${station} does not link to event ${seq} the site holds (its previous hash is ${event.prevHash.slice(0, 12)}…, the site's is ${hash.slice(0, 12)}…)` };
    }
    if (!HEX64.test(event.hash) || hashOfFields(event) !== event.hash) {
      return { kind: 'chain-hash', atSeq: event.seq, message: `event ${event.seq} of station ${station} does not hash to the hash it carries: its content is not what was hashed` };
    }
    seq = event.seq;
    hash = event.hash;
  }
  return null;
}

/** The site's chain refusal, as the site's own trigger words it (a batch that raced another, or rows added by hand). */
function isChainRefusedByDatabase(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === CHAIN_REFUSED_SQLSTATE;
}

function headOf(row: { seq: string | number; hash: string } | undefined): SiteHead | null {
  if (!row) return null;
  const seq = Number(row.seq);
  return seq === 0 ? null : { seq, hash: row.hash };
}

/**
 * The site database as a station sees it, through the station's own role. `publish` is one
 * transaction with the station's head row locked: what the site holds already (same seq, same
 * hash) is skipped, the rest is checked and added in one INSERT; a gap, a fork or a bad link or
 * hash adds nothing, writes an alarm row (in its own transaction, so it stays) and throws
 * SiteChainRefused. PostgreSQL checks the links again (its trigger) and the rights (row-level
 * security): this class is not what keeps a station to its own rows.
 */
export class PostgresSiteLink implements SiteLink {
  readonly #pool: pg.Pool;
  readonly #connectionString: string;

  constructor(connectionString: string, options: { applicationName?: string } = {}) {
    this.#connectionString = connectionString;
    this.#pool = sitePool(connectionString, options.applicationName ?? 'mailscreen-station');
  }

  async #withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    // The site's refusal of a chain is its answer, not a failed connection: thrown as it is.
    return await withPooledClient(this.#pool, this.#connectionString, work, (error) => error instanceof SiteChainRefused);
  }

  async head(station: string): Promise<SiteHead | null> {
    return await this.#withClient(async (client) => {
      const { rows } = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM station_heads WHERE station = $1', [station]);
      return headOf(rows[0]);
    });
  }

  /** Whether the site shows this login the station at all (its own station's head row, or any for a console). */
  async knowsStation(station: string): Promise<boolean> {
    return await this.#withClient(async (client) => ((await client.query('SELECT 1 FROM station_heads WHERE station = $1', [station])).rowCount ?? 0) > 0);
  }

  /** The hashes the site holds for `station` at `seqs` (missing seqs are absent from the map). */
  async hashesAt(station: string, seqs: readonly number[]): Promise<Map<number, string>> {
    return await this.#withClient(async (client) => {
      const { rows } = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM station_events WHERE station = $1 AND seq = ANY($2::bigint[])', [station, seqs]);
      return new Map(rows.map((row) => [Number(row.seq), row.hash]));
    });
  }

  async publish(station: string, events: readonly PublishedEvent[]): Promise<SiteHead> {
    for (let i = 0; i < events.length; i += 1) {
      const event = events[i]!;
      if (event.station !== station) throw new Error(`event ${event.seq} is station ${event.station}'s, not ${station}'s: a station publishes its own events only`);
      if (i > 0 && event.seq !== events[i - 1]!.seq + 1) throw new Error(`a batch is consecutive events: ${event.seq} follows ${events[i - 1]!.seq}`);
    }
    return await this.#withClient(async (client) => {
      let refusal: Refusal | null;
      let held: SiteHead | null = null;
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM station_heads WHERE station = $1 FOR UPDATE', [station]);
        if (!rows[0]) throw new Error(`the site shows this login no station ${station}: either it is not part of the site (its administrator adds it: npm run -s cli -- site add-station ${station} --postgres <admin connection string>) or the connection string is another station's`);
        held = headOf(rows[0]);
        const head: SiteHead = held ?? { seq: 0, hash: GENESIS_HASH };
        const known = events.filter((event) => event.seq <= head.seq);
        const fresh = events.filter((event) => event.seq > head.seq);
        refusal = known.length > 0 ? await this.#forkIn(client, station, known) : null;
        refusal ??= firstBreak(station, head, fresh);
        if (refusal || fresh.length === 0) {
          await client.query('ROLLBACK');
        } else {
          await insertEvents(client, fresh);
          await client.query('COMMIT');
          const last = fresh.at(-1)!;
          return { seq: last.seq, hash: last.hash };
        }
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (!isChainRefusedByDatabase(error)) throw error;
        refusal = { kind: 'chain-link', atSeq: events[0]?.seq ?? 0, message: error.message };
      }
      if (!refusal) return held ?? { seq: 0, hash: GENESIS_HASH };
      await this.#raiseAlarm(client, station, refusal, held, events);
      throw new SiteChainRefused(refusal.message, held, refusal.atSeq);
    });
  }

  /** A held seq whose hash differs from the one sent: the station's chain forked from the site's. */
  async #forkIn(client: pg.ClientBase, station: string, known: readonly PublishedEvent[]): Promise<Refusal | null> {
    const { rows } = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM station_events WHERE station = $1 AND seq BETWEEN $2 AND $3', [station, known[0]!.seq, known.at(-1)!.seq]);
    const hashes = new Map(rows.map((row) => [Number(row.seq), row.hash]));
    for (const event of known) {
      const siteHash = hashes.get(event.seq);
      if (siteHash !== event.hash) {
        return {
          kind: 'chain-fork',
          atSeq: event.seq,
          message: `event ${event.seq} of station ${station} differs from the one the site holds (hash ${event.hash.slice(0, 12)}…, the site's ${siteHash?.slice(0, 12) ?? 'none'}…): the station's database was rewritten or restored from an older backup`,
        };
      }
    }
    return null;
  }

  /** The alarm row at the site, committed on its own; if even that fails, the refusal still stands. */
  async #raiseAlarm(client: pg.ClientBase, station: string, refusal: Refusal, held: SiteHead | null, events: readonly PublishedEvent[]): Promise<void> {
    const details = { message: refusal.message, atSeq: refusal.atSeq, siteHead: held, batch: { from: events[0]?.seq ?? null, to: events.at(-1)?.seq ?? null } };
    await client.query('INSERT INTO site_alarms (station, kind, details) VALUES ($1, $2, $3)', [station, refusal.kind, JSON.stringify(details)]).catch(() => undefined);
  }

  async publishFile(station: string, file: PublishedFile): Promise<void> {
    const actual = createHash('sha256').update(file.bytes).digest('hex');
    if (actual !== file.sha256) throw new Error(`the file named ${file.sha256.slice(0, 12)}… has SHA-256 ${actual.slice(0, 12)}…: it is not the file it claims to be`);
    await this.#withClient(async (client) => {
      // Not ON CONFLICT DO NOTHING: that needs a right to read site_files, which a station has not.
      try {
        await client.query('INSERT INTO site_files (sha256, bytes, first_station) VALUES ($1, $2, $3)', [file.sha256, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), station]);
      } catch (error) {
        if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.#pool.end().catch(() => undefined);
  }
}

/**
 * The batch's new events in one INSERT: one array per column, unnested by PostgreSQL (no limit on
 * the number of rows from bind parameters). An event holding a NUL goes as PostgreSQL can hold it,
 * with its exact values in `exact` (exactText.ts).
 */
async function insertEvents(client: pg.ClientBase, events: readonly PublishedEvent[]): Promise<void> {
  const stored = events.map(storableEvent);
  await client.query(
    `INSERT INTO station_events (station, seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash, exact)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`,
    [
      stored.map((e) => e.station),
      stored.map((e) => e.seq),
      stored.map((e) => e.at),
      stored.map((e) => e.actor),
      stored.map((e) => e.kind),
      stored.map((e) => e.subjectType),
      stored.map((e) => e.subjectId),
      stored.map((e) => e.mode),
      stored.map((e) => e.payload),
      stored.map((e) => e.prevHash),
      stored.map((e) => e.hash),
      events.map((e) => exactOf(e)),
    ],
  );
}
