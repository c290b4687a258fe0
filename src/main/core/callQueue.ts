import type { CommandResult } from '../../shared/contract/index.ts';
import { stderrLog, type Log } from '../log.ts';

/**
 * How much one screen may ask of the station at once. A screen's own work (loading a snapshot,
 * a scan burst at the bench) stays far below these; a script flooding the socket meets them.
 */
export interface CallLimits {
  /** Calls waiting or running per connection; one more is refused at once with BUSY. */
  maxPending: number;
  /** Calls running per connection (the others wait their turn). */
  maxInFlight: number;
}

export const DEFAULT_CALL_LIMITS: CallLimits = { maxPending: 64, maxInFlight: 4 };

type Run = () => Promise<CommandResult<unknown>>;
interface Waiting {
  run: Run;
  resolve(result: CommandResult<unknown>): void;
}

const closedRefusal = (): CommandResult<never> => ({
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'This screen’s connection closed before the station got to the request; nothing was done. Try again.' },
});

const busyRefusal = (limits: CallLimits): CommandResult<never> => ({
  ok: false,
  error: {
    code: 'BUSY',
    message: `This screen has ${limits.maxPending} requests waiting at the station; this one was refused and nothing was done. Slow down: wait for the answers, then try again.`,
  },
});

/** One connection's line at the station: its waiting calls, how many of them run, whether it is still open. */
export class CallLane {
  readonly #scheduler: CallScheduler;
  readonly #waiting: Waiting[] = [];
  #inFlight = 0;
  #closed = false;

  constructor(scheduler: CallScheduler) {
    this.#scheduler = scheduler;
  }

  /** Calls accepted and not yet answered (waiting or running). */
  get pending(): number {
    return this.#waiting.length + this.#inFlight;
  }

  /** Queues a call; refused at once (nothing run) when the lane is full or closed. Never rejects. */
  submit(run: Run): Promise<CommandResult<unknown>> {
    if (this.#closed) return Promise.resolve(closedRefusal());
    const limits = this.#scheduler.limits;
    if (this.pending >= limits.maxPending) return Promise.resolve(busyRefusal(limits));
    return new Promise((resolve) => {
      this.#waiting.push({ run, resolve });
      this.#scheduler.offer(this);
    });
  }

  /** The screen went away: what it still had waiting is answered without running (nobody reads it). */
  close(): void {
    this.#closed = true;
    for (const call of this.#waiting.splice(0)) call.resolve(closedRefusal());
    this.#scheduler.withdraw(this);
  }

  /** @internal The scheduler's question: may this lane start a call now? */
  ready(): boolean {
    return !this.#closed && this.#waiting.length > 0 && this.#inFlight < this.#scheduler.limits.maxInFlight;
  }

  /** @internal Starts the lane's oldest waiting call; the lane is offered again when it finishes. */
  startNext(): void {
    const call = this.#waiting.shift();
    if (!call) return;
    this.#inFlight += 1;
    let running: Promise<CommandResult<unknown>>;
    try {
      running = call.run();
    } catch (error) {
      running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    running
      .catch((error: unknown): CommandResult<never> => {
        this.#scheduler.log.error('a call failed outside the dispatcher:', error);
        return { ok: false, error: { code: 'INTERNAL', message: 'The station could not complete the request. Try again; if it repeats, call the site admin.' } };
      })
      .then((result) => {
        this.#inFlight -= 1;
        call.resolve(result);
        this.#scheduler.offer(this);
      });
  }
}

/**
 * Serves every connection's calls fairly: round-robin between the lanes that have work, one call
 * started per turn of the event loop. Between two calls the loop polls I/O, so a device's bytes
 * (a hardware scan, a scale reading) and another screen's request are read and served while one
 * screen floods; that screen only ever waits behind its own calls.
 */
export class CallScheduler {
  readonly limits: CallLimits;
  /** @internal Where a call that failed outside the dispatcher is reported. */
  readonly log: Log;
  /** Lanes that may start a call, in the order they get their turn. */
  readonly #turns: CallLane[] = [];
  #tickScheduled = false;

  constructor(limits: CallLimits = DEFAULT_CALL_LIMITS, log: Log = stderrLog()) {
    this.limits = limits;
    this.log = log;
  }

  lane(): CallLane {
    return new CallLane(this);
  }

  /** @internal A lane has work (or a freed slot): give it a turn if it has none yet. */
  offer(lane: CallLane): void {
    if (lane.ready() && !this.#turns.includes(lane)) this.#turns.push(lane);
    this.#schedule();
  }

  /** @internal */
  withdraw(lane: CallLane): void {
    const index = this.#turns.indexOf(lane);
    if (index >= 0) this.#turns.splice(index, 1);
  }

  #schedule(): void {
    if (this.#tickScheduled || this.#turns.length === 0) return;
    this.#tickScheduled = true;
    setImmediate(() => this.#turn());
  }

  #turn(): void {
    this.#tickScheduled = false;
    const lane = this.#turns.shift();
    if (lane?.ready()) {
      lane.startNext();
      // Back of the line: every other lane with work goes before this one's next call.
      if (lane.ready() && !this.#turns.includes(lane)) this.#turns.push(lane);
    }
    this.#schedule();
  }
}
