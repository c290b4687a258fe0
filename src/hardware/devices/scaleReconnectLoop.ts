import type { Backoff } from './backoff.ts';

export interface ReconnectHooks {
  /**
   * One attempt to connect; resolves true when connected. Reports its own failure (status) and
   * must not reject. `superseded()` turns true once stop() or a new start() has overtaken this
   * attempt: a connection made after that must be released again.
   */
  connect(superseded: () => boolean): Promise<boolean>;
  /** Releases the connection; never rejects. */
  disconnect(): Promise<void>;
}

/**
 * The keep-it-open loop the scale drivers share (the same one SerialScanner runs inline): connect
 * on start(), retry with a doubling backoff until stop(), and never let a late open() from an
 * earlier start() hold the device after a stop().
 */
export class ReconnectLoop {
  readonly #hooks: ReconnectHooks;
  readonly #backoff: Backoff;
  #running = false;
  /** Bumped by start() and stop() so that an attempt finishing late knows it is stale. */
  #epoch = 0;
  #connecting: Promise<void> | null = null;
  #retryTimer: NodeJS.Timeout | null = null;

  constructor(hooks: ReconnectHooks, backoff: Backoff) {
    this.#hooks = hooks;
    this.#backoff = backoff;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#epoch += 1;
    this.#backoff.reset();
    this.#attempt(this.#epoch);
  }

  /** Resolves true once disconnected, false if a start() during the wait took over again. */
  async stop(): Promise<boolean> {
    this.#running = false;
    const epoch = ++this.#epoch;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await this.#connecting;
    if (epoch !== this.#epoch) return false;
    await this.#hooks.disconnect();
    return epoch === this.#epoch;
  }

  /** The connection was lost: try again after the next backoff delay. */
  lost(): void {
    this.#schedule(this.#epoch);
  }

  /** Try now instead of waiting out the delay, e.g. when a hotplug event says the device is back. */
  now(): void {
    if (!this.#running || this.#connecting || !this.#retryTimer) return;
    clearTimeout(this.#retryTimer);
    this.#attempt(this.#epoch);
  }

  #attempt(epoch: number): void {
    this.#retryTimer = null;
    const attempt = (async () => {
      // A hook that broke its promise not to reject counts as a failed attempt: retry all the same.
      const connected = await this.#hooks.connect(() => epoch !== this.#epoch).catch(() => false);
      if (epoch !== this.#epoch) return;
      if (connected) this.#backoff.reset();
      else this.#schedule(epoch);
    })().finally(() => {
      if (this.#connecting === attempt) this.#connecting = null;
    });
    this.#connecting = attempt;
  }

  #schedule(epoch: number): void {
    if (!this.#running || epoch !== this.#epoch || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => this.#attempt(epoch), this.#backoff.next());
  }
}
