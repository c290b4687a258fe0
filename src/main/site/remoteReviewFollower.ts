import type { Log } from '../log.ts';
import { ReviewOutcomeRefused, type ReviewAnswer, type ReviewOutcome, type SiteReviewAnswers } from './remoteReview.ts';
import { SiteFollower } from './sitePoll.ts';

export interface RemoteReviewFollowerOptions {
  answers: SiteReviewAnswers;
  /**
   * What this station does with an answer to one of its scans (the core, in one transaction:
   * written in its chain, or why not). Idempotent per answer: asked again after a restart, an
   * answer already written is found in the chain, not written twice.
   */
  apply: (answer: ReviewAnswer) => ReviewOutcome;
  /** Whether someone holds the station's database in a transaction (then applying now would join it: next pass). */
  inTransaction: () => boolean;
  log: Log;
  redact: (text: string) => string;
  /** How often the site is asked for answers (5 s). */
  pollMs?: number;
  /** Answers read per call (100). */
  batchSize?: number;
  /** Told after an answer was written here (the screens hear of the item through the step itself). */
  onWritten?: (answer: ReviewAnswer, outcome: ReviewOutcome) => void;
}

/**
 * The scan's station side of the remote second review: every few seconds, and at start, reads the
 * answers to its own scans that it has not decided, applies each through its own core (written in
 * its chain, dissent, refused) and tells the site the outcome. While the site is not reached the
 * answers wait there; a station offline gets them when it is back. An answer whose outcome could
 * not be told (the site gone in between) is applied again next time and found in the chain.
 *
 * One answer that fails (its station's core throws, or the site refuses to record its outcome)
 * holds back no other: it is told to the log, left undecided at the site, and the pass goes on
 * with the answers after it (read on past it by id, so a page of failing answers cannot be read
 * again and again); the next pass tries it again. Only the site itself not answering ends a pass.
 */
export class RemoteReviewFollower extends SiteFollower {
  readonly #o: Required<Omit<RemoteReviewFollowerOptions, 'onWritten'>> & Pick<RemoteReviewFollowerOptions, 'onWritten'>;
  #reachable: boolean | null = null;

  constructor(options: RemoteReviewFollowerOptions) {
    super(options.pollMs ?? 5_000, () => options.answers.close());
    this.#o = { pollMs: 5_000, batchSize: 100, ...options };
  }

  protected pass(): Promise<void> {
    return this.#follow();
  }

  async #follow(): Promise<void> {
    try {
      let after = 0;
      for (;;) {
        if (this.#o.inTransaction()) return;
        const answers = await this.#o.answers.undecided(this.#o.batchSize, after);
        if (this.#reachable === false) this.#o.log.info('the site\'s review answers are read again');
        this.#reachable = true;
        for (const answer of answers) {
          if (this.stopped || this.#o.inTransaction()) return;
          after = Math.max(after, answer.id);
          let outcome: ReviewOutcome;
          try {
            outcome = this.#o.apply(answer);
          } catch (error) {
            // Not the station's refusal but a fault: the answer stays undecided at the site, tried again next pass.
            this.#o.log.error(`the site's review answer ${answer.id} could not be applied: ${error instanceof Error ? error.message : String(error)}`);
            continue;
          }
          try {
            await this.#o.answers.decide(answer.id, outcome);
          } catch (error) {
            if (!(error instanceof ReviewOutcomeRefused)) throw error;
            // Written here (or refused here) all the same: the next pass finds it in the chain and tells the site again.
            this.#o.log.error(this.#o.redact(`the site's review answer ${answer.id} (item ${answer.custodyId}): what this station did with it (${outcome.outcome}) is not recorded at the site, tried again at the next pass: ${error.message}`));
            continue;
          }
          this.#o.log.info(`review answer ${answer.id} (item ${answer.custodyId}, ${answer.verdict} by ${answer.reviewerName} at ${answer.byStation ?? `console ${answer.byRole}`}): ${outcome.outcome}${outcome.outcome === 'written' ? ` at event ${outcome.stationSeq}` : `: ${outcome.reason}`}`);
          if (outcome.outcome === 'written') this.#o.onWritten?.(answer, outcome);
        }
        if (answers.length < this.#o.batchSize) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      if (this.#reachable !== false) this.#o.log.warn(this.#o.redact(`the site's review answers are not read now (they wait at the site): ${error instanceof Error ? error.message : String(error)}`));
      this.#reachable = false;
    }
  }
}
