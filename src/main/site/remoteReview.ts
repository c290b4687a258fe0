/**
 * The remote second review of inconclusive X-ray scans, as the stations see the site: the site's
 * queue (every other station's inconclusive scans not reviewed yet), a scan's image, answering one,
 * and, at the scan's own station, the answers to its scans and what it did with each. The site
 * holds answers; the scan's station stays the authority: only what it writes in its own chain is
 * the review. `site/postgres/siteReviews.ts` is the real one; tests may give a fake.
 */
import type { RecordMode } from '../../shared/contract/index.ts';

/** An inconclusive scan waiting for a second review, as its station published it. */
export interface ReviewScan {
  station: string;
  /** The seq of the station's `xray.verdictRecorded` (inconclusive) event: the answer names it. */
  verdictSeq: number;
  custodyId: string;
  scanRef: string;
  /** When the first verdict was recorded (the station's time). */
  at: string;
  mode: RecordMode;
  /** The first reviewer, as the station's chain names them (`operator:<id>`). */
  firstReviewer: string;
  findings: string[];
  notes: string;
  /** The scan's image at the site (SHA-256), or null when none was published. */
  imageSha256: string | null;
  /** Answers the station refused for this scan so far (the scan still waits). */
  refused: number;
}

export type RemoteVerdict = 'clear' | 'suspect';

/** A reviewer's answer as the site holds it. */
export interface ReviewAnswer {
  id: number;
  /** The scan's station. */
  station: string;
  verdictSeq: number;
  custodyId: string;
  scanRef: string;
  /** The answering station; null when the answer came from a console. */
  byStation: string | null;
  /** The PostgreSQL role that added it. */
  byRole: string;
  reviewerId: string;
  reviewerName: string;
  verdict: RemoteVerdict;
  incidentType: string | null;
  notes: string;
  at: string;
}

/** What the scan's station did with an answer. */
export type ReviewOutcome =
  /** Written in its chain: the review (seq of the event that records it). */
  | { outcome: 'written'; stationSeq: number }
  /**
   * The scan was reviewed already (locally or by an earlier answer) with another verdict: kept as dissent.
   * `stationSeq`: a suspect judgment after a clear review made the item suspect (that event).
   */
  | { outcome: 'dissent'; reason: string; stationSeq?: number }
  /** The scan was reviewed already with the same verdict: a concurring answer (nothing written). */
  | { outcome: 'concurring'; reason: string }
  /** Refused, with the station's reason; `scanWaits`: the scan still waits for a second review. */
  | { outcome: 'refused'; reason: string; scanWaits: boolean };

export type DecidedAnswer = ReviewAnswer & { outcome: (ReviewOutcome & { at: string }) | null };

/** A reviewer's answer to a scan of another station, before the site numbers it. */
export interface NewReviewAnswer {
  station: string;
  verdictSeq: number;
  custodyId: string;
  scanRef: string;
  reviewerId: string;
  reviewerName: string;
  verdict: RemoteVerdict;
  incidentType: string | null;
  notes: string;
}

/**
 * The site refused to record one outcome (its own answer to that statement, not a connection
 * lost): that answer stays undecided at the site, the others are not held up by it.
 */
export class ReviewOutcomeRefused extends Error {
  override name = 'ReviewOutcomeRefused';
}

/** What the scan's own station needs: the answers to its scans it has not decided, and recording each decision. */
export interface SiteReviewAnswers {
  /** Answers to this station's scans with no outcome yet, oldest first; those after answer `after` (an id) when given. */
  undecided(limit: number, after?: number): Promise<ReviewAnswer[]>;
  /**
   * Records what this station did with an answer; a second record of the same answer is a no-op.
   * ReviewOutcomeRefused when the site refuses this one record; any other failure: the site is not reached.
   */
  decide(answerId: number, outcome: ReviewOutcome): Promise<void>;
  close(): Promise<void>;
}

/** What a station's screens need of the site's reviews. */
export interface SiteReviewDesk {
  /** Other stations' inconclusive scans waiting, oldest first (at most `limit`). */
  queue(modes: readonly RecordMode[], limit: number): Promise<ReviewScan[]>;
  /** A queued scan's image (only an inconclusive scan's), or null when the site has none. */
  image(station: string, scanRef: string): Promise<{ sha256: string; bytes: Uint8Array } | null>;
  /** Adds this station's reviewer's answer (refused by the site when the scan is not one it may answer). */
  answer(answer: NewReviewAnswer): Promise<ReviewAnswer>;
  /** This station's answers, newest first, with what their scan's station did. */
  given(limit: number): Promise<DecidedAnswer[]>;
  /** Answers to this station's scans that came after its review (dissent or concurring), newest first: shown to its coordinator. */
  dissent(limit: number): Promise<DecidedAnswer[]>;
}

/** Both sides, over one connection pool. */
export type SiteReviews = SiteReviewAnswers & SiteReviewDesk;
