// Gives memory back to the system when the station is idle after work that took a lot of it (a
// daily log's PDF, a month's dashboard, the start-up chain check's worker threads). V8 keeps the
// pages of a shrunk heap, and every page of a finished worker thread, in a pool for reuse, and
// releases that pool only on a memory-reducing collection, which a station serving screens rarely
// gets: measured on the 1M-item store, 100-170 MB of pooled pages against a 35 MB live heap. Such a
// collection ("last resort": V8's low-memory notification) stops the process for a moment, so it
// runs only when no call has come for a second, only when the resident set grew since the last one,
// and at most once a minute.
import v8 from 'node:v8';
import vm from 'node:vm';

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** V8's gc() without exposing it to the station's own code (a context of its own, the flag set back). */
export function lastResortCollector(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as Collect | undefined;
    v8.setFlagsFromString('--no-expose-gc');
    return typeof gc === 'function' ? () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' }) : null;
  } catch {
    return null;
  }
}

export interface MemoryReleaseOptions {
  /** What collects (a test passes a fake); null: nothing to collect with, the release does nothing. */
  collect?: (() => void) | null;
  /** The process's resident set now, bytes. */
  rss?: () => number;
  /** No call for this long: the station is idle. */
  idleMs?: number;
  /** Only when the resident set grew this much since the last release (or since start). */
  growthBytes?: number;
  /** At most this often. */
  minIntervalMs?: number;
  now?: () => number;
}

export class MemoryRelease {
  readonly #collect: (() => void) | null;
  readonly #rss: () => number;
  readonly #idleMs: number;
  readonly #growthBytes: number;
  readonly #minIntervalMs: number;
  readonly #now: () => number;
  #lastCall: number;
  #lastRelease = Number.NEGATIVE_INFINITY;
  #baseline: number;
  #busy = 0;
  #timer: NodeJS.Timeout | null = null;
  #releases = 0;
  #stopped = false;

  constructor(options: MemoryReleaseOptions = {}) {
    this.#collect = options.collect === undefined ? lastResortCollector() : options.collect;
    this.#rss = options.rss ?? (() => process.memoryUsage.rss());
    this.#idleMs = options.idleMs ?? 1000;
    this.#growthBytes = options.growthBytes ?? 24 * 1024 * 1024;
    this.#minIntervalMs = options.minIntervalMs ?? 60_000;
    this.#now = options.now ?? (() => performance.now());
    this.#lastCall = this.#now();
    // The baseline is the process as it opened, before its start-up check ran.
    this.#baseline = this.#rss();
    this.#arm(this.#idleMs);
  }

  /** A call starts: no release while it runs. */
  callStarted(): void {
    this.#busy += 1;
    this.#lastCall = this.#now();
  }

  /** A call ended: the idle moment is counted from here. */
  callEnded(): void {
    this.#busy = Math.max(0, this.#busy - 1);
    this.#lastCall = this.#now();
    if (this.#timer === null) this.#arm(this.#idleMs);
  }

  /** Releases done, for the tests and the bench. */
  get releases(): number {
    return this.#releases;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(ms: number): void {
    if (this.#stopped || this.#collect === null) return;
    this.#timer = setTimeout(() => this.#check(), Math.max(ms, 1));
    // Never what keeps a closing station alive.
    this.#timer.unref();
  }

  #check(): void {
    this.#timer = null;
    const now = this.#now();
    const quietFor = now - this.#lastCall;
    if (this.#busy > 0 || quietFor < this.#idleMs) {
      this.#arm(this.#busy > 0 ? this.#idleMs : this.#idleMs - quietFor);
      return;
    }
    const sinceRelease = now - this.#lastRelease;
    if (sinceRelease < this.#minIntervalMs) {
      // Idle, but released not long ago: look again when it may (a call re-arms it sooner).
      this.#arm(this.#minIntervalMs - sinceRelease);
      return;
    }
    if (this.#rss() - this.#baseline < this.#growthBytes) {
      // Nothing worth a pause; the next call's end looks again. An idle station is still watched,
      // so pages pooled by a check that ends later (the hourly one's workers) are released too.
      this.#arm(this.#minIntervalMs);
      return;
    }
    this.#collect!();
    this.#releases += 1;
    this.#lastRelease = this.#now();
    this.#baseline = this.#rss();
  }
}
