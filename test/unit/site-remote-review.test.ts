// The remote second review on a real PostgreSQL with two real stations: an inconclusive X-ray at
// station A is in the site's queue at station B (with its image); a trained reviewer of the roster
// answers at B; A writes it in its own chain through its own core (the reviewer as actor, where the
// answer came from in the payload) and tells the site. A offline meanwhile gets it when back;
// reviewers who disagree: the first A writes is the review, the later ones dissent (also against a
// review made at A itself); what A refuses is recorded with A's reason; a station's role cannot
// answer in another's name, nor its own scans, nor change an answer.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { hashPin, pinKey } from '../../src/main/core/pin.ts';
import type { Station } from '../../src/main/core/station.ts';
import { lineLog } from '../../src/main/log.ts';
import {
  addConsole,
  recordConsoleAnswer,
  addRosterOperator,
  addStation,
  PostgresSiteLink,
  PostgresSiteReviews,
  PostgresSiteRoster,
  recordRosterTraining,
  reviewQueue,
  reviewImage,
  RosterSync,
  type SiteReviews,
} from '../../src/main/site/index.ts';
import { Store } from '../../src/main/store/index.ts';
import { checkStateHere } from '../../src/main/store/verifyStore.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { makeStation, tempDir } from '../helpers/station.ts';
import { localToday, waitFor } from '../helpers/wait.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
const folders: string[] = [];
const running: Station[] = [];
const PIN = '739154';
// A 1x1 PNG: the viewer's format check passes.
const IMAGE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface Joined {
  dbPath: string;
  imageStore: string;
  stationId: string;
  url: string;
}

let A: Joined;
let B: Joined;
let consoleUrl: string;
const ids: Record<'ana' | 'ben' | 'cy' | 'cora', string> = { ana: '', ben: '', cy: '', cora: '' };

async function joined(): Promise<Joined> {
  const dir = tempDir('mailscreen-remote-review-');
  folders.push(dir);
  const dbPath = path.join(dir, 'mailscreen.sqlite');
  const store = Store.open(dbPath);
  const stationId = store.stationId;
  store.close();
  const login = await addStation(admin, stationId);
  const imageStore = path.join(dir, 'xray-images');
  mkdirSync(imageStore, { recursive: true });
  return { dbPath, imageStore, stationId, url: site.url(login.role, login.password) };
}

/** A station of the site (its publisher, its reviews follower asked by the test only: a pass at start, then wake()). */
async function open(at: Joined, wrap: (reviews: SiteReviews) => SiteReviews = (reviews) => reviews): Promise<Station> {
  const station = makeStation({
    dbPath: at.dbPath,
    imageStore: at.imageStore,
    cabinets: { requestScan: async () => ({ accepted: true, deviceId: 'xray-1' }) },
    site: {
      link: new PostgresSiteLink(at.url),
      redact: (text) => text,
      reviews: wrap(new PostgresSiteReviews(at.url, at.stationId)),
      reviewPollMs: 3_600_000,
      tuning: { pollMs: 200, retry: { firstMs: 100, maxMs: 500 } },
    },
  });
  running.push(station);
  station.start();
  await station.remoteReviews!.idle();
  // The roster's copy here (startStation keeps it; this test applies it once per start).
  const sync = new RosterSync({ store: station.store, roster: new PostgresSiteRoster(at.url), mode: 'live', log: lineLog('roster', () => undefined), redact: (t) => t, pollMs: 3_600_000 });
  sync.start();
  await sync.idle();
  await sync.stop();
  return station;
}

async function close(station: Station): Promise<void> {
  running.splice(running.indexOf(station), 1);
  await station.shutdown();
}

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function screenAs(station: Station, badge: string): Promise<StationConnection> {
  const screen = station.connect();
  must(await screen.call('session.login', { badge, pin: PIN }), `login ${badge}`);
  return screen;
}

/** A parcel at `station` X-rayed by `screen`'s operator: inconclusive, its image captured and published. */
async function inconclusiveParcel(station: Station, screen: StationConnection, code: string): Promise<{ custodyId: string; scanRef: string }> {
  const custodyId = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code }), 'scan').item.custodyId;
  must(await screen.call('item.setDetails', { custodyId, itemType: 'parcel', recipient: 'Lab 2' }), 'details');
  station.scales.report({ deviceId: 'scale-1', condition: 'stable', value: '1.25', unit: 'kg', resolution: '0.01', grams: 1250 + running.length, at: new Date().toISOString() });
  must(await screen.call('item.captureWeight', { custodyId }), 'weigh');
  must(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
  must(await screen.call('xray.requestScan', { custodyId }), 'request scan');
  const scanRef = station.workflow.records.xray_scans.forItem(custodyId).at(-1)!.scanRef;
  const file = path.join(A.imageStore, `${scanRef.replace(':', '-')}.png`);
  writeFileSync(file, IMAGE);
  expect(station.screening.attachImage(scanRef, createHash('sha256').update(IMAGE).digest('hex'), file)).toBe(true);
  must(await screen.call('xray.recordVerdict', { custodyId, verdict: 'inconclusive', findings: ['denseOrganicMass'], notes: 'Dense mass' }), 'verdict');
  await published(station);
  return { custodyId, scanRef };
}

async function published(station: Station): Promise<void> {
  const head = (station.store.db.prepare('SELECT max(seq) AS seq FROM audit_events').get() as { seq: number }).seq;
  await waitFor('the station published', async () => {
    const { rows } = await admin.query<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [station.store.stationId]);
    return Number(rows[0]?.seq ?? 0) >= head;
  }, 60_000);
}

type Queue = { unavailable: string | null; scans: Array<{ station: string; custodyId: string; scanRef: string; verdictSeq: number; imageSha256: string | null }>; given: Array<{ id: number; outcome: string | null; reason: string | null }> };

async function queued(screen: StationConnection, custodyId: string) {
  const queue = must<Queue>(await screen.call('review.siteQueue', {}), 'queue');
  expect(queue.unavailable).toBeNull();
  return queue.scans.find((scan) => scan.custodyId === custodyId);
}

async function outcomes(): Promise<Array<{ id: number; custody_id: string; by_station: string | null; verdict: string; outcome: string | null; reason: string | null; scan_waits: boolean | null; station_seq: string | null }>> {
  const { rows } = await admin.query('SELECT a.id::int AS id, a.custody_id, a.by_station, a.verdict, o.outcome, o.reason, o.scan_waits, o.station_seq FROM site_review_answers a LEFT JOIN site_review_outcomes o ON o.answer_id = a.id ORDER BY a.id');
  return rows as never;
}

const itemEvents = (station: Station, custodyId: string) => station.store.audit.eventsFor('item', custodyId);

beforeAll(async () => {
  ({ site, admin, stop: stopSite } = await startSiteDatabase());
  A = await joined();
  B = await joined();
  const login = await addConsole(admin, 'office');
  consoleUrl = site.url(login.role, login.password);
  const pin = await hashPin(PIN);
  for (const [key, badge, name, role] of [['ana', 'SITE-ANA', 'Ana First', 'screener'], ['ben', 'SITE-BEN', 'Ben Remote', 'screener'], ['cy', 'SITE-CY', 'Cy Other', 'screener'], ['cora', 'SITE-CORA', 'Cora Coordinator', 'coordinator']] as const) {
    const { operator } = await addRosterOperator(admin, { badge, name, role, pinSalt: pin.salt, pinHash: pin.hash });
    ids[key] = operator.id;
    if (key !== 'cora') await recordRosterTraining(admin, badge, { kind: 'xrayOperator', completedOn: localToday(), expiresOn: `${Number(localToday().slice(0, 4)) + 1}${localToday().slice(4)}`, trainer: 'Vendor' });
  }
}, 180_000);

afterAll(async () => {
  for (const station of running.splice(0)) await station.shutdown().catch(() => undefined);
  await stopSite?.();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 180_000);

describe('the remote second review', () => {
  it('an inconclusive scan at A is in B\'s queue with its image; B\'s trained reviewer answers; A writes it in its own chain and the site says written', async () => {
    const stationA = await open(A);
    const stationB = await open(B);
    const ana = await screenAs(stationA, 'SITE-ANA');
    const { custodyId, scanRef } = await inconclusiveParcel(stationA, ana, 'REMOTE-1');
    const ben = await screenAs(stationB, 'SITE-BEN');

    const scan = await waitFor('the scan in B\'s queue', () => queued(ben, custodyId), 30_000);
    expect(scan).toMatchObject({ station: A.stationId, scanRef, imageSha256: createHash('sha256').update(IMAGE).digest('hex') });
    const image = must<{ dataUrl: string; sha256: string }>(await ben.call('review.siteImage', { station: A.stationId, scanRef }), 'image');
    expect(image.dataUrl).toBe(`data:image/png;base64,${IMAGE.toString('base64')}`);
    // A does not see its own scan in the queue: it reviews it from the item.
    expect(await queued(ana, custodyId)).toBeUndefined();

    const answered = must<{ answer: { id: number; outcome: string | null } }>(await ben.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'clear', notes: 'Books, seen from B' }), 'answer');
    expect(answered.answer.outcome).toBeNull();
    // Answered: no longer in anyone's queue while A has not decided.
    expect(await queued(ben, custodyId)).toBeUndefined();

    stationA.remoteReviews!.wake();
    await stationA.remoteReviews!.idle();
    const scanAtA = stationA.workflow.records.xray_scans.forItem(custodyId).at(-1)!;
    expect(scanAtA).toMatchObject({ secondVerdict: 'clear', secondReviewerId: ids.ben, secondNotes: 'Books, seen from B' });
    const review = itemEvents(stationA, custodyId).find((event) => event.kind === 'xray.secondReview')!;
    expect(review).toMatchObject({ actor: `operator:${ids.ben}`, payload: { verdict: 'clear', scanRef, firstReviewer: ids.ana, remote: { answer: answered.answer.id, station: B.stationId, by: `mailscreen_station_${B.stationId}` } } });
    expect(stationA.store.items.byCustodyId(custodyId)!.state).toBe('SCREENED');
    expect((await outcomes()).find((row) => row.id === answered.answer.id)).toMatchObject({ outcome: 'written', station_seq: String(review.seq) });
    // B sees what A did with its answer; A's tables still replay from its chain.
    const given = must<Queue>(await ben.call('review.siteQueue', {}), 'queue').given.find((g) => g.id === answered.answer.id);
    expect(given).toMatchObject({ outcome: 'written', reason: null });
    expect(checkStateHere(stationA.store.db, undefined, null).state.problems).toEqual([]);

    // Asked again (A restarted before telling the site): found in the chain, not written twice.
    const events = itemEvents(stationA, custodyId).length;
    await close(stationA);
    const again = await open(A);
    expect(itemEvents(again, custodyId)).toHaveLength(events);
    await close(again);
    await close(stationB);
  }, 240_000);

  it('A offline: the answers wait at the site; back, the first is written; a console\'s later suspect answer is dissent and, a person\'s judgment being enough, makes the item suspect; A\'s coordinator sees it', async () => {
    let stationA = await open(A);
    const stationB = await open(B);
    const ana = await screenAs(stationA, 'SITE-ANA');
    const { custodyId, scanRef } = await inconclusiveParcel(stationA, ana, 'REMOTE-2');
    await close(stationA);

    const ben = await screenAs(stationB, 'SITE-BEN');
    const scan = await waitFor('the scan in B\'s queue', () => queued(ben, custodyId), 30_000);
    const first = must<{ answer: { id: number } }>(await ben.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'clear', notes: 'Clear from B' }), 'answer');
    // The console answers too (its own role, no station): Cy says suspect.
    const consoleClient = new pg.Client({ connectionString: consoleUrl });
    await consoleClient.connect();
    let second: { id: number };
    try {
      expect((await reviewQueue(consoleClient, ['live', 'drill'])).find((s) => s.custodyId === custodyId)).toBeUndefined();
      // Since site schema 8 the console names its reviewer by badge and PIN, checked at the site.
      second = (await recordConsoleAnswer(consoleClient, { badge: 'SITE-CY', pin: PIN, station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'suspect', incidentType: 'possibleExplosive', notes: 'Wires?' }, (pin, salt) => pinKey(pin, salt!))).answer;
      expect(second).toMatchObject({ byStation: null, reviewerName: 'Cy Other' });
    } finally {
      await consoleClient.end();
    }

    stationA = await open(A); // its first pass at start reads both
    const rows = (await outcomes()).filter((row) => row.custody_id === custodyId);
    expect(rows).toMatchObject([
      { id: first.answer.id, by_station: B.stationId, outcome: 'written' },
      { id: second.id, by_station: null, verdict: 'suspect', outcome: 'dissent', reason: expect.stringMatching(/Already reviewed by Ben Remote: clear; this answer says suspect\. The item was made suspect on this judgment/) },
    ]);
    // The review stays B's clear; the dissent opened the incident in Cy's name, saying where it came from.
    expect(stationA.workflow.records.xray_scans.forItem(custodyId).at(-1)).toMatchObject({ secondVerdict: 'clear', secondReviewerId: ids.ben });
    expect(stationA.store.items.byCustodyId(custodyId)!.state).toBe('SUSPECT');
    const suspect = itemEvents(stationA, custodyId).find((event) => event.kind === 'item.markedSuspect')!;
    expect(suspect).toMatchObject({ actor: `operator:${ids.cy}`, payload: { remote: { answer: second.id, station: null, by: 'mailscreen_console_office' } } });
    expect(rows[1]!.station_seq).toBe(String(suspect.seq));
    expect(checkStateHere(stationA.store.db, undefined, null).state.problems).toEqual([]);
    const cora = await screenAs(stationA, 'SITE-CORA');
    const dissent = must<{ unavailable: string | null; dissent: Array<{ custodyId: string; reviewerName: string; verdict: string; byStation: string | null }> }>(await cora.call('review.siteDissent', {}), 'dissent');
    expect(dissent.dissent).toContainEqual(expect.objectContaining({ custodyId, reviewerName: 'Cy Other', verdict: 'suspect', byStation: null }));

    // A restarted before telling the site would find the incident in its chain, not open a second one.
    const events = itemEvents(stationA, custodyId).length;
    await close(stationA);
    stationA = await open(A);
    expect(itemEvents(stationA, custodyId)).toHaveLength(events);
    await close(stationA);
    await close(stationB);
  }, 240_000);

  it('a review made at A before the site\'s answer is applied is the review; the answer agreeing with it is filed as concurring (not dissent), nothing written, and A\'s coordinator sees it so', async () => {
    const stationA = await open(A);
    const stationB = await open(B);
    const ana = await screenAs(stationA, 'SITE-ANA');
    const { custodyId, scanRef } = await inconclusiveParcel(stationA, ana, 'REMOTE-3');
    const ben = await screenAs(stationB, 'SITE-BEN');
    const scan = await waitFor('the scan in B\'s queue', () => queued(ben, custodyId), 30_000);
    const agreeing = must<{ answer: { id: number } }>(await ben.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'clear', notes: 'Books too' }), 'answer');
    // Cy, at A, reviews it locally first.
    const cy = await screenAs(stationA, 'SITE-CY');
    must(await cy.call('xray.secondReview', { custodyId, verdict: 'clear', notes: 'Books' }), 'local review');
    const events = itemEvents(stationA, custodyId).length;
    stationA.remoteReviews!.wake();
    await stationA.remoteReviews!.idle();
    // Site schema 12: the same verdict is concurring; before it, this was filed as dissent.
    expect((await outcomes()).filter((row) => row.custody_id === custodyId)).toMatchObject([{ outcome: 'concurring', station_seq: null, reason: 'Already reviewed by Cy Other: clear (the same verdict).' }]);
    const cora = await screenAs(stationA, 'SITE-CORA');
    const later = must<{ dissent: Array<{ id: number; outcome: string | null; verdict: string }> }>(await cora.call('review.siteDissent', {}), 'later answers');
    expect(later.dissent.filter((answer) => answer.id === agreeing.answer.id)).toEqual([expect.objectContaining({ outcome: 'concurring', verdict: 'clear' })]);
    expect(stationA.workflow.records.xray_scans.forItem(custodyId).at(-1)).toMatchObject({ secondVerdict: 'clear', secondReviewerId: ids.cy });
    expect(itemEvents(stationA, custodyId)).toHaveLength(events);
    expect(stationA.store.items.byCustodyId(custodyId)!.state).toBe('SCREENED');
    await close(stationA);
    await close(stationB);
  }, 240_000);

  it('on a site before schema 12 (no concurring outcome), an agreeing answer is recorded as dissent, as it was then, not held up', async () => {
    const stationA = await open(A);
    const stationB = await open(B);
    const ana = await screenAs(stationA, 'SITE-ANA');
    const { custodyId, scanRef } = await inconclusiveParcel(stationA, ana, 'REMOTE-OLD-SITE');
    const ben = await screenAs(stationB, 'SITE-BEN');
    const scan = await waitFor('the scan in B\'s queue', () => queued(ben, custodyId), 30_000);
    must(await ben.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'clear', notes: 'Books too' }), 'answer');
    const cy = await screenAs(stationA, 'SITE-CY');
    must(await cy.call('xray.secondReview', { custodyId, verdict: 'clear', notes: 'Books' }), 'local review');
    const CHECK = 'ALTER TABLE site_review_outcomes DROP CONSTRAINT site_review_outcomes_outcome_check, ADD CONSTRAINT site_review_outcomes_outcome_check CHECK';
    // The check as site schema 5 made it (NOT VALID: the concurring outcomes recorded above stay).
    await admin.query(`${CHECK} (outcome IN ('written', 'dissent', 'refused')) NOT VALID`);
    try {
      stationA.remoteReviews!.wake();
      await stationA.remoteReviews!.idle();
    } finally {
      await admin.query(`${CHECK} (outcome IN ('written', 'dissent', 'concurring', 'refused'))`);
    }
    expect((await outcomes()).filter((row) => row.custody_id === custodyId)).toMatchObject([{ outcome: 'dissent', reason: 'Already reviewed by Cy Other: clear (the same verdict).' }]);
    await close(stationA);
    await close(stationB);
  }, 240_000);

  it('a suspect answer written first opens the incident at A; a later clear answer is dissent and clears nothing', async () => {
    const stationA = await open(A);
    const stationB = await open(B);
    const ana = await screenAs(stationA, 'SITE-ANA');
    const { custodyId, scanRef } = await inconclusiveParcel(stationA, ana, 'REMOTE-6');
    const ben = await screenAs(stationB, 'SITE-BEN');
    const scan = await waitFor('the scan in B\'s queue', () => queued(ben, custodyId), 30_000);
    const suspect = must<{ answer: { id: number } }>(await ben.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'suspect', incidentType: 'possibleExplosive', notes: 'Wires and a battery' }), 'answer');
    const cyAtB = await screenAs(stationB, 'SITE-CY');
    // Answered already: the queue no longer offers it, but a screen that still shows it may send an answer.
    expect(await queued(cyAtB, custodyId)).toBeUndefined();
    must(await cyAtB.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'clear', notes: 'Just a radio' }), 'second answer');
    stationA.remoteReviews!.wake();
    await stationA.remoteReviews!.idle();
    expect(stationA.store.items.byCustodyId(custodyId)!.state).toBe('SUSPECT');
    expect(stationA.workflow.records.xray_scans.forItem(custodyId).at(-1)).toMatchObject({ secondVerdict: 'suspect', secondReviewerId: ids.ben });
    const marked = itemEvents(stationA, custodyId).filter((event) => event.kind === 'item.markedSuspect');
    expect(marked).toEqual([expect.objectContaining({ actor: `operator:${ids.ben}`, payload: expect.objectContaining({ xray: expect.objectContaining({ review: 'second', verdict: 'suspect', remote: { answer: suspect.answer.id, station: B.stationId, by: `mailscreen_station_${B.stationId}` } }) }) })]);
    expect((await outcomes()).filter((row) => row.custody_id === custodyId)).toMatchObject([
      { id: suspect.answer.id, outcome: 'written', station_seq: String(marked[0]!.seq) },
      { outcome: 'dissent', reason: 'Already reviewed by Ben Remote: suspect; this answer says clear.' },
    ]);
    // Another verdict than the review's: dissent, and A's coordinator sees it as such.
    const cora = await screenAs(stationA, 'SITE-CORA');
    const later = must<{ dissent: Array<{ custodyId: string; outcome: string | null; verdict: string }> }>(await cora.call('review.siteDissent', {}), 'later answers');
    expect(later.dissent.filter((answer) => answer.custodyId === custodyId)).toEqual([expect.objectContaining({ outcome: 'dissent', verdict: 'clear' })]);
    expect(checkStateHere(stationA.store.db, undefined, null).state.problems).toEqual([]);
    await close(stationA);
    await close(stationB);
  }, 240_000);

  it('refusals: the first reviewer answering from B is refused by the site; an answer A cannot take (the item made suspect meanwhile) is recorded with A\'s reason and leaves the queue', async () => {
    const stationA = await open(A);
    const stationB = await open(B);
    const ana = await screenAs(stationA, 'SITE-ANA');
    const { custodyId, scanRef } = await inconclusiveParcel(stationA, ana, 'REMOTE-4');
    const anaAtB = await screenAs(stationB, 'SITE-ANA');
    const scan = await waitFor('the scan in B\'s queue', () => queued(anaAtB, custodyId), 30_000);
    const own = await anaAtB.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'clear' });
    expect(own).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringMatching(/another operator than the first reviewer/) } });
    // A station answers no scan of its own through the site.
    const atA = await ana.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'clear' });
    expect(atA).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const ben = await screenAs(stationB, 'SITE-BEN');
    must(await ben.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'clear', notes: 'Fine' }), 'answer');
    // Meanwhile at A the coordinator makes the item suspect: the scan no longer waits for a review.
    const cora = await screenAs(stationA, 'SITE-CORA');
    must(await cora.call('item.markSuspect', { custodyId, incidentType: 'other', reason: 'Leaking powder' }), 'mark suspect');
    stationA.remoteReviews!.wake();
    await stationA.remoteReviews!.idle();
    const [row] = (await outcomes()).filter((r) => r.custody_id === custodyId);
    expect(row).toMatchObject({ outcome: 'refused', scan_waits: false, reason: expect.stringMatching(/.{10,}/) });
    expect(stationA.workflow.records.xray_scans.forItem(custodyId).at(-1)!.secondVerdict).toBeNull();
    expect(await queued(ben, custodyId)).toBeUndefined();
    const given = must<Queue>(await ben.call('review.siteQueue', {}), 'queue').given.find((g) => g.id === row!.id);
    expect(given).toMatchObject({ outcome: 'refused', reason: row!.reason });
    await close(stationA);
    await close(stationB);
  }, 240_000);

  it('a station\'s role answers only in its own name, never its own scans, and changes nothing; only the scan\'s station records an outcome', async () => {
    const stationA = await open(A);
    const ana = await screenAs(stationA, 'SITE-ANA');
    const { custodyId, scanRef } = await inconclusiveParcel(stationA, ana, 'REMOTE-5');
    const { rows } = await admin.query<{ seq: string }>("SELECT seq FROM station_events WHERE station = $1 AND kind = 'xray.verdictRecorded' AND subject_id = $2", [A.stationId, custodyId]);
    const verdictSeq = Number(rows[0]!.seq);
    const asRole = async (url: string, sql: string, params: unknown[]) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await client.query(sql, params).then(() => null, (error: Error) => error.message);
      } finally {
        await client.end();
      }
    };
    const insert = 'INSERT INTO site_review_answers (station, verdict_seq, custody_id, scan_ref, by_station, reviewer_id, reviewer_name, verdict, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)';
    // B forges an answer in A's name (as if A's reviewer answered from A): row-level security.
    expect(await asRole(B.url, insert, [A.stationId, verdictSeq, custodyId, scanRef, A.stationId, ids.ben, 'Ben Remote', 'clear', ''])).toMatch(/row-level security|violates check constraint/);
    // A answers its own scan through the site: refused.
    expect(await asRole(A.url, insert, [A.stationId, verdictSeq, custodyId, scanRef, A.stationId, ids.ben, 'Ben Remote', 'clear', ''])).toMatch(/violates check constraint/);
    // B names a scan the site does not hold as inconclusive, or someone off the roster: the site's trigger.
    expect(await asRole(B.url, insert, [A.stationId, verdictSeq - 1, custodyId, scanRef, B.stationId, ids.ben, 'Ben Remote', 'clear', ''])).toMatch(/has published no inconclusive X-ray scan/);
    expect(await asRole(B.url, insert, [A.stationId, verdictSeq, custodyId, scanRef, B.stationId, '00000000-0000-4000-8000-000000000999', 'Nobody', 'clear', ''])).toMatch(/not an active operator of the site roster/);
    // A real answer of B's, then B tries to change it, remove it, or decide it in A's place.
    expect(await asRole(B.url, insert, [A.stationId, verdictSeq, custodyId, scanRef, B.stationId, ids.ben, 'Ben Remote', 'clear', ''])).toBeNull();
    const { rows: answers } = await admin.query<{ id: string }>('SELECT id FROM site_review_answers WHERE custody_id = $1', [custodyId]);
    const id = answers[0]!.id;
    expect(await asRole(B.url, "UPDATE site_review_answers SET verdict = 'suspect' WHERE id = $1", [id])).toMatch(/permission denied/);
    expect(await asRole(B.url, 'DELETE FROM site_review_answers WHERE id = $1', [id])).toMatch(/permission denied/);
    expect(await asRole(B.url, "INSERT INTO site_review_outcomes (answer_id, station, outcome) VALUES ($1, $2, 'refused')", [id, A.stationId])).toMatch(/row-level security/);
    expect(await asRole(B.url, "INSERT INTO site_review_outcomes (answer_id, station, outcome) VALUES ($1, $2, 'refused')", [id, B.stationId])).toMatch(/is not to a scan of station/);
    // The console reads, and answers only through site_console_review_answer (badge and PIN, site schema 8): no INSERT of its own.
    expect(await asRole(consoleUrl, insert, [A.stationId, verdictSeq, custodyId, scanRef, B.stationId, ids.cy, 'Cy Other', 'clear', ''])).toMatch(/permission denied/);
    // A station cannot read another's events to find scans: only the queue function shows them.
    expect(await asRole(B.url, 'SELECT 1 FROM station_events WHERE station = $1', [A.stationId])).toBeNull();
    const client = new pg.Client({ connectionString: B.url });
    await client.connect();
    try {
      expect((await client.query('SELECT count(*)::int AS n FROM station_events WHERE station = $1', [A.stationId])).rows[0]).toEqual({ n: 0 });
    } finally {
      await client.end();
    }
    await close(stationA);
  }, 240_000);

  it('A stopped between writing an answer and telling the site: the next pass finds it in A\'s chain and tells the site, never writing it twice', async () => {
    let failNextDecide = false;
    // The site goes away exactly between A's transaction and the outcome (a wrapper of the real one).
    const flaky = (reviews: SiteReviews): SiteReviews =>
      Object.assign(Object.create(reviews) as SiteReviews, {
        undecided: (...args: Parameters<SiteReviews['undecided']>) => reviews.undecided(...args),
        decide: async (...args: Parameters<SiteReviews['decide']>) => {
          if (failNextDecide) {
            failNextDecide = false;
            throw new Error('Connection terminated unexpectedly');
          }
          return await reviews.decide(...args);
        },
        close: () => reviews.close(),
      });
    const stationA = await open(A, flaky);
    const stationB = await open(B);
    const ana = await screenAs(stationA, 'SITE-ANA');
    const { custodyId, scanRef } = await inconclusiveParcel(stationA, ana, 'REMOTE-7');
    const ben = await screenAs(stationB, 'SITE-BEN');
    const scan = await waitFor('the scan in B\'s queue', () => queued(ben, custodyId), 30_000);
    const { answer } = must<{ answer: { id: number } }>(await ben.call('review.answerSite', { station: A.stationId, verdictSeq: scan.verdictSeq, custodyId, scanRef, verdict: 'clear', notes: 'Fine' }), 'answer');
    failNextDecide = true;
    stationA.remoteReviews!.wake();
    await stationA.remoteReviews!.idle();
    expect(stationA.workflow.records.xray_scans.forItem(custodyId).at(-1)!.secondVerdict).toBe('clear');
    expect((await outcomes()).find((row) => row.id === answer.id)).toMatchObject({ outcome: null });
    stationA.remoteReviews!.wake();
    await stationA.remoteReviews!.idle();
    const reviews = itemEvents(stationA, custodyId).filter((event) => event.kind === 'xray.secondReview');
    expect(reviews).toHaveLength(1);
    expect((await outcomes()).find((row) => row.id === answer.id)).toMatchObject({ outcome: 'written', station_seq: String(reviews[0]!.seq) });
    await close(stationA);
    await close(stationB);
  }, 240_000);

  it('what another station published reaches this one bounded: long notes cut, an image over the limit not sent', async () => {
    const stationA = await open(A);
    const stationB = await open(B);
    const ana = await screenAs(stationA, 'SITE-ANA');
    const custodyId = must<{ item: { custodyId: string } }>(await ana.call('intake.scan', { code: 'REMOTE-8' }), 'scan').item.custodyId;
    must(await ana.call('item.setDetails', { custodyId, itemType: 'parcel', recipient: 'Lab 2' }), 'details');
    stationA.scales.report({ deviceId: 'scale-1', condition: 'stable', value: '1.31', unit: 'kg', resolution: '0.01', grams: 1310, at: new Date().toISOString() });
    must(await ana.call('item.captureWeight', { custodyId }), 'weigh');
    must(await ana.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
    must(await ana.call('xray.requestScan', { custodyId }), 'request scan');
    const scanRef = stationA.workflow.records.xray_scans.forItem(custodyId).at(-1)!.scanRef;
    const file = path.join(A.imageStore, 'big.png');
    writeFileSync(file, IMAGE);
    stationA.screening.attachImage(scanRef, createHash('sha256').update(IMAGE).digest('hex'), file);
    must(await ana.call('xray.recordVerdict', { custodyId, verdict: 'inconclusive', findings: [], notes: 'x'.repeat(4000) }), 'verdict');
    await published(stationA);
    const ben = await screenAs(stationB, 'SITE-BEN');
    const scan = await waitFor('the scan in B\'s queue', () => queued(ben, custodyId), 30_000);
    const queue = must<{ scans: Array<{ custodyId: string; notes: string }> }>(await ben.call('review.siteQueue', {}), 'queue');
    expect(queue.scans.find((s) => s.custodyId === custodyId)!.notes.length).toBeLessThanOrEqual(2000);
    const client = new pg.Client({ connectionString: B.url });
    await client.connect();
    try {
      expect(await reviewImage(client, A.stationId, scan.scanRef, IMAGE.length)).toMatchObject({ sha256: scan.imageSha256 });
      await expect(reviewImage(client, A.stationId, scan.scanRef, IMAGE.length - 1)).rejects.toThrow(/more than \d+: it is not sent here/);
      // Only an inconclusive scan's image: a scan reference the queue does not hold gives nothing.
      expect(await reviewImage(client, A.stationId, 'no-such-scan')).toBeNull();
    } finally {
      await client.end();
    }
    await close(stationA);
    await close(stationB);
  }, 240_000);
});
