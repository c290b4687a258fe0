/**
 * The one owner of what a running part must give back when it stops: subscriptions, timers,
 * queues, devices. Each is added as it is made; `close()` undoes them in reverse order, once,
 * and carries on past one that fails, so a close has one path and nothing is dropped.
 */
export type Disposer = () => void | Promise<void>;

export class Disposables {
  readonly #disposers: Disposer[] = [];
  #closed = false;
  readonly #onError: (error: unknown) => void;

  /** `onError`: where a disposer's failure goes (the others still run). */
  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Takes ownership of one cleanup; added after close, it runs at once. Returns it for chaining. */
  add(disposer: Disposer): Disposer {
    if (this.#closed) {
      this.#run(disposer);
      return disposer;
    }
    this.#disposers.push(disposer);
    return disposer;
  }

  /**
   * Cleanups that need nothing of one another, run at the same time when their turn comes: the
   * close waits for the slowest, not for the sum. Each failure goes to `onError`, the others still
   * run to their end, and what was added before them is undone only after all have ended.
   */
  addTogether(disposers: readonly Disposer[]): void {
    if (disposers.length === 0) return;
    const all = [...disposers];
    this.add(async () => {
      await Promise.all(all.map((disposer) => this.#run(disposer)));
    });
  }

  /** A repeating timer owned here: it does not keep the process alive and stops with the owner. */
  interval(run: () => void, ms: number): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.add(() => clearInterval(timer));
  }

  /** Undoes everything in reverse order of adding. A second call does nothing (and waits for nothing). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#disposers.length > 0) {
      const disposer = this.#disposers.pop();
      if (disposer) await this.#run(disposer);
    }
  }

  /** The synchronous part of a close: for owners whose close() cannot wait (every disposer is run; a promise one returns is not awaited). */
  closeNow(): void {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#disposers.length > 0) {
      const disposer = this.#disposers.pop();
      if (disposer) void this.#run(disposer);
    }
  }

  async #run(disposer: Disposer): Promise<void> {
    try {
      await disposer();
    } catch (error) {
      this.#onError(error);
    }
  }
}
