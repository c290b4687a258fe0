/**
 * The rhythm of a station's follower of the site (the roster, the directory, the review answers):
 * a pass at start, every `pollMs` and when woken, one at a time, none once stopped. What a pass
 * does is the follower's; this is only when.
 */
export class SitePoll {
  readonly #pass: () => Promise<void>;
  readonly #pollMs: number;
  readonly #close: () => Promise<void>;
  #timer: NodeJS.Timeout | null = null;
  #current: Promise<void> = Promise.resolve();
  #running = false;
  #stopped = true;

  /** `close` ends the follower's hold on the site (its pool), once the last pass is over or given up on. */
  constructor(pass: () => Promise<void>, pollMs: number, close: () => Promise<void>) {
    this.#pass = pass;
    this.#pollMs = pollMs;
    this.#close = close;
  }

  /** Stopped (or not started): a pass under way applies nothing more. */
  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#timer = setInterval(() => this.wake(), this.#pollMs);
    this.#timer.unref();
    this.wake();
  }

  /** A pass now (unless one is under way). */
  wake(): void {
    if (this.#stopped || this.#running) return;
    this.#running = true;
    this.#current = this.#pass().finally(() => {
      this.#running = false;
    });
  }

  /** The pass under way, or the last one. */
  idle(): Promise<void> {
    return this.#current;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    // A pass waiting on a site that does not answer is not waited for long: once stopped, it applies nothing.
    let wait: NodeJS.Timeout | undefined;
    await Promise.race([this.#current, new Promise<void>((resolve) => (wait = setTimeout(resolve, 5_000)))]);
    clearTimeout(wait);
    await this.#close();
  }
}

/**
 * A station's follower of the site: its pass runs on a {@link SitePoll} (at start, every `pollMs`,
 * when woken, one at a time); what the pass reads and applies is the follower's.
 */
export abstract class SiteFollower {
  readonly #poll: SitePoll;

  /** `close` ends the follower's hold on the site (its pool), once stopped. */
  constructor(pollMs: number, close: () => Promise<void>) {
    this.#poll = new SitePoll(() => this.pass(), pollMs, close);
  }

  /** One pass over the site: what the follower reads and applies. */
  protected abstract pass(): Promise<void>;

  /** Stopped (or not started): a pass under way applies nothing more. */
  protected get stopped(): boolean {
    return this.#poll.stopped;
  }

  start(): void {
    this.#poll.start();
  }

  /** A pass now (unless one is under way). */
  wake(): void {
    this.#poll.wake();
  }

  /** The pass under way, or the last one. */
  idle(): Promise<void> {
    return this.#poll.idle();
  }

  stop(): Promise<void> {
    return this.#poll.stop();
  }
}
