import type pg from 'pg';
import { StationFailure, type ConsoleArgs, type ConsoleResponse, type RecordMode } from '../../../shared/contract/index.ts';
import { ReviewAnswerRefused, reviewAnswers, reviewImage, reviewQueue } from '../postgres/index.ts';
import { answerView, reviewImageView } from '../reviewViews.ts';

// The remote second review at the site console: the site's queue (every station's inconclusive
// scans), a queued scan's image, and a trained reviewer's answer. The console has no login and its
// role reads no PIN hash: the reviewer is identified by badge and PIN through site schema 8's
// functions (consoleReviewSchema.ts): the console asks for the badge's salt, computes the PIN's
// scrypt key as a station does, and the site compares it with the roster's hash, counts wrong ones,
// checks the reviewer's X-ray training and adds the answer. The scan's station writes it.

/** The console shows every station's scans, each with its mode (a demo site's stations are demo). */
const CONSOLE_MODES: readonly RecordMode[] = ['live', 'drill', 'demo'];

const OLD_SCHEMA = 'The site database is older than this console (no second review from the console yet): the site admin runs `npm run -s cli -- site init` to update it.';

/** 42883: a function the site's schema does not have yet (the queue's before version 5, the answer's before 8). */
function orOldSchema(error: unknown): never {
  if ((error as { code?: unknown }).code === '42883') throw new StationFailure('UNAVAILABLE', OLD_SCHEMA);
  throw error;
}

export async function readReviewQueue(client: pg.ClientBase): Promise<ConsoleResponse<'console.reviewQueue'>> {
  const scans = await reviewQueue(client, CONSOLE_MODES, 200).catch(orOldSchema);
  const answers = await reviewAnswers(client, {}, 50);
  return { scans, answers: answers.map(answerView) };
}

export async function readReviewImage(client: pg.ClientBase, { station, scanRef }: ConsoleArgs<'console.reviewImage'>): Promise<ConsoleResponse<'console.reviewImage'>> {
  let image: Awaited<ReturnType<typeof reviewImage>>;
  try {
    image = await reviewImage(client, station, scanRef);
  } catch (error) {
    if (error instanceof ReviewAnswerRefused) throw new StationFailure('CONFLICT', `${error.message}.`);
    orOldSchema(error);
  }
  return reviewImageView(station, scanRef, image);
}

interface AnswerStatus {
  status: 'answered' | 'refused';
  detail: string;
  answer_id: string | null;
}

/**
 * Records a console reviewer's answer. Runs outside a transaction of the console's: the site's
 * function is one statement, and a wrong PIN it counted must stay counted although the answer is refused.
 */
export async function recordConsoleAnswer(
  client: pg.ClientBase,
  args: ConsoleArgs<'console.reviewAnswer'>,
  pinKey: (pin: string, salt: string | null) => Promise<string>,
): Promise<ConsoleResponse<'console.reviewAnswer'>> {
  const { rows: salts } = await client.query<{ salt: string | null }>('SELECT site_console_pin_salt($1) AS salt', [args.badge]).catch(orOldSchema);
  // An unknown badge costs the same scrypt as a known one (pinKey's null salt).
  const key = await pinKey(args.pin, salts[0]?.salt ?? null);
  let status: AnswerStatus | undefined;
  try {
    const { rows } = await client.query<AnswerStatus>('SELECT * FROM site_console_review_answer($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      args.badge,
      key,
      args.station,
      args.verdictSeq,
      args.custodyId,
      args.scanRef,
      args.verdict,
      args.verdict === 'suspect' ? (args.incidentType ?? null) : null,
      args.notes,
    ]);
    status = rows[0];
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // P0001: the answer's trigger said why (the scan no longer queued, the first reviewer).
    if (code === 'P0001') throw new StationFailure('INVALID_STATE', `The site refused the answer: ${(error as Error).message}.`);
    orOldSchema(error);
  }
  if (!status || status.status !== 'answered' || status.answer_id === null) throw new StationFailure('FORBIDDEN', status?.detail ?? 'The site did not take the answer.');
  const { rows } = await client.query<{ at: Date; reviewer_name: string; notes: string }>('SELECT at, reviewer_name, notes FROM site_review_answers WHERE id = $1', [status.answer_id]);
  const row = rows[0];
  if (!row) throw new StationFailure('INTERNAL', 'The site took the answer but the console could not read it back: look for it in the list of answers.');
  return {
    answer: {
      id: Number(status.answer_id),
      station: args.station,
      custodyId: args.custodyId,
      scanRef: args.scanRef,
      byStation: null,
      reviewerName: row.reviewer_name,
      verdict: args.verdict,
      notes: row.notes,
      at: row.at.toISOString(),
      outcome: null,
      reason: null,
    },
  };
}
