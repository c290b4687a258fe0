// The remote second review at the site console, on a real PostgreSQL with a real station A: the
// console's queue holds A's inconclusive scan with its image; a trained reviewer identified by badge
// and PIN (checked inside the site: the console's role reads no PIN hash) records the answer; A
// writes it in its own chain. A wrong PIN, an untrained reviewer, the first reviewer and a locked
// badge are refused; wrong PINs are counted even in parallel; the console's role cannot name a
// reviewer without the PIN any more, nor read the hashes or the PIN checks' counters' inputs.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { argumentsRefusal } from '../../src/main/core/index.ts';
import { hashPin, NO_OPERATOR_PIN, pinKey } from '../../src/main/core/pin.ts';
import type { Station } from '../../src/main/core/station.ts';
import { lineLog } from '../../src/main/log.ts';
import { addConsole, addRosterOperator, addStation, PostgresSiteLink, PostgresSiteReviews, PostgresSiteRoster, recordRosterTraining, RosterSync, SiteConsole, unlockRosterOperator, type ConsoleConnection } from '../../src/main/site/index.ts';
import { Store } from '../../src/main/store/index.ts';
import type { CommandResult, ConsoleResponse } from '../../src/shared/contract/index.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { makeStation, tempDir } from '../helpers/station.ts';
import { localToday, waitFor } from '../helpers/wait.ts';
import { inconclusiveXrayWithImage, XRAY_IMAGE } from '../helpers/xrayImage.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
let consoleUrl: string;
let siteConsole: SiteConsole;
let screen: ConsoleConnection;
let station: Station;
let ana: StationConnection;
const folders: string[] = [];
const PIN = '739154';
const ids: Record<'ana' | 'cy' | 'cora' | 'dan' | 'eve' | 'fay', string> = { ana: '', cy: '', cora: '', dan: '', eve: '', fay: '' };
let stationId = '';
let imageStore = '';
/** Each parcel weighs its own: the scale refuses a weight already recorded for another item. */
let parcels = 0;

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function refusal(result: CommandResult<unknown>): { code: string; message: string } {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.error;
}

async function inconclusiveParcel(code: string): Promise<{ custodyId: string; scanRef: string; verdictSeq: number }> {
  const { custodyId, scanRef } = await inconclusiveXrayWithImage(station, ana, code, { grams: 1000 + (parcels += 1) * 130, imageStore, notes: 'Dense mass' });
  const head = (station.store.db.prepare('SELECT max(seq) AS seq FROM audit_events').get() as { seq: number }).seq;
  await waitFor('the station published', async () => {
    const { rows } = await admin.query<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [stationId]);
    return Number(rows[0]?.seq ?? 0) >= head;
  }, 60_000);
  const queue = must<ConsoleResponse<'console.reviewQueue'>>(await screen.call('console.reviewQueue', {}), 'queue');
  const scan = queue.scans.find((s) => s.custodyId === custodyId);
  expect(scan).toBeDefined();
  return { custodyId, scanRef, verdictSeq: scan!.verdictSeq };
}

const answerArgs = (scan: { custodyId: string; scanRef: string; verdictSeq: number }, badge: string, pin: string) => ({ badge, pin, station: stationId, ...scan, verdict: 'clear' as const, notes: 'Books, seen from the office' });

async function answersTo(custodyId: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM site_review_answers WHERE custody_id = $1', [custodyId]);
  return rows[0]!.n;
}

async function asConsole<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: consoleUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const failureOf = async (work: () => Promise<unknown>): Promise<string> => {
  try {
    await work();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no failure';
};

beforeAll(async () => {
  ({ site, admin, stop: stopSite } = await startSiteDatabase());
  const dir = tempDir('mailscreen-console-review-');
  folders.push(dir);
  const dbPath = path.join(dir, 'mailscreen.sqlite');
  const store = Store.open(dbPath);
  stationId = store.stationId;
  store.close();
  const login = await addStation(admin, stationId);
  const url = site.url(login.role, login.password);
  imageStore = path.join(dir, 'xray-images');
  mkdirSync(imageStore, { recursive: true });
  const office = await addConsole(admin, 'office');
  consoleUrl = site.url(office.role, office.password);

  const pin = await hashPin(PIN);
  const nextYear = `${Number(localToday().slice(0, 4)) + 1}${localToday().slice(4)}`;
  for (const [key, badge, name] of [['ana', 'SITE-ANA', 'Ana First'], ['cy', 'SITE-CY', 'Cy Office'], ['cora', 'SITE-CORA', 'Cora Untrained'], ['dan', 'SITE-DAN', 'Dan Guessed'], ['eve', 'SITE-EVE', 'Eve Parallel'], ['fay', 'SITE-FAY', 'Fay Raced']] as const) {
    const { operator } = await addRosterOperator(admin, { badge, name, role: 'screener', pinSalt: pin.salt, pinHash: pin.hash });
    ids[key] = operator.id;
    if (key !== 'cora') await recordRosterTraining(admin, badge, { kind: 'xrayOperator', completedOn: localToday(), expiresOn: nextYear, trainer: 'Vendor' });
  }

  station = makeStation({
    dbPath,
    imageStore,
    cabinets: { requestScan: async () => ({ accepted: true, deviceId: 'xray-1' }) },
    site: { link: new PostgresSiteLink(url), redact: (text) => text, reviews: new PostgresSiteReviews(url, stationId), reviewPollMs: 3_600_000, tuning: { pollMs: 200, retry: { firstMs: 100, maxMs: 500 } } },
  });
  station.start();
  await station.remoteReviews!.idle();
  const sync = new RosterSync({ store: station.store, roster: new PostgresSiteRoster(url), mode: 'live', log: lineLog('roster', () => undefined), redact: (t) => t, pollMs: 3_600_000 });
  sync.start();
  await sync.idle();
  await sync.stop();
  ana = station.connect();
  must(await ana.call('session.login', { badge: 'SITE-ANA', pin: PIN }), 'login');

  siteConsole = new SiteConsole({ connectionString: consoleUrl, version: 'test', argumentsRefusal, pinKey: (pin, salt) => pinKey(pin, salt ?? NO_OPERATOR_PIN.salt), validateResponses: true, log: lineLog('console', () => undefined) });
  screen = siteConsole.connect();
}, 180_000);

afterAll(async () => {
  screen?.close();
  await siteConsole?.close();
  await station?.shutdown().catch(() => undefined);
  await stopSite?.();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 180_000);

describe('the remote second review at the site console', () => {
  it('the queue and the image; a trained reviewer answers by badge and PIN; station A writes it in its own chain', async () => {
    const scan = await inconclusiveParcel('CONSOLE-1');
    const queue = must<ConsoleResponse<'console.reviewQueue'>>(await screen.call('console.reviewQueue', {}), 'queue');
    expect(queue.scans.find((s) => s.custodyId === scan.custodyId)).toMatchObject({ station: stationId, scanRef: scan.scanRef, mode: 'live', imageSha256: createHash('sha256').update(XRAY_IMAGE).digest('hex') });
    const image = must<ConsoleResponse<'console.reviewImage'>>(await screen.call('console.reviewImage', { station: stationId, scanRef: scan.scanRef }), 'image');
    expect(image).toEqual({ dataUrl: `data:image/png;base64,${XRAY_IMAGE.toString('base64')}`, sha256: createHash('sha256').update(XRAY_IMAGE).digest('hex') });

    const answered = must<ConsoleResponse<'console.reviewAnswer'>>(await screen.call('console.reviewAnswer', answerArgs(scan, 'SITE-CY', PIN)), 'answer');
    expect(answered.answer).toMatchObject({ byStation: null, reviewerName: 'Cy Office', verdict: 'clear', outcome: null });
    // Answered: out of the queue while A has not decided.
    const after = must<ConsoleResponse<'console.reviewQueue'>>(await screen.call('console.reviewQueue', {}), 'queue');
    expect(after.scans.find((s) => s.custodyId === scan.custodyId)).toBeUndefined();

    station.remoteReviews!.wake();
    await station.remoteReviews!.idle();
    expect(station.workflow.records.xray_scans.forItem(scan.custodyId).at(-1)).toMatchObject({ secondVerdict: 'clear', secondReviewerId: ids.cy, secondNotes: 'Books, seen from the office' });
    const review = station.store.audit.eventsFor('item', scan.custodyId).find((event) => event.kind === 'xray.secondReview')!;
    expect(review).toMatchObject({ actor: `operator:${ids.cy}`, payload: { verdict: 'clear', remote: { answer: answered.answer.id, station: null, by: 'mailscreen_console_office' } } });
    const decided = must<ConsoleResponse<'console.reviewQueue'>>(await screen.call('console.reviewQueue', {}), 'queue');
    expect(decided.answers.find((a) => a.id === answered.answer.id)).toMatchObject({ outcome: 'written', reason: null });
  }, 240_000);

  it('a wrong PIN, an unknown badge, an untrained reviewer and the first reviewer are refused, and nothing is added', async () => {
    const scan = await inconclusiveParcel('CONSOLE-2');
    expect(refusal(await screen.call('console.reviewAnswer', answerArgs(scan, 'SITE-CY', '000000')))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/badge and PIN do not match/) });
    expect(refusal(await screen.call('console.reviewAnswer', answerArgs(scan, 'NOBODY-1', PIN)))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/badge and PIN do not match/) });
    expect(refusal(await screen.call('console.reviewAnswer', answerArgs(scan, 'SITE-CORA', PIN)))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Cora Untrained has no current X-ray operator qualification/) });
    expect(refusal(await screen.call('console.reviewAnswer', answerArgs(scan, 'SITE-ANA', PIN)))).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/another operator than the first reviewer/) });
    expect(refusal(await screen.call('console.reviewAnswer', { ...answerArgs(scan, 'SITE-CY', PIN), verdict: 'suspect' }))).toMatchObject({ code: 'INVALID_ARGUMENTS' });
    expect(await answersTo(scan.custodyId)).toBe(0);
    // The one wrong PIN was counted (it committed although the answer was refused); a right one starts the count again.
    const { rows } = await admin.query<{ ok: boolean }>('SELECT ok FROM site_console_pin_checks WHERE operator_id = $1 ORDER BY id', [ids.cy]);
    expect(rows.map((r) => r.ok)).toEqual([true, false]);
  }, 240_000);

  it('five wrong PINs in a row lock the badge at the console, even sent at once; the right PIN is refused then', async () => {
    const scan = await inconclusiveParcel('CONSOLE-3');
    const guesses = await Promise.all(['111111', '222222', '333333', '444444', '555555', '666666', '777777'].map((pin) => screen.call('console.reviewAnswer', answerArgs(scan, 'SITE-DAN', pin))));
    expect(guesses.every((g) => !g.ok)).toBe(true);
    // Counted one after the other: five counted, the rest refused as locked (not counted).
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM site_console_pin_checks WHERE operator_id = $1 AND NOT ok', [ids.dan]);
    expect(rows[0]!.n).toBe(5);
    expect(refusal(await screen.call('console.reviewAnswer', answerArgs(scan, 'SITE-DAN', PIN)))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/locked at the console/) });
    expect(await answersTo(scan.custodyId)).toBe(0);
    // Another reviewer is not locked by Dan's lock.
    must(await screen.call('console.reviewAnswer', answerArgs(scan, 'SITE-EVE', PIN)), 'Eve answers');
    // `site roster unlock` lifts the console's lock too: Dan's right PIN is taken.
    await unlockRosterOperator(admin, 'SITE-DAN');
    const other = await inconclusiveParcel('CONSOLE-7');
    must(await screen.call('console.reviewAnswer', answerArgs(other, 'SITE-DAN', PIN)), 'Dan answers once unlocked');
  }, 240_000);

  it('wrong keys sent at once on seven connections of the console role are counted one after the other: five, then locked', async () => {
    const scan = await inconclusiveParcel('CONSOLE-6');
    const salt = await asConsole(async (client) => (await client.query<{ salt: string }>('SELECT site_console_pin_salt($1) AS salt', ['SITE-FAY'])).rows[0]!.salt);
    const keys = await Promise.all(['111111', '222222', '333333', '444444', '555555', '666666', '777777'].map((pin) => pinKey(pin, salt)));
    const clients = await Promise.all(keys.map(async () => {
      const client = new pg.Client({ connectionString: consoleUrl });
      await client.connect();
      return client;
    }));
    try {
      const guess = (client: pg.Client, key: string) =>
        client.query<{ status: string; detail: string }>('SELECT * FROM site_console_review_answer($1, $2, $3, $4, $5, $6, $7, NULL, $8)', ['SITE-FAY', key, stationId, scan.verdictSeq, scan.custodyId, scan.scanRef, 'clear', '']);
      // The first guess's transaction stays open while the six others are sent: each must wait for
      // it (and for each other), not count from what it cannot see yet.
      const [holder, ...others] = clients;
      await holder!.query('BEGIN');
      const first = await guess(holder!, keys[0]!);
      let settled = 0;
      const rest = others.map((client, i) => guess(client, keys[i + 1]!).finally(() => (settled += 1)));
      await waitFor('the six others waiting for the first, or done', async () => {
        if (settled === others.length) return true;
        const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        return rows[0]!.n === others.length;
      }, 60_000);
      await holder!.query('COMMIT');
      const answers = [first, ...(await Promise.all(rest))];
      expect(answers.map((a) => a.rows[0]!.status)).toEqual(Array(7).fill('refused'));
      expect(answers.filter((a) => /locked at the console/.test(a.rows[0]!.detail))).toHaveLength(2);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM site_console_pin_checks WHERE operator_id = $1 AND NOT ok', [ids.fay]);
    expect(rows[0]!.n).toBe(5);
  }, 120_000);

  it('a lockout a station published on the roster is honoured at the console', async () => {
    const scan = await inconclusiveParcel('CONSOLE-4');
    await admin.query("INSERT INTO site_roster (station, station_seq, operator_id, change, body) VALUES ($1, 1, $2, 'lockedOut', jsonb_build_object('lockedUntil', to_char((now() + interval '1 hour') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')))", [stationId, ids.eve]);
    expect(refusal(await screen.call('console.reviewAnswer', answerArgs(scan, 'SITE-EVE', PIN)))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/locked after too many wrong PINs/) });
  }, 120_000);

  it("the console's role reads no PIN hash, cannot name a reviewer without the PIN, and cannot touch the PIN checks", async () => {
    const scan = await inconclusiveParcel('CONSOLE-5');
    await asConsole(async (client) => {
      expect(await failureOf(() => client.query('SELECT pin_hash FROM site_roster'))).toMatch(/permission denied/);
      expect(await failureOf(() => client.query('SELECT * FROM site_console_operator($1)', ['SITE-CY']))).toMatch(/permission denied/);
      // Before site schema 8, the console's role could add an answer naming any roster operator.
      expect(
        await failureOf(() =>
          client.query('INSERT INTO site_review_answers (station, verdict_seq, custody_id, scan_ref, by_station, reviewer_id, reviewer_name, verdict, notes) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8)', [stationId, scan.verdictSeq, scan.custodyId, scan.scanRef, ids.cy, 'Cy Office', 'clear', '']),
        ),
      ).toMatch(/permission denied/);
      expect(await failureOf(() => client.query("INSERT INTO site_console_pin_checks (operator_id, ok) VALUES ($1, true)", [ids.dan]))).toMatch(/permission denied/);
      expect(await failureOf(() => client.query('DELETE FROM site_console_pin_checks'))).toMatch(/permission denied/);
      // The salt is all it gets; the key of a wrong PIN is refused inside the site, the right one answers.
      const { rows } = await client.query<{ salt: string }>('SELECT site_console_pin_salt($1) AS salt', ['SITE-CY']);
      expect(rows[0]!.salt).toMatch(/^[A-Za-z0-9+/=]+$/);
      const call = 'SELECT * FROM site_console_review_answer($1, $2, $3, $4, $5, $6, $7, NULL, $8)';
      const wrong = await client.query(call, ['SITE-CY', await pinKey('123456', rows[0]!.salt), stationId, scan.verdictSeq, scan.custodyId, scan.scanRef, 'clear', '']);
      expect(wrong.rows[0]).toMatchObject({ status: 'refused', answer_id: null });
      const right = await client.query(call, ['SITE-CY', await pinKey(PIN, rows[0]!.salt), stationId, scan.verdictSeq, scan.custodyId, scan.scanRef, 'clear', '']);
      expect(right.rows[0]).toMatchObject({ status: 'answered' });
    });
    const { rows } = await admin.query<{ by_role: string; by_station: string | null; reviewer_id: string }>('SELECT by_role, by_station, reviewer_id FROM site_review_answers WHERE custody_id = $1', [scan.custodyId]);
    expect(rows).toEqual([{ by_role: 'mailscreen_console_office', by_station: null, reviewer_id: ids.cy }]);
  }, 120_000);
});
