import { createHash } from 'node:crypto';
import { StationFailure, type AuditPayload, type DeviceHealth, type PrintJob, type PrintJobContent, type PrintJobState, type PrintMoveKind, type RecordMode } from '../../shared/contract/index.ts';
import { Backoff } from '../../hardware/devices/backoff.ts';
import type { BackoffOptions } from '../../hardware/devices/backoff.ts';
import { checkZplJob } from '../../hardware/protocols/zpl.ts';
import { publicPrintJob } from '../store/printJobs.ts';
import type { PrintJobRecord } from '../store/printJobs.ts';
import type { Store } from '../store/index.ts';

/** What the queue needs of a printer: LabelPrinter fits, and so does a test double. */
export interface QueuePrinter {
  /** Resolves once the printer confirms the label printed; rejects otherwise. */
  print(zpl: string): Promise<void>;
  readonly status: { health: DeviceHealth };
  on(event: 'status', listener: (status: { health: DeviceHealth }) => void): () => void;
}

export type PrinterLookup = (printerId: string) => QueuePrinter | undefined;

export interface EnqueueInput {
  printerId: string;
  /** The label kind (clearance, custody, …). */
  template: string;
  /** The item or incident the label is for, if any. */
  subject: string | null;
  zpl: string;
  /** Who asked for it: `operator:<id>`, or `station`. */
  actor: string;
}

export interface PrintQueueOptions {
  /** Attempts before a job is marked failed; each one is a print() that did not confirm. */
  maxAttempts?: number;
  /** Delay before retrying a job whose attempt failed, doubling per failure. */
  retry?: BackoffOptions;
  /** Where worker errors go (the store closed under it, a consumer's onChange threw); console.error by default. */
  onError?: (err: unknown) => void;
}

export const DEFAULT_MAX_PRINT_ATTEMPTS = 5;
const DEFAULT_RETRY: BackoffOptions = { initialMs: 1000, maxMs: 30_000 };
/** Actor of the worker's own transitions: nobody pressed a button for them. */
const WORKER = 'station';

interface Lane {
  busy: boolean;
  /** A kick came while busy: look again once done. */
  again: boolean;
  retryTimer: NodeJS.Timeout | null;
  backoff: Backoff;
  unsubscribe: (() => void) | null;
}

function wordsOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The persisted label print queue. A job is a row before anything is printed, so a label the
 * operator saw queued survives a crash or power cut. A worker per printer prints its jobs one at
 * a time in queue order, only while the printer reports itself online (fault-free); each state
 * change is one transaction with its audit event.
 *
 * Delivery is at least once: a job the station was printing when it stopped is printed again on
 * start-up, because whether the label came out is unknown. For evidence labels a duplicate is
 * harmless (the same custody ID twice) and a missing one is not. The same holds for a job whose
 * print() failed after the bytes went out (PrinterError.sent): the retry may give a second copy.
 *
 * The worker never throws and never leaves a rejected promise unobserved; trouble goes to
 * options.onError and the job stays where the store last recorded it.
 */
export class PrintQueue {
  readonly #store: Store;
  readonly #mode: RecordMode;
  readonly #printers: PrinterLookup;
  readonly #onChange: (job: PrintJob) => void;
  readonly #now: () => Date;
  readonly #maxAttempts: number;
  readonly #retry: BackoffOptions;
  readonly #onError: (err: unknown) => void;
  readonly #lanes = new Map<string, Lane>();
  #running = false;

  constructor(
    store: Store,
    mode: RecordMode,
    printers: PrinterLookup,
    onChange: (job: PrintJob) => void,
    now: () => Date = () => new Date(),
    options: PrintQueueOptions = {},
  ) {
    this.#store = store;
    this.#mode = mode;
    this.#printers = printers;
    this.#onChange = onChange;
    this.#now = now;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_PRINT_ATTEMPTS;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#onError = options.onError ?? ((err) => console.error('print queue:', err));
    if (!(Number.isInteger(this.#maxAttempts) && this.#maxAttempts >= 1)) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${this.#maxAttempts}`);
    }
  }

  get running(): boolean {
    return this.#running;
  }

  /**
   * Resumes what the last run left: a job recorded 'printing' was interrupted (crash, power cut,
   * stop during a print) and goes back to 'queued' to be printed again — it may come out twice.
   */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const pending = this.#store.printJobs.pending();
    for (const job of pending) {
      if (job.state !== 'printing') continue;
      this.#transition(job, 'queued', job.attempts, 'The station stopped while this label was printing; printing it again (it may come out twice)', 'print.resumed', {
        attempts: job.attempts,
      });
    }
    for (const printerId of new Set(pending.map((job) => job.printerId))) this.#kick(printerId);
  }

  /** Stops starting new attempts and cancels retries. A print in progress finishes and is recorded. */
  stop(): void {
    this.#running = false;
    for (const lane of this.#lanes.values()) {
      if (lane.retryTimer) clearTimeout(lane.retryTimer);
      lane.retryTimer = null;
      lane.unsubscribe?.();
      lane.unsubscribe = null;
    }
  }

  /** Queues a label; it is recorded (with 'print.queued') before this returns. */
  enqueue(input: EnqueueInput): PrintJob {
    if (!this.#printers(input.printerId)) {
      throw new StationFailure('NOT_FOUND', `There is no printer "${input.printerId}" at this station. Choose a configured printer.`);
    }
    const check = checkZplJob(input.zpl);
    if (!check.ok) throw new StationFailure('INVALID_ARGUMENTS', `The label cannot be printed: ${check.message}.`);
    const job = this.#store.transaction(() => {
      const record = this.#store.printJobs.insert({
        printerId: input.printerId,
        template: input.template,
        subject: input.subject,
        zpl: input.zpl,
        reprintOf: null,
        mode: this.#mode,
        at: this.#now().toISOString(),
      });
      this.#store.audit.append({
        actor: input.actor,
        kind: 'print.queued',
        subjectType: 'print-job',
        subjectId: String(record.id),
        mode: record.mode,
        payload: this.#contentOf(record),
      });
      return record;
    });
    this.#notify(job);
    this.#kick(job.printerId);
    return publicPrintJob(job);
  }

  /** Queues a new copy of a finished job, marked as a reprint of it ('print.reprinted'). */
  reprint(jobId: number, actor: string): PrintJob {
    const job = this.#store.transaction(() => {
      const original = this.#store.printJobs.byId(jobId);
      if (!original) throw new StationFailure('NOT_FOUND', `There is no print job ${jobId}.`);
      if (original.state === 'queued' || original.state === 'printing') {
        throw new StationFailure('INVALID_STATE', `Print job ${jobId} has not finished yet; wait for it before reprinting.`);
      }
      const record = this.#store.printJobs.insert({
        printerId: original.printerId,
        template: original.template,
        subject: original.subject,
        zpl: original.zpl,
        reprintOf: original.id,
        mode: original.mode,
        at: this.#now().toISOString(),
      });
      this.#store.audit.append({
        actor,
        kind: 'print.reprinted',
        subjectType: 'print-job',
        subjectId: String(record.id),
        mode: record.mode,
        payload: { ...this.#contentOf(record), originalState: original.state },
      });
      return record;
    });
    this.#notify(job);
    this.#kick(job.printerId);
    return publicPrintJob(job);
  }

  /** The newest jobs first. */
  list(limit: number): PrintJob[] {
    return this.#store.printJobs.recent(limit).map(publicPrintJob);
  }

  get(jobId: number): PrintJob | null {
    const record = this.#store.printJobs.byId(jobId);
    return record ? publicPrintJob(record) : null;
  }

  #contentOf(record: PrintJobRecord): PrintJobContent {
    // The ZPL itself is in print_jobs; the chain holds its hash, so a changed label is detectable.
    return {
      printerId: record.printerId,
      template: record.template,
      subject: record.subject,
      reprintOf: record.reprintOf,
      zplSha256: sha256(record.zpl),
      zplBytes: Buffer.byteLength(record.zpl, 'utf8'),
    };
  }

  #lane(printerId: string): Lane {
    let lane = this.#lanes.get(printerId);
    if (!lane) {
      lane = { busy: false, again: false, retryTimer: null, backoff: new Backoff(this.#retry), unsubscribe: null };
      this.#lanes.set(printerId, lane);
    }
    return lane;
  }

  #kick(printerId: string): void {
    if (!this.#running) return;
    const lane = this.#lane(printerId);
    if (lane.busy) {
      lane.again = true;
      return;
    }
    void this.#drain(printerId, lane);
  }

  /** Prints the printer's jobs in order while it is ready. Never rejects. */
  async #drain(printerId: string, lane: Lane): Promise<void> {
    lane.busy = true;
    try {
      for (;;) {
        lane.again = false;
        if (!this.#running || lane.retryTimer) return;
        const job = this.#store.printJobs.nextFor(printerId);
        if (!job) return;
        const printer = this.#printers(printerId);
        if (!printer) return; // removed from config: its jobs wait until it is back
        if (!lane.unsubscribe) {
          // Woken by the printer itself when it comes back, not by polling the status.
          lane.unsubscribe = printer.on('status', (status) => {
            if (status.health === 'online') this.#kick(printerId);
          });
        }
        if (printer.status.health !== 'online') return;
        if (!(await this.#attempt(job, printer, lane))) return;
      }
    } catch (err) {
      this.#onError(err);
    } finally {
      lane.busy = false;
      if (lane.again && this.#running && !lane.retryTimer) this.#kick(printerId);
    }
  }

  /** One attempt at a job; true if the lane may go on to the next job at once. */
  async #attempt(job: PrintJobRecord, printer: QueuePrinter, lane: Lane): Promise<boolean> {
    const attempt = job.attempts + 1;
    const printing = this.#transition(job, 'printing', attempt, job.lastError, 'print.started', { attempt });
    let failure: unknown = null;
    try {
      await printer.print(printing.zpl);
    } catch (err) {
      failure = err ?? new Error('the printer gave no reason');
    }
    if (failure === null) {
      this.#transition(printing, 'printed', attempt, null, 'print.printed', { attempt });
      lane.backoff.reset();
      return true;
    }
    const error = wordsOf(failure);
    if (attempt >= this.#maxAttempts) {
      this.#transition(printing, 'failed', attempt, error, 'print.failed', { attempts: attempt, error });
      lane.backoff.reset();
      return true; // the next job is not held hostage by a failed one
    }
    const delayMs = lane.backoff.next();
    this.#transition(printing, 'queued', attempt, error, 'print.retrying', { attempt, error, retryInMs: delayMs });
    lane.retryTimer = setTimeout(() => {
      lane.retryTimer = null;
      this.#kick(job.printerId);
    }, delayMs);
    return false;
  }

  #transition<K extends PrintMoveKind>(
    job: PrintJobRecord,
    state: PrintJobState,
    attempts: number,
    lastError: string | null,
    kind: K,
    payload: Omit<AuditPayload<K>, 'from' | 'to'>,
  ): PrintJobRecord {
    const updated = this.#store.transaction(() => {
      const record = this.#store.printJobs.setState(job.id, { state, attempts, lastError, at: this.#now().toISOString() });
      this.#store.audit.append({
        actor: WORKER,
        kind,
        subjectType: 'print-job',
        subjectId: String(job.id),
        mode: job.mode,
        // The move and the rest: TypeScript cannot join an Omit<> of a generic back together.
        payload: { ...payload, from: job.state, to: state } as AuditPayload<K>,
      });
      return record;
    });
    this.#notify(updated);
    return updated;
  }

  #notify(record: PrintJobRecord): void {
    try {
      this.#onChange(publicPrintJob(record));
    } catch (err) {
      // A listener's bug must not undo or stall printing; the record is already committed.
      this.#onError(err);
    }
  }
}
