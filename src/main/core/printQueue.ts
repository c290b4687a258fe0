import { createHash } from 'node:crypto';
import { z } from 'zod';
import { StationFailure, type DeviceHealth, type PrintJob, type PrintJobContent, type PrintJobState, type RecordMode } from '../../shared/contract/index.ts';
import { checkZplJob } from '../../hardware/index.ts';
import { publicPrintJob } from '../store/index.ts';
import type { PrintJobRecord, PrintJobRepository } from '../store/index.ts';
import type { Store } from '../store/index.ts';
import { JobQueue, type JobKind, type JobQueueOptions, type JobQueueStatus, type JobState, type JobStore, type JobTarget, type StoredJob } from '../jobs/index.ts';

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

/** Attempts, retry delays and where worker errors go (the log's error lines by default). */
export type PrintQueueOptions = Omit<JobQueueOptions, 'now'>;

export const DEFAULT_MAX_PRINT_ATTEMPTS = 5;

/** A print job's work, as read back from print_jobs (the printer is its lane): what enqueue() accepts. */
const PrintWork = z
  .object({
    template: z.string(),
    subject: z.string().nullable(),
    zpl: z.string(),
    reprintOf: z.number().int().positive().nullable(),
  })
  .superRefine((work, ctx) => {
    const check = checkZplJob(work.zpl);
    if (!check.ok) ctx.addIssue({ code: 'custom', path: ['zpl'], message: check.message });
  });
type PrintWork = z.infer<typeof PrintWork>;

const PRINT_WORDS: Record<JobState, PrintJobState> = { queued: 'queued', running: 'printing', done: 'printed', failed: 'failed' };
const JOB_STATE_OF: Record<PrintJobState, JobState> = { queued: 'queued', printing: 'running', printed: 'done', failed: 'failed' };

const PRINTING: JobKind<PrintWork, PrintJobRecord> = {
  name: 'print',
  parse: (record) => PrintWork.parse({ template: record.template, subject: record.subject, zpl: record.zpl, reprintOf: record.reprintOf }),
  audit: {
    subjectType: 'print-job',
    kinds: { started: 'print.started', done: 'print.printed', retrying: 'print.retrying', failed: 'print.failed', resumed: 'print.resumed' },
    stateWord: (state) => PRINT_WORDS[state],
    resumedNote: 'The station stopped while this label was printing; printing it again (it may come out twice)',
  },
};

function stored(record: PrintJobRecord): StoredJob<PrintJobRecord> {
  return {
    id: record.id,
    lane: record.printerId,
    state: JOB_STATE_OF[record.state],
    attempts: record.attempts,
    lastError: record.lastError,
    mode: record.mode,
    payload: record,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** print_jobs as the generic queue sees it: the rows and data stay exactly as they were. */
function printJobStore(jobs: PrintJobRepository): JobStore<PrintWork, PrintJobRecord> {
  const orNull = (record: PrintJobRecord | null) => (record ? stored(record) : null);
  return {
    insert: ({ lane, work, mode, at }) => stored(jobs.insert({ printerId: lane, ...work, mode, at })),
    byId: (id) => orNull(jobs.byId(id)),
    setState: (id, change) => stored(jobs.setState(id, { ...change, state: PRINT_WORDS[change.state] })),
    pending: () => jobs.pending().map(stored),
    nextFor: (lane) => orNull(jobs.nextFor(lane)),
    recent: (limit) => jobs.recent(limit).map(stored),
    counts: () => {
      const counts = jobs.counts();
      return { queued: counts.queued, running: counts.printing, done: counts.printed, failed: counts.failed };
    },
  };
}

/** A printer as a lane's target: ready while it reports itself online (fault-free). */
function printerTarget(printer: QueuePrinter): JobTarget<PrintWork, PrintJobRecord> {
  return {
    ready: () => printer.status.health === 'online',
    watch: (wake) =>
      printer.on('status', (status) => {
        if (status.health === 'online') wake();
      }),
    perform: async (job) => {
      try {
        await printer.print(job.work.zpl);
      } catch (err) {
        throw err ?? new Error('the printer gave no reason');
      }
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The persisted label print queue: printing as one user of the generic JobQueue, over the
 * print_jobs table. A job is a row before anything is printed, so a label the operator saw queued
 * survives a crash or power cut. A worker per printer prints its jobs one at a time in queue
 * order, only while the printer reports itself online; each state change is one transaction with
 * its audit event (print.started, print.printed, print.retrying, print.failed, print.resumed).
 *
 * Delivery is at least once: a job the station was printing when it stopped is printed again on
 * start-up, because whether the label came out is unknown. For evidence labels a duplicate is
 * harmless (the same custody ID twice) and a missing one is not. The same holds for a job whose
 * print() failed after the bytes went out (PrinterError.sent): the retry may give a second copy.
 */
export class PrintQueue {
  readonly #store: Store;
  readonly #mode: RecordMode;
  readonly #printers: PrinterLookup;
  readonly #jobs: JobQueue<PrintWork, PrintJobRecord>;

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
    this.#jobs = new JobQueue(
      {
        store,
        jobs: printJobStore(store.printJobs),
        kind: PRINTING,
        targets: (printerId) => {
          const printer = printers(printerId);
          return printer ? printerTarget(printer) : undefined;
        },
        onChange: (job) => onChange(publicPrintJob(job.payload)),
      },
      { maxAttempts: DEFAULT_MAX_PRINT_ATTEMPTS, ...options, now },
    );
  }

  get running(): boolean {
    return this.#jobs.running;
  }

  /**
   * Resumes what the last run left: a job recorded 'printing' was interrupted (crash, power cut,
   * stop during a print) and goes back to 'queued' to be printed again — it may come out twice.
   */
  start(): void {
    this.#jobs.start();
  }

  /** Stops starting new attempts and cancels retries. A print in progress finishes and is recorded (the promise settles then, at most a few seconds later). */
  stop(): Promise<void> {
    return this.#jobs.stop();
  }

  /**
   * Queues a label; it is recorded (with 'print.queued') before this returns. Called inside a
   * caller's transaction, the job commits or rolls back with it.
   */
  enqueue(input: EnqueueInput): PrintJob {
    if (!this.#printers(input.printerId)) {
      throw new StationFailure('NOT_FOUND', `There is no printer "${input.printerId}" at this station. Choose a configured printer.`);
    }
    const check = checkZplJob(input.zpl);
    if (!check.ok) throw new StationFailure('INVALID_ARGUMENTS', `The label cannot be printed: ${check.message}.`);
    const job = this.#store.transaction(() => {
      const { payload: record } = this.#jobs.add(input.printerId, { template: input.template, subject: input.subject, zpl: input.zpl, reprintOf: null }, this.#mode);
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
      const work = { template: original.template, subject: original.subject, zpl: original.zpl, reprintOf: original.id };
      const { payload: record } = this.#jobs.add(original.printerId, work, original.mode);
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
    return publicPrintJob(job);
  }

  /** The newest jobs first. */
  list(limit: number): PrintJob[] {
    return this.#jobs.list(limit).map((job) => publicPrintJob(job.payload));
  }

  get(jobId: number): PrintJob | null {
    const job = this.#jobs.get(jobId);
    return job ? publicPrintJob(job.payload) : null;
  }

  /** How many labels are where, and which printers are waiting to retry. */
  status(): JobQueueStatus {
    return this.#jobs.status();
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
}
