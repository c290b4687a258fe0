import type pg from 'pg';
import { HOT_FOLDER_MAX_MEGABYTES_LIMIT, type RecordMode } from '../../../shared/contract/index.ts';
import { ReviewOutcomeRefused, type DecidedAnswer, type NewReviewAnswer, type ReviewAnswer, type ReviewOutcome, type ReviewScan, type SiteReviews } from '../remoteReview.ts';
import { sitePool, withPooledClient } from './siteConnection.ts';

// The remote second review at the site (schema version 5, siteReviewSchema.ts). The functions take
// a connection, so the console (`site serve`) calls them with its own role: `reviewQueue`,
// `reviewImage`, `recordReviewAnswer` (byStation null: a console's answer, its reviewer named) and
// `reviewAnswers`. A station uses them through PostgresSiteReviews, over its own role.

/** The site refused an answer (not a scan it may answer, a reviewer it does not know): one line, the reviewer can act on it. */
export class ReviewAnswerRefused extends Error {
  override name = 'ReviewAnswerRefused';
}

interface QueueRow {
  station: string;
  verdict_seq: string;
  custody_id: string;
  scan_ref: string;
  at: string;
  mode: RecordMode;
  first_reviewer: string;
  findings: unknown;
  notes: string;
  image_sha256: string | null;
  refused: number;
}

interface AnswerRow {
  id: string;
  station: string;
  verdict_seq: string;
  custody_id: string;
  scan_ref: string;
  by_station: string | null;
  by_role: string;
  reviewer_id: string;
  reviewer_name: string;
  verdict: 'clear' | 'suspect';
  incident_type: string | null;
  notes: string;
  at: Date;
}

interface DecidedRow extends AnswerRow {
  outcome: 'written' | 'dissent' | 'concurring' | 'refused' | null;
  reason: string | null;
  scan_waits: boolean | null;
  station_seq: string | null;
  decided_at: Date | null;
}

const answerOf = (row: AnswerRow): ReviewAnswer => ({
  id: Number(row.id),
  station: row.station,
  verdictSeq: Number(row.verdict_seq),
  custodyId: row.custody_id,
  scanRef: row.scan_ref,
  byStation: row.by_station,
  byRole: row.by_role,
  reviewerId: row.reviewer_id,
  reviewerName: row.reviewer_name,
  verdict: row.verdict,
  incidentType: row.incident_type,
  notes: row.notes,
  at: row.at.toISOString(),
});

function decidedOf(row: DecidedRow): DecidedAnswer {
  const at = row.decided_at?.toISOString() ?? '';
  const outcome: DecidedAnswer['outcome'] =
    row.outcome === 'written'
      ? { outcome: 'written', stationSeq: Number(row.station_seq ?? 0), at }
      : row.outcome === 'dissent'
        ? { outcome: 'dissent', reason: row.reason ?? '', ...(row.station_seq === null ? {} : { stationSeq: Number(row.station_seq) }), at }
        : row.outcome === 'concurring'
          ? { outcome: 'concurring', reason: row.reason ?? '', at }
          : row.outcome === 'refused'
          ? { outcome: 'refused', reason: row.reason ?? '', scanWaits: row.scan_waits === true, at }
          : null;
  return { ...answerOf(row), outcome };
}

/** The longest text of another station's event the queue passes on: a station's own chain may hold anything. */
const MAX_QUEUE_TEXT = 2000;
const bounded = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Inconclusive scans waiting for a second review, of every station but the caller's (a console sees all). */
export async function reviewQueue(client: pg.ClientBase, modes: readonly RecordMode[], limit = 200): Promise<ReviewScan[]> {
  const { rows } = await client.query<QueueRow>('SELECT * FROM site_review_queue($1::text[], $2)', [[...modes], limit]);
  // Each field as another station published it, bounded: the queue is shown on every other station's screen.
  return rows.map((row) => ({
    station: row.station,
    verdictSeq: Number(row.verdict_seq),
    custodyId: bounded(row.custody_id, 40),
    scanRef: bounded(row.scan_ref),
    at: bounded(row.at, 40),
    mode: row.mode,
    firstReviewer: bounded(row.first_reviewer),
    findings: Array.isArray(row.findings) ? row.findings.filter((f): f is string => typeof f === 'string').slice(0, 10).map((f) => bounded(f, 100)) : [],
    notes: bounded(row.notes, MAX_QUEUE_TEXT),
    imageSha256: row.image_sha256 !== null && /^[0-9a-f]{64}$/.test(row.image_sha256) ? row.image_sha256 : null,
    refused: row.refused,
  }));
}

/** An image larger than this is not sent over (the largest a station's hot folder may ever take). */
export const MAX_REVIEW_IMAGE_BYTES = HOT_FOLDER_MAX_MEGABYTES_LIMIT * 1024 * 1024;

/**
 * The image of an inconclusive scan, as the site holds it (its SHA-256 checked by the site's CHECK
 * on arrival). One larger than `maxBytes` stays at the site: ReviewAnswerRefused says so.
 */
export async function reviewImage(client: pg.ClientBase, station: string, scanRef: string, maxBytes = MAX_REVIEW_IMAGE_BYTES): Promise<{ sha256: string; bytes: Uint8Array } | null> {
  const { rows } = await client.query<{ sha256: string; size: number; bytes: Buffer | null }>(
    'SELECT sha256, octet_length(bytes) AS size, CASE WHEN octet_length(bytes) <= $3 THEN bytes END AS bytes FROM site_review_image($1, $2)',
    [station, scanRef, maxBytes],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.bytes === null) throw new ReviewAnswerRefused(`the image of scan ${scanRef} at the site is ${row.size} bytes, more than ${maxBytes}: it is not sent here`);
  return { sha256: row.sha256, bytes: new Uint8Array(row.bytes) };
}

/**
 * Adds an answer: `byStation` the answering station (its own role must be the one connected: RLS),
 * or null for a console's role. The site checks the scan, the reviewer (on the roster, active, not
 * the first reviewer); what it refuses comes back as ReviewAnswerRefused with its reason.
 */
export async function recordReviewAnswer(client: pg.ClientBase, answer: NewReviewAnswer & { byStation: string | null }): Promise<ReviewAnswer> {
  try {
    const { rows } = await client.query<AnswerRow>(
      `INSERT INTO site_review_answers (station, verdict_seq, custody_id, scan_ref, by_station, reviewer_id, reviewer_name, verdict, incident_type, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [answer.station, answer.verdictSeq, answer.custodyId, answer.scanRef, answer.byStation, answer.reviewerId, answer.reviewerName, answer.verdict, answer.incidentType, answer.notes],
    );
    return answerOf(rows[0]!);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // P0001: the site's trigger said why (the scan, the reviewer); 23xxx/42501: a constraint or row-level security.
    if (code === 'P0001' || (typeof code === 'string' && code.startsWith('23')) || code === '42501') {
      throw new ReviewAnswerRefused(`the site refused the answer: ${(error as Error).message}`);
    }
    throw error;
  }
}

const DECIDED = `SELECT a.*, o.outcome, o.reason, o.scan_waits, o.station_seq, o.at AS decided_at
  FROM site_review_answers a LEFT JOIN site_review_outcomes o ON o.answer_id = a.id`;

/** Answers with what their scan's station did: by the answering station, to a scan's station, or of one outcome; newest first. */
export async function reviewAnswers(client: pg.ClientBase, filter: { station?: string; byStation?: string; outcome?: 'written' | 'dissent' | 'concurring' | 'refused' | 'undecided' | 'afterReview' }, limit = 200): Promise<DecidedAnswer[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.station !== undefined) where.push(`a.station = $${params.push(filter.station)}`);
  if (filter.byStation !== undefined) where.push(`a.by_station = $${params.push(filter.byStation)}`);
  if (filter.outcome === 'undecided') where.push('o.answer_id IS NULL');
  else if (filter.outcome === 'afterReview') where.push("o.outcome IN ('dissent', 'concurring')");
  else if (filter.outcome !== undefined) where.push(`o.outcome = $${params.push(filter.outcome)}`);
  const { rows } = await client.query<DecidedRow>(`${DECIDED} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT $${params.push(Math.max(1, Math.min(limit, 1000)))}`, params);
  return rows.map(decidedOf);
}

/** The site's reviews over a station's own connection: its role answers as itself and decides its own scans only. */
export class PostgresSiteReviews implements SiteReviews {
  readonly #pool: pg.Pool;
  readonly #connectionString: string;
  readonly #station: string;

  constructor(connectionString: string, station: string, options: { applicationName?: string } = {}) {
    this.#connectionString = connectionString;
    this.#station = station;
    this.#pool = sitePool(connectionString, options.applicationName ?? `mailscreen-station ${station} reviews`);
  }

  #with<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withPooledClient(this.#pool, this.#connectionString, work, (error) => error instanceof ReviewAnswerRefused);
  }

  async undecided(limit: number, after = 0): Promise<ReviewAnswer[]> {
    return await this.#with(async (client) => {
      const { rows } = await client.query<AnswerRow>(
        `SELECT a.* FROM site_review_answers a WHERE a.station = $1 AND a.id > $3 AND NOT EXISTS (SELECT FROM site_review_outcomes o WHERE o.answer_id = a.id) ORDER BY a.id LIMIT $2`,
        [this.#station, limit, after],
      );
      return rows.map(answerOf);
    });
  }

  async decide(answerId: number, outcome: ReviewOutcome): Promise<void> {
    try {
      try {
        await this.#decide(answerId, outcome);
      } catch (error) {
        // A site before schema 12 knows no concurring outcome: recorded as dissent, as it was then,
        // rather than holding up every answer after this one until the site is brought up to date.
        if (outcome.outcome !== 'concurring' || (error as { code?: unknown }).code !== '23514') throw error;
        await this.#decide(answerId, { outcome: 'dissent', reason: outcome.reason });
      }
    } catch (error) {
      // The site's own answer to this one statement (a SQLSTATE, not of a connection, the server
      // shutting down or running out): this record is refused, the next one may well be taken.
      const code = String((error as { code?: unknown }).code ?? '');
      if (/^[0-9A-Z]{5}$/.test(code) && !/^(08|53|57|58)/.test(code)) throw new ReviewOutcomeRefused(`the site refused to record it (${code}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      throw error;
    }
  }

  async #decide(answerId: number, outcome: ReviewOutcome): Promise<void> {
    await this.#with(async (client) => {
      await client.query(
        `INSERT INTO site_review_outcomes (answer_id, station, outcome, scan_waits, reason, station_seq) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (answer_id) DO NOTHING`,
        [
          answerId,
          this.#station,
          outcome.outcome,
          outcome.outcome === 'refused' && outcome.scanWaits,
          outcome.outcome === 'written' ? null : outcome.reason.slice(0, 2000),
          outcome.outcome === 'dissent' || outcome.outcome === 'written' ? (outcome.stationSeq ?? null) : null,
        ],
      );
    });
  }

  async queue(modes: readonly RecordMode[], limit: number): Promise<ReviewScan[]> {
    return await this.#with((client) => reviewQueue(client, modes, limit));
  }

  async image(station: string, scanRef: string): Promise<{ sha256: string; bytes: Uint8Array } | null> {
    return await this.#with((client) => reviewImage(client, station, scanRef));
  }

  async answer(answer: NewReviewAnswer): Promise<ReviewAnswer> {
    return await this.#with((client) => recordReviewAnswer(client, { ...answer, byStation: this.#station }));
  }

  async given(limit: number): Promise<DecidedAnswer[]> {
    return await this.#with((client) => reviewAnswers(client, { byStation: this.#station }, limit));
  }

  async dissent(limit: number): Promise<DecidedAnswer[]> {
    return await this.#with((client) => reviewAnswers(client, { station: this.#station, outcome: 'afterReview' }, limit));
  }

  async close(): Promise<void> {
    await this.#pool.end().catch(() => undefined);
  }
}
