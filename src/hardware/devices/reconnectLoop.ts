import type { DeviceHealth } from '../../shared/contract/index.ts';
import { Backoff, DEFAULT_RECONNECT_BACKOFF } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';

export interface ReconnectHooks {
  /**
   * One attempt to connect; resolves true when connected. Reports its own failure (status) and
   * must not reject. `superseded()` turns true once stop() or a new start() has overtaken this
   * attempt: a connection made after that must be released again.
   */
  connect(superseded: () => boolean): Promise<boolean>;
  /** Releases the connection (called by stop() only); never rejects. */
  disconnect(): Promise<void>;
}

/** What one connect attempt came to, for a driver to turn into its status. */
export type ConnectOutcome<Opened> =
  | { kind: 'open'; opened: Opened }
  | { kind: 'failed'; health: DeviceHealth; detail: string }
  /** stop() or a new start() overtook the attempt: nothing to report, nothing left open. */
  | { kind: 'superseded' };

export interface ReconnectLoopOptions {
  backoff?: BackoffOptions | undefined;
  /**
   * What starts the backoff over. 'connect' (the default): a connect() that succeeded. 'confirmed':
   * only confirmed(), for links that open fine with nothing alive behind them (a TCP socket to a
   * hung printer or cabinet controller): reset on open, such a device would be reconnected at the
   * initial delay forever instead of backing off.
   */
  resetBackoffOn?: 'connect' | 'confirmed';
}

/**
 * The keep-it-open loop every device driver shares: connect on start(), retry with a doubling
 * backoff until stop(), and never let a late open() from an earlier start() hold the device after
 * a stop(). The driver keeps its own status; the loop only decides when to try.
 */
export class ReconnectLoop {
  readonly #hooks: ReconnectHooks;
  readonly #backoff: Backoff;
  readonly #resetOnConnect: boolean;
  #running = false;
  /** Bumped by start() and stop() so that an attempt finishing late knows it is stale. */
  #epoch = 0;
  #connecting: Promise<void> | null = null;
  /** Counts attempts, so that only the latest one clears #connecting. */
  #attempts = 0;
  /** lost() was called while an attempt was in flight: that attempt's connection is already gone. */
  #lostDuringAttempt = false;
  #retryTimer: NodeJS.Timeout | null = null;

  /** Throws a RangeError for impossible backoff options, so a bad config fails at construction. */
  constructor(hooks: ReconnectHooks, options: ReconnectLoopOptions = {}) {
    this.#hooks = hooks;
    this.#backoff = new Backoff(options.backoff ?? DEFAULT_RECONNECT_BACKOFF);
    this.#resetOnConnect = (options.resetBackoffOn ?? 'connect') === 'connect';
  }

  get running(): boolean {
    return this.#running;
  }

  /**
   * Which start() the loop is in. Work that may outlive a stop() (a close() being awaited, a reply
   * timer) takes it and hands it to lost(), so that it cannot schedule a retry for a later start().
   */
  get generation(): number {
    return this.#epoch;
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
  lost(generation: number = this.#epoch): void {
    if (generation !== this.#epoch) return;
    // The attempt in flight retries by itself when it finishes; a second, parallel one would
    // open the transport twice.
    if (this.#connecting) this.#lostDuringAttempt = true;
    else this.#schedule(generation);
  }

  /** The device answered on this connection: the next loss starts the backoff over. */
  confirmed(): void {
    this.#backoff.reset();
  }

  /** Try now instead of waiting out the delay, e.g. when a hotplug event says the device is back. */
  now(): void {
    if (!this.#running || this.#connecting || !this.#retryTimer) return;
    clearTimeout(this.#retryTimer);
    this.#attempt(this.#epoch);
  }

  #attempt(epoch: number): void {
    this.#retryTimer = null;
    this.#lostDuringAttempt = false;
    const seq = ++this.#attempts;
    // A superseded attempt (start() right after stop()) may still be opening the transport: the
    // new one waits until that one has let go, instead of opening the same device twice.
    const previous = this.#connecting;
    this.#connecting = previous ? previous.then(() => this.#run(epoch, seq)) : this.#run(epoch, seq);
  }

  async #run(epoch: number, seq: number): Promise<void> {
    // A hook that broke its promise not to reject counts as a failed attempt: retry all the same.
    const connected = await this.#hooks.connect(() => epoch !== this.#epoch).catch(() => false);
    // Cleared before deciding, so that a lost() from here on schedules instead of being deferred.
    if (seq === this.#attempts) this.#connecting = null;
    if (epoch !== this.#epoch) return;
    if (connected && this.#resetOnConnect) this.#backoff.reset();
    if (!connected || this.#lostDuringAttempt) this.#schedule(epoch);
  }

  #schedule(epoch: number): void {
    if (!this.#running || epoch !== this.#epoch || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => this.#attempt(epoch), this.#backoff.next());
  }
}
