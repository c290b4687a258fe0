export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5000 };

/**
 * Doubling delays for reopening a device: quick enough that a replugged scanner is back before
 * the operator reaches for the next letter, capped so an absent one costs one failed open() per
 * few seconds rather than a busy loop.
 */
export class Backoff {
  readonly #options: BackoffOptions;
  #nextMs: number;

  constructor(options: BackoffOptions = DEFAULT_RECONNECT_BACKOFF) {
    if (!(options.initialMs > 0 && options.maxMs >= options.initialMs)) {
      throw new RangeError(`backoff needs 0 < initialMs <= maxMs, got ${options.initialMs} / ${options.maxMs}`);
    }
    this.#options = { ...options };
    this.#nextMs = options.initialMs;
  }

  /** The delay to wait now; the one after it is doubled, up to maxMs. */
  next(): number {
    const delay = this.#nextMs;
    this.#nextMs = Math.min(this.#nextMs * 2, this.#options.maxMs);
    return delay;
  }

  reset(): void {
    this.#nextMs = this.#options.initialMs;
  }
}
