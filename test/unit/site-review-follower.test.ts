// The scan's station side of the remote second review (RemoteReviewFollower): one answer that
// fails holds back no other. An answer whose outcome the site refuses to record, or which the
// station's core cannot apply, is told to the log and left undecided; the answers after it are
// written at the station and decided at the site in the same pass; the failed one is tried again
// at the next pass. A page of failing answers is not read again and again. Against the real
// PostgresSiteReviews too: the site's own refusal of one record is ReviewOutcomeRefused, a site
// that is not reached is not (that ends the pass, as before).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog } from '../../src/main/log.ts';
import { addStation, PostgresSiteReviews, RemoteReviewFollower, ReviewOutcomeRefused, type ReviewAnswer, type ReviewOutcome, type SiteReviewAnswers } from '../../src/main/site/index.ts';
import { startSiteDatabase, type SiteDatabase } from '../helpers/siteDatabase.ts';

const answer = (id: number): ReviewAnswer => ({
  id,
  station: 'ST-A',
  verdictSeq: 10 + id,
  custodyId: `C-${id}`,
  scanRef: `scan-${id}`,
  byStation: 'ST-B',
  byRole: 'mailscreen_station_st_b',
  reviewerId: 'reviewer',
  reviewerName: 'Ben Remote',
  verdict: 'clear',
  incidentType: null,
  notes: '',
  at: '2026-03-14T10:00:00.000Z',
});

/** The site's answers to ST-A's scans, in memory: `refuse` holds the answers whose outcome the site will not record. */
function siteAnswers(count: number) {
  const outcomes = new Map<number, ReviewOutcome>();
  const refuse = new Set<number>();
  const reads: Array<{ limit: number; after: number | undefined }> = [];
  const answers: SiteReviewAnswers = {
    undecided: async (limit, after) => {
      reads.push({ limit, after });
      return Array.from({ length: count }, (_, i) => answer(i + 1))
        .filter((a) => !outcomes.has(a.id) && a.id > (after ?? 0))
        .slice(0, limit);
    },
    decide: async (id, outcome) => {
      if (refuse.has(id)) throw new ReviewOutcomeRefused(`the site refused to record it (22021): invalid byte sequence for encoding "UTF8": 0x00`);
      if (!outcomes.has(id)) outcomes.set(id, outcome);
    },
    close: async () => undefined,
  };
  return { answers, outcomes, refuse, reads };
}

/** The station's core, in memory: an answer written in its chain once (found there when applied again), or a fault for `broken` ones. */
function stationCore() {
  const written = new Map<number, number>();
  const applied: number[] = [];
  const broken = new Set<number>();
  const apply = (a: ReviewAnswer): ReviewOutcome => {
    applied.push(a.id);
    if (broken.has(a.id)) throw new Error(`the station's database is busy with answer ${a.id}`);
    if (!written.has(a.id)) written.set(a.id, 100 + written.size);
    return { outcome: 'written', stationSeq: written.get(a.id)! };
  };
  return { apply, written, applied, broken };
}

async function pass(follower: RemoteReviewFollower): Promise<void> {
  follower.wake();
  await follower.idle();
}

describe('RemoteReviewFollower: one bad answer holds back no other', () => {
  it('an answer whose outcome the site refuses, first in line: the good ones after it are written and decided in the same pass; it is reported and tried again at the next', async () => {
    const site = siteAnswers(4);
    const core = stationCore();
    const log = memoryLog('site reviews');
    site.refuse.add(1);
    const follower = new RemoteReviewFollower({ answers: site.answers, apply: core.apply, inTransaction: () => false, log, redact: (text) => text, pollMs: 3_600_000 });
    follower.start();
    await follower.idle();
    expect(core.applied).toEqual([1, 2, 3, 4]);
    expect([...core.written.keys()]).toEqual([1, 2, 3, 4]);
    expect([...site.outcomes.keys()].sort()).toEqual([2, 3, 4]);
    expect(log.lines.filter((line) => /review answer 1 \(item C-1\).*not recorded at the site, tried again at the next pass.*0x00/.test(line))).toHaveLength(1);
    // Not "the site is not read": the pass went on.
    expect(log.lines.some((line) => /not read now/.test(line))).toBe(false);
    // The next pass: answer 1 again, found in the chain (written once), and decided once the site takes it.
    site.refuse.delete(1);
    core.applied.length = 0;
    await pass(follower);
    expect(core.applied).toEqual([1]);
    expect(site.outcomes.get(1)).toEqual({ outcome: 'written', stationSeq: core.written.get(1) });
    expect(core.written.size).toBe(4);
    await follower.stop();
  });

  it('a whole page of failing answers (refused at the site, or faulting at the station) is read once: the good ones after it are reached in the same pass', async () => {
    const site = siteAnswers(7);
    const core = stationCore();
    const log = memoryLog('site reviews');
    site.refuse.add(1);
    site.refuse.add(2);
    core.broken.add(3);
    const follower = new RemoteReviewFollower({ answers: site.answers, apply: core.apply, inTransaction: () => false, log, redact: (text) => text, pollMs: 3_600_000, batchSize: 3 });
    follower.start();
    await follower.idle();
    expect(core.applied).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([...site.outcomes.keys()].sort()).toEqual([4, 5, 6, 7]);
    // Pages read on past the last answer seen, never the failing page again.
    expect(site.reads.map((read) => read.after ?? 0)).toEqual([0, 3, 6]);
    expect(log.lines.filter((line) => /review answer [123]\b/.test(line))).toHaveLength(3);
    await follower.stop();
  });

  it('a site that does not answer ends the pass, as before: nothing is decided, the answers wait', async () => {
    const site = siteAnswers(3);
    const core = stationCore();
    const log = memoryLog('site reviews');
    site.answers.decide = async () => {
      throw new Error('Connection terminated unexpectedly');
    };
    const follower = new RemoteReviewFollower({ answers: site.answers, apply: core.apply, inTransaction: () => false, log, redact: (text) => text, pollMs: 3_600_000 });
    follower.start();
    await follower.idle();
    expect(core.applied).toEqual([1]);
    expect(log.lines.filter((line) => /not read now \(they wait at the site\)/.test(line))).toHaveLength(1);
    await follower.stop();
  });
});

describe('PostgresSiteReviews: the site refusing one outcome is ReviewOutcomeRefused, the site unreached is not', () => {
  let db: SiteDatabase;
  let reviews: PostgresSiteReviews;
  beforeAll(async () => {
    db = await startSiteDatabase();
    const login = await addStation(db.admin, 'ST-A');
    reviews = new PostgresSiteReviews(db.site.url(login.role, login.password), 'ST-A');
  }, 180_000);
  afterAll(async () => {
    await reviews?.close();
    await db?.stop();
  }, 180_000);

  it('an outcome for an answer that is not to its scans: refused by the site, one line; the site stopped: not a refusal', async () => {
    const refused = await reviews.decide(999, { outcome: 'refused', reason: 'no such scan here', scanWaits: false }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ReviewOutcomeRefused);
    expect((refused as Error).message).toMatch(/^the site refused to record it \(P0001\): answer 999 is not to a scan of station ST-A$/);
    expect(await reviews.undecided(10, 5)).toEqual([]);
    await db.site.stopServer();
    try {
      const unreached = await reviews.decide(999, { outcome: 'refused', reason: 'x', scanWaits: false }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(unreached).toBeInstanceOf(Error);
      expect(unreached).not.toBeInstanceOf(ReviewOutcomeRefused);
    } finally {
      await db.site.startServer();
    }
  }, 180_000);
});
