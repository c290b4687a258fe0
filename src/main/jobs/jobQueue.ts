import type { AuditKind, AuditSubjectType, RecordMode } from '../../shared/contract/index.ts';
import { Backoff, type BackoffOptions } from '../../hardware/index.ts';
import type { JobState, JobStore, Store, StoredJob } from '../store/index.ts';
import { stderrLog } from '../log.ts';

/** A stored job whose payload passed its schema. */
export interface Job<T, P = unknown> extends StoredJob<P> {
  work: T;
}

/** What a kind of job is: how its stored payload is read, and the audit events of its worker. */
export interface JobKind<T, P> {
  /** For status and error messages: 'print', 'webhook', … */
  name: string;
  /** Reads a stored payload back; throws (a zod error, say) when it is not a job of this kind. */
  parse(payload: P): T;
  audit: {
    subjectType: AuditSubjectType;
    kinds: { started: AuditKind; done: AuditKind; retrying: AuditKind; failed: AuditKind; resumed: AuditKind; refused?: AuditKind };
    /** The state words the audit payloads use (printing: running is 'printing', done is 'printed'). */
    stateWord?: (state: JobState) => string;
    /** Why a job interrupted by a stop is done again: said in its lastError. */
    resumedNote: string;
  };
}

/** Where a lane's jobs go (a printer): the queue asks it, never polls it. */
export interface JobTarget<T, P = unknown> {
  /** Whether it can take a job now; while not, the lane's jobs wait, recorded as queued. */
  ready(): boolean;
  /** Calls `wake` when the target may have become ready; returns the unsubscribe. */
  watch(wake: () => void): () => void;
  /** Resolves once the work is confirmed done; rejects (with the reason in words) otherwise. */
  perform(job: Job<T, P>): Promise<void>;
}

export interface JobTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface JobQueueOptions {
  /** Attempts before a job is marked failed. */
  maxAttempts?: number;
  /** Delay before retrying a lane whose attempt failed, doubling per failure. */
  retry?: BackoffOptions;
  /** Where worker errors go (the store closed under it, a consumer's onChange threw). */
  onError?: (err: unknown) => void;
  now?: () => Date;
  /** The retry timer (tests drive it by hand). */
  timers?: JobTimers;
}

export interface JobLaneStatus {
  lane: string;
  /** When the lane tries again after a failed attempt; null when it is not waiting to retry. */
  retryAt: string | null;
  /** Whether an attempt is in progress. */
  busy: boolean;
}

/** What an admin needs to see of a queue: how many jobs are where, and which lanes are backing off. */
export interface JobQueueStatus {
  name: string;
  running: boolean;
  counts: Record<JobState, number>;
  lanes: JobLaneStatus[];
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * What a target throws when trying again cannot help (a mail server that says the address does not
 * exist): the job is marked failed at once, with `kind` (the kind's `refused` audit kind when it has one).
 */
export class JobRefused extends Error {
  override name = 'JobRefused';
}
/** How long a stop waits for an attempt in progress (an SMTP send, a print) to end and be recorded. */
const STOP_WAIT_MS = 5_000;
const DEFAULT_RETRY: BackoffOptions = { initialMs: 1000, maxMs: 30_000 };
const REAL_TIMERS: JobTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
/** Actor of the worker's own transitions: nobody pressed a button for them. */
const WORKER = 'station';

interface Lane {
  busy: boolean;
  /** A kick came while busy: look again once done. */
  again: boolean;
  retryTimer: unknown;
  retryAt: Date | null;
  backoff: Backoff;
  unsubscribe: (() => void) | null;
}

function wordsOf(err: unknown): string {
  if (err && typeof err === 'object' && 'issues' in err && Array.isArray((err as { issues: unknown }).issues)) {
    // A zod error: its issues in one line, not its multi-line JSON message.
    const issues = (err as { issues: Array<{ path: PropertyKey[]; message: string }> }).issues;
    return issues.map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message)).join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * A persistent queue of outbound work (labels, site publishing, notices, webhooks). A job is a row
 * added in the transaction that records its cause, so it exists if and only if its cause was
 * committed, and it survives a crash or power cut. A worker per lane does its jobs one at a time
 * in order, only while the lane's target says it is ready; each state change is one transaction
 * with its audit event. A failed attempt is retried after a doubling delay, up to maxAttempts; a
 * failed job does not hold up the ones behind it.
 *
 * Delivery is at least once: a job that was running when the station stopped is done again on
 * start-up, because whether it was done is unknown. Each kind says whether that is acceptable
 * (a second copy of a label is; a kind that is not must make its work idempotent).
 *
 * A stored payload is parsed with its kind's schema when it is loaded; one that fails is marked
 * failed with the reason, never done and never a crash. The worker never throws and never leaves
 * a rejected promise unobserved; trouble goes to options.onError and the job stays where the
 * store last recorded it.
 */
export class JobQueue<T, P = unknown> {
  readonly #store: Store;
  readonly #jobs: JobStore<T, P>;
  readonly #kind: JobKind<T, P>;
  readonly #targets: (lane: string) => JobTarget<T, P> | undefined;
  readonly #onChange: (job: StoredJob<P>) => void;
  readonly #now: () => Date;
  readonly #maxAttempts: number;
  readonly #retry: BackoffOptions;
  readonly #timers: JobTimers;
  readonly #onError: (err: unknown) => void;
  readonly #lanes = new Map<string, Lane>();
  /**
   * Jobs already announced as added. A cause rolled back frees its job's id, and the next job
   * added in the same turn may get it (in the same millisecond, with the same lane and time): the
   * rolled-back add() then finds the new job and announces it, and the new job's own add() must
   * not announce it a second time. An id leaves the set when its job ends.
   */
  readonly #announced = new Set<number>();
  #running = false;
  /** Who waits in stop() for the attempts in progress to be recorded. */
  #whenIdle: Array<() => void> = [];

  constructor(
    deps: {
      store: Store;
      jobs: JobStore<T, P>;
      kind: JobKind<T, P>;
      targets: (lane: string) => JobTarget<T, P> | undefined;
      onChange?: (job: StoredJob<P>) => void;
    },
    options: JobQueueOptions = {},
  ) {
    this.#store = deps.store;
    this.#jobs = deps.jobs;
    this.#kind = deps.kind;
    this.#targets = deps.targets;
    this.#onChange = deps.onChange ?? (() => undefined);
    this.#now = options.now ?? (() => new Date());
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#timers = options.timers ?? REAL_TIMERS;
    this.#onError = options.onError ?? ((err) => stderrLog(`${deps.kind.name} queue`).error('', err));
    if (!(Number.isInteger(this.#maxAttempts) && this.#maxAttempts >= 1)) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${this.#maxAttempts}`);
    }
    // Checked here, not at the first retry: a bad setting must stop the station starting.
    new Backoff(this.#retry);
  }

  get running(): boolean {
    return this.#running;
  }

  /**
   * Resumes what the last run left: a job recorded running was interrupted (crash, power cut, stop
   * during an attempt) and goes back to queued, to be done again.
   */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const pending = this.#jobs.pending();
    for (const job of pending) {
      if (job.state !== 'running') continue;
      this.#transition(job, 'queued', job.attempts, this.#kind.audit.resumedNote, this.#kind.audit.kinds.resumed, { attempts: job.attempts });
    }
    for (const lane of new Set(pending.map((job) => job.lane))) this.#kick(lane);
  }

  /**
   * Stops starting new attempts and cancels retries. An attempt in progress finishes and is
   * recorded: the promise settles once it is (the station closes its database only then, or an
   * attempt ending on a closed store said "database connection is not open" on stderr), or after
   * `waitMs` at most, so a target that never answers cannot hold a close. An attempt that ends
   * after the store closed anyway is not recorded: it stays running and start() does it again, as
   * after a crash.
   */
  stop(waitMs = STOP_WAIT_MS): Promise<void> {
    this.#running = false;
    for (const lane of this.#lanes.values()) {
      if (lane.retryTimer !== null) this.#timers.clearTimeout(lane.retryTimer);
      lane.retryTimer = null;
      lane.retryAt = null;
      lane.unsubscribe?.();
      lane.unsubscribe = null;
    }
    if (this.#idle()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      timer.unref();
      this.#whenIdle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #idle(): boolean {
    return [...this.#lanes.values()].every((lane) => !lane.busy);
  }

  /**
   * Adds a job. Call it inside the Store transaction that records the job's cause (and the job's
   * own audit event): the job is committed, or rolled back, with them. The screens hear of it and
   * the worker looks at it once that transaction is over, never while it may still roll back.
   */
  add(lane: string, work: T, mode: RecordMode): StoredJob<P> {
    if (!this.#store.db.inTransaction) {
      throw new Error(`a ${this.#kind.name} job is added inside the transaction that records its cause`);
    }
    const job = this.#jobs.insert({ lane, work, mode, at: this.#now().toISOString() });
    // better-sqlite3 transactions are synchronous: by the time a microtask runs, the caller's
    // transaction has committed or rolled back.
    queueMicrotask(() => this.#added(job));
    return job;
  }

  /** The newest jobs first. */
  list(limit: number): StoredJob<P>[] {
    return this.#jobs.recent(limit);
  }

  get(jobId: number): StoredJob<P> | null {
    return this.#jobs.byId(jobId);
  }

  status(): JobQueueStatus {
    return {
      name: this.#kind.name,
      running: this.#running,
      counts: this.#jobs.counts(),
      lanes: [...this.#lanes.entries()].map(([lane, state]) => ({ lane, retryAt: state.retryAt?.toISOString() ?? null, busy: state.busy })),
    };
  }

  #added(added: StoredJob<P>): void {
    try {
      if (!this.#store.db.open) return; // the station closed in the same turn: start() resumes the job
      const job = this.#jobs.byId(added.id);
      // Rolled back with its cause (or the id since reused by another job): nothing to announce.
      if (!job || job.lane !== added.lane || job.createdAt !== added.createdAt) return;
      if (this.#announced.has(job.id)) return;
      this.#announced.add(job.id);
      this.#notify(job);
      this.#kick(job.lane);
    } catch (err) {
      this.#onError(err);
    }
  }

  #lane(name: string): Lane {
    let lane = this.#lanes.get(name);
    if (!lane) {
      lane = { busy: false, again: false, retryTimer: null, retryAt: null, backoff: new Backoff(this.#retry), unsubscribe: null };
      this.#lanes.set(name, lane);
    }
    return lane;
  }

  #kick(name: string): void {
    if (!this.#running) return;
    const lane = this.#lane(name);
    if (lane.busy) {
      lane.again = true;
      return;
    }
    void this.#drain(name, lane);
  }

  /** Does the lane's jobs in order while its target is ready. Never rejects. */
  async #drain(name: string, lane: Lane): Promise<void> {
    lane.busy = true;
    try {
      for (;;) {
        lane.again = false;
        if (!this.#running || lane.retryTimer !== null) return;
        const stored = this.#jobs.nextFor(name);
        if (!stored) return;
        const job = this.#parsed(stored);
        if (!job) continue; // marked failed: the next job is not held hostage by it
        const target = this.#targets(name);
        if (!target) return; // removed from config: its jobs wait until it is back
        if (!lane.unsubscribe) {
          // Woken by the target itself when it comes back, not by polling it.
          lane.unsubscribe = target.watch(() => this.#kick(name));
        }
        if (!target.ready()) return;
        if (!(await this.#attempt(job, target, lane))) return;
      }
    } catch (err) {
      this.#onError(err);
    } finally {
      lane.busy = false;
      if (lane.again && this.#running && lane.retryTimer === null) this.#kick(name);
      if (!this.#running && this.#idle()) for (const settle of this.#whenIdle.splice(0)) settle();
    }
  }

  /** The job with its payload read by its kind's schema; one that fails is marked failed, with why. */
  #parsed(stored: StoredJob<P>): Job<T, P> | null {
    let work: T;
    try {
      work = this.#kind.parse(stored.payload);
    } catch (err) {
      const error = `The stored ${this.#kind.name} job cannot be read (${wordsOf(err)}); it was not attempted`;
      this.#transition(stored, 'failed', stored.attempts, error, this.#kind.audit.kinds.failed, { attempts: stored.attempts, error });
      return null;
    }
    return { ...stored, work };
  }

  /** One attempt at a job; true if the lane may go on to the next job at once. */
  async #attempt(job: Job<T, P>, target: JobTarget<T, P>, lane: Lane): Promise<boolean> {
    const { kinds } = this.#kind.audit;
    const attempt = job.attempts + 1;
    const running = this.#transition(job, 'running', attempt, job.lastError, kinds.started, { attempt });
    let failure: unknown = null;
    try {
      await target.perform({ ...running, work: job.work });
    } catch (err) {
      failure = err ?? new Error('no reason was given');
    }
    // The station closed without waiting for it (see stop()): it stays running, done again at the next start.
    if (!this.#store.db.open) return false;
    if (failure === null) {
      this.#transition(running, 'done', attempt, null, kinds.done, { attempt });
      lane.backoff.reset();
      return true;
    }
    const error = wordsOf(failure);
    if (failure instanceof JobRefused) {
      this.#transition(running, 'failed', attempt, error, kinds.refused ?? kinds.failed, { attempts: attempt, error });
      lane.backoff.reset();
      return true;
    }
    if (attempt >= this.#maxAttempts) {
      this.#transition(running, 'failed', attempt, error, kinds.failed, { attempts: attempt, error });
      lane.backoff.reset();
      return true; // the next job is not held hostage by a failed one
    }
    const delayMs = lane.backoff.next();
    this.#transition(running, 'queued', attempt, error, kinds.retrying, { attempt, error, retryInMs: delayMs });
    lane.retryAt = new Date(this.#now().getTime() + delayMs);
    lane.retryTimer = this.#timers.setTimeout(() => {
      lane.retryTimer = null;
      lane.retryAt = null;
      this.#kick(job.lane);
    }, delayMs);
    return false;
  }

  #transition(job: StoredJob<P>, state: JobState, attempts: number, lastError: string | null, kind: AuditKind, payload: Record<string, unknown>): StoredJob<P> {
    const word = this.#kind.audit.stateWord ?? ((s: JobState) => s);
    const updated = this.#store.transaction(() => {
      const record = this.#jobs.setState(job.id, { state, attempts, lastError, at: this.#now().toISOString() });
      this.#store.audit.append({
        actor: WORKER,
        kind,
        subjectType: this.#kind.audit.subjectType,
        subjectId: String(job.id),
        mode: job.mode,
        payload: { ...payload, from: word(job.state), to: word(state) },
      });
      return record;
    });
    if (state === 'done' || state === 'failed') this.#announced.delete(job.id);
    this.#notify(updated);
    return updated;
  }

  #notify(job: StoredJob<P>): void {
    try {
      this.#onChange(job);
    } catch (err) {
      // A listener's bug must not undo or stall the work; the record is already committed.
      this.#onError(err);
    }
  }
}
