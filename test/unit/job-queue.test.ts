import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JobQueue, JobTable, type JobKind, type JobQueueOptions, type JobState, type JobStore, type JobTarget, type JobTimers, type StoredJob } from '../../src/main/jobs/index.ts';
import { PrintQueue, type QueuePrinter } from '../../src/main/core/printQueue.ts';
import { Store } from '../../src/main/store/index.ts';
import type { DeviceHealth } from '../../src/shared/contract/index.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';

/** Polls until `check` holds; fails with `what` after `timeoutMs`. Never measures a duration. */
async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

const dirs: string[] = [];
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0).reverse()) close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openStore(): Store {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-jobq-'));
  dirs.push(dir);
  const store = Store.open(path.join(dir, 'station.sqlite'));
  closers.push(() => store.close());
  return store;
}

// A kind of job that is not a label (a courier call, shaped like a webhook), stored as JSON in a job table of its own, as
// webhook_jobs is. The table is created here because the station has no such kind.
const Webhook = z.object({ url: z.string().url(), body: z.object({ custodyId: z.string() }) });
type Webhook = z.infer<typeof Webhook>;

/** The standard job table (see JobTable), as a kind's migration would create it. */
function webhookJobs(db: Database.Database, create = true): JobStore<Webhook, string> {
  if (create) db.exec(`CREATE TABLE courier_jobs (
    id INTEGER PRIMARY KEY, lane TEXT NOT NULL, payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0), last_error TEXT,
    mode TEXT NOT NULL CHECK (mode IN ('live', 'demo', 'drill')), created_at TEXT NOT NULL, updated_at TEXT NOT NULL
  ) STRICT`);
  return new JobTable<Webhook>(db, 'courier_jobs');
}

const WEBHOOK: JobKind<Webhook, string> = {
  name: 'courier',
  parse: (payload) => Webhook.parse(JSON.parse(payload)),
  audit: {
    subjectType: 'station',
    // A job kind the station does not have yet: its audit kinds are not in the catalog.
    kinds: { started: 'courier.started', done: 'courier.sent', retrying: 'courier.retrying', failed: 'courier.failed', resumed: 'courier.resumed' } as unknown as JobKind<Webhook, string>['audit']['kinds'],
    resumedNote: 'The station stopped while sending; sending again',
  },
};

/** An endpoint that answers unless told to fail, and can be taken down. */
class FakeEndpoint implements JobTarget<Webhook, string> {
  up = true;
  failures = 0;
  readonly sent: Webhook[] = [];
  readonly #wakers = new Set<() => void>();
  ready(): boolean {
    return this.up;
  }
  watch(wake: () => void): () => void {
    this.#wakers.add(wake);
    return () => this.#wakers.delete(wake);
  }
  comeBack(): void {
    this.up = true;
    for (const wake of this.#wakers) wake();
  }
  async perform(job: { work: Webhook }): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('HTTP 503 from the endpoint');
    }
    this.sent.push(job.work);
  }
}

/** Timers the test fires by hand: the delays asked for are recorded, nothing waits for real. */
class HandTimers implements JobTimers {
  readonly asked: number[] = [];
  readonly #pending = new Map<number, () => void>();
  #next = 1;
  setTimeout(run: () => void, ms: number): unknown {
    this.asked.push(ms);
    const handle = this.#next++;
    this.#pending.set(handle, run);
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }
  get waiting(): number {
    return this.#pending.size;
  }
  fire(): void {
    const due = [...this.#pending.entries()];
    this.#pending.clear();
    for (const [, run] of due) run();
  }
}

const HOOK = 'https://hooks.example.org/cleared';
const work = (custodyId: string): Webhook => ({ url: HOOK, body: { custodyId } });

function rig(options: JobQueueOptions = {}) {
  const store = openStore();
  const jobs = webhookJobs(store.db);
  const endpoint = new FakeEndpoint();
  const timers = new HandTimers();
  const changes: Array<{ id: number; state: JobState }> = [];
  const errors: unknown[] = [];
  const queue = new JobQueue(
    { store, jobs, kind: WEBHOOK, targets: (lane) => (lane === HOOK ? endpoint : undefined), onChange: (job) => changes.push({ id: job.id, state: job.state }) },
    { timers, retry: { initialMs: 1000, maxMs: 4000 }, onError: (err) => errors.push(err), ...options },
  );
  closers.push(() => queue.stop());
  /** Records a cause (an item cleared) and, in the same transaction, the job it calls for. */
  const clear = (custodyId: string, fail = false): StoredJob<string> =>
    store.transaction(() => {
      store.audit.append(uncatalogued({ actor: 'operator:op-1', kind: 'item.cleared', subjectType: 'item', subjectId: custodyId, mode: 'live', payload: {} }));
      const job = queue.add(HOOK, work(custodyId), 'live');
      if (fail) throw new Error('the clearance could not be recorded');
      return job;
    });
  return { store, jobs, endpoint, timers, changes, errors, queue, clear };
}

describe('JobQueue', () => {
  it('announces a job once when a rolled-back cause freed its id in the same millisecond', async () => {
    // A still clock makes the rolled-back job and the next one alike in lane, id and time.
    const at = new Date('2026-12-06T12:00:00.000Z');
    const r = rig({ now: () => at });
    r.queue.start();
    expect(() => r.clear('AAA-AAA-AAA', true)).toThrow(/could not be recorded/);
    const kept = r.clear('BBB-BBB-BBB');
    await waitFor('sent', () => r.queue.get(kept.id)?.state === 'done');
    await settle();
    expect(r.endpoint.sent).toEqual([work('BBB-BBB-BBB')]);
    expect(r.changes).toEqual([
      { id: kept.id, state: 'queued' },
      { id: kept.id, state: 'running' },
      { id: kept.id, state: 'done' },
    ]);
  });

  it('a job exists if and only if its cause was committed', async () => {
    const r = rig();
    r.queue.start();
    expect(() => r.clear('AAA-AAA-AAA', true)).toThrow(/could not be recorded/);
    const kept = r.clear('BBB-BBB-BBB');
    await waitFor('sent', () => r.queue.get(kept.id)?.state === 'done');
    await settle();
    // The rolled-back cause left no job: nothing stored, nothing sent, nothing announced.
    expect(r.queue.list(10).map((job) => JSON.parse(job.payload) as Webhook)).toEqual([work('BBB-BBB-BBB')]);
    expect(r.endpoint.sent).toEqual([work('BBB-BBB-BBB')]);
    expect(r.store.audit.eventsFor('item', 'AAA-AAA-AAA')).toEqual([]);
    expect(r.changes).toEqual([
      { id: kept.id, state: 'queued' },
      { id: kept.id, state: 'running' },
      { id: kept.id, state: 'done' },
    ]);
    expect(r.store.audit.eventsFor('station', String(kept.id)).map((e) => e.kind)).toEqual(['courier.started', 'courier.sent']);
    expect(r.errors).toEqual([]);
  });

  it('refuses a job added outside a transaction: it would have no cause recorded with it', () => {
    const r = rig();
    expect(() => r.queue.add(HOOK, work('AAA-AAA-AAA'), 'live')).toThrow(/inside the transaction that records its cause/);
    expect(r.queue.list(10)).toEqual([]);
  });

  it('does not start a job while its cause may still roll back', async () => {
    const r = rig();
    r.queue.start();
    r.store.transaction(() => {
      r.queue.add(HOOK, work('AAA-AAA-AAA'), 'live');
      // Still inside the transaction: the worker has not seen the job.
      expect(r.changes).toEqual([]);
      expect(r.endpoint.sent).toEqual([]);
    });
    await waitFor('sent', () => r.endpoint.sent.length === 1);
  });

  it('marks a stored job that fails its schema failed, with the reason, and goes on to the next', async () => {
    const r = rig();
    const bad = r.store.transaction(() => r.jobs.insert({ lane: HOOK, work: { url: 'not a url', body: {} } as unknown as Webhook, mode: 'live', at: new Date().toISOString() }));
    r.store.db.prepare("INSERT INTO courier_jobs (lane, state, attempts, mode, payload, created_at, updated_at) VALUES (?, 'queued', 0, 'live', '{not json', 'x', 'x')").run(HOOK);
    const good = r.clear('CCC-CCC-CCC');
    r.queue.start();
    await waitFor('the good job sent', () => r.queue.get(good.id)?.state === 'done');
    expect(r.endpoint.sent).toEqual([work('CCC-CCC-CCC')]);
    const failed = r.queue.get(bad.id)!;
    expect(failed).toMatchObject({ state: 'failed', attempts: 0 });
    expect(failed.lastError).toMatch(/^The stored courier job cannot be read \(url: .*body\.custodyId: .*\); it was not attempted$/);
    expect(r.queue.get(bad.id + 1)).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/cannot be read \(.*JSON/) });
    const events = r.store.audit.eventsFor('station', String(bad.id));
    expect(events.map((e) => e.kind)).toEqual(['courier.failed']);
    expect(events[0]!.payload).toMatchObject({ attempts: 0, from: 'queued', to: 'failed' });
    expect(r.store.audit.verify().ok).toBe(true);
    expect(r.errors).toEqual([]);
  });

  it('retries with a doubling delay, capped, then marks the job failed; status shows the wait', async () => {
    const r = rig({ maxAttempts: 4, now: () => new Date('2026-12-06T10:00:00.000Z') });
    r.endpoint.failures = 100;
    r.queue.start();
    const job = r.clear('DDD-DDD-DDD');
    for (const attempt of [1, 2, 3]) {
      await waitFor(`attempt ${attempt} to fail`, () => r.timers.waiting === 1);
      expect(r.queue.get(job.id)).toMatchObject({ state: 'queued', attempts: attempt, lastError: 'HTTP 503 from the endpoint' });
      if (attempt === 1) {
        expect(r.queue.status()).toEqual({
          name: 'courier',
          running: true,
          counts: { queued: 1, running: 0, done: 0, failed: 0 },
          lanes: [{ lane: HOOK, retryAt: '2026-12-06T10:00:01.000Z', busy: false }],
        });
      }
      r.timers.fire();
    }
    await waitFor('failed', () => r.queue.get(job.id)?.state === 'failed');
    expect(r.timers.asked).toEqual([1000, 2000, 4000]);
    expect(r.queue.get(job.id)).toMatchObject({ attempts: 4, lastError: 'HTTP 503 from the endpoint' });
    expect(r.store.audit.eventsFor('station', String(job.id)).map((e) => e.kind)).toEqual([
      'courier.started',
      'courier.retrying',
      'courier.started',
      'courier.retrying',
      'courier.started',
      'courier.retrying',
      'courier.started',
      'courier.failed',
    ]);
    expect(r.queue.status()).toMatchObject({ counts: { queued: 0, running: 0, done: 0, failed: 1 }, lanes: [{ lane: HOOK, retryAt: null }] });
  });

  it('waits for a target that is down, and is woken by it, not by polling', async () => {
    const r = rig();
    r.endpoint.up = false;
    r.queue.start();
    const job = r.clear('EEE-EEE-EEE');
    await settle();
    expect(r.queue.get(job.id)?.state).toBe('queued');
    expect(r.timers.asked).toEqual([]);
    r.endpoint.comeBack();
    await waitFor('sent', () => r.queue.get(job.id)?.state === 'done');
  });

  it('refuses a table name that is not a job table: it is spliced into SQL', () => {
    const store = openStore();
    expect(() => new JobTable(store.db, 'items; DROP TABLE items')).toThrow(/not a job table name/);
    expect(() => new JobTable(store.db, 'items')).toThrow(/not a job table name/);
  });

  it('stop cancels a pending retry', async () => {
    const r = rig();
    r.endpoint.failures = 1;
    r.queue.start();
    r.clear('FFF-FFF-FFF');
    await waitFor('a retry scheduled', () => r.timers.waiting === 1);
    r.queue.stop();
    expect(r.timers.waiting).toBe(0);
    expect(r.queue.status()).toMatchObject({ running: false, lanes: [{ retryAt: null }] });
  });

  it('stop waits for the attempt in progress to be recorded; one that outlasts the wait and ends on a closed store is not recorded, says nothing, and is done again at the next start', async () => {
    const r = rig();
    let answer: (() => void) | null = null;
    r.endpoint.perform = (job: { work: Webhook }) =>
      new Promise<void>((resolve) => {
        answer = () => {
          r.endpoint.sent.push(job.work);
          resolve();
        };
      });
    r.queue.start();
    const first = r.clear('GGG-GGG-GGG');
    await waitFor('the first attempt under way', () => answer !== null);
    let stopped = false;
    const stopping = r.queue.stop(60_000).then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    answer!();
    await stopping;
    // Recorded before stop() settled: the store may close now.
    expect(r.queue.get(first.id)?.state).toBe('done');

    // A target that never answers within the wait: stop settles anyway, the store closes, and the late answer changes nothing.
    answer = null;
    r.queue.start();
    const second = r.clear('HHH-HHH-HHH');
    await waitFor('the second attempt under way', () => answer !== null);
    await r.queue.stop(50);
    const dbFile = r.store.db.name;
    r.store.close();
    answer!();
    await settle();
    expect(r.errors).toEqual([]);
    const reopened = Store.open(dbFile);
    closers.push(() => reopened.close());
    const queue = new JobQueue({ store: reopened, jobs: webhookJobs(reopened.db, false), kind: WEBHOOK, targets: () => new FakeEndpoint() }, { onError: (err) => r.errors.push(err) });
    closers.push(() => void queue.stop());
    expect(queue.get(second.id)?.state).toBe('running');
    queue.start();
    await waitFor('done again', () => queue.get(second.id)?.state === 'done');
    expect(r.errors).toEqual([]);
  });
});

/** A printer that prints whatever it is given. */
class Printer implements QueuePrinter {
  readonly status: { health: DeviceHealth } = { health: 'online' };
  readonly printed: string[] = [];
  on(): () => void {
    return () => undefined;
  }
  async print(zpl: string): Promise<void> {
    this.printed.push(zpl);
  }
}

describe('PrintQueue as a user of JobQueue', () => {
  it('does not send a stored label that fails its check to the printer: it is marked failed with the reason', async () => {
    const store = openStore();
    const printer = new Printer();
    const errors: unknown[] = [];
    const queue = new PrintQueue(store, 'live', () => printer, () => undefined, () => new Date(), { onError: (err) => errors.push(err) });
    closers.push(() => queue.stop());
    // A row written behind the station's back: ZPL with no closing ^XZ, which enqueue() refuses.
    const at = new Date().toISOString();
    store.db
      .prepare("INSERT INTO print_jobs (printer_id, template, subject, payload, state, attempts, mode, created_at, updated_at) VALUES ('zebra-1', 'clearance', 'X', '^XA^FDopen', 'queued', 0, 'live', ?, ?)")
      .run(at, at);
    const good = queue.enqueue({ printerId: 'zebra-1', template: 'clearance', subject: 'Y', zpl: '^XA^FDok^FS^XZ', actor: 'station' });
    queue.start();
    await waitFor('the good label printed', () => queue.get(good.id)?.state === 'printed');
    expect(printer.printed).toEqual(['^XA^FDok^FS^XZ']);
    expect(queue.get(1)).toMatchObject({ state: 'failed', attempts: 0, lastError: expect.stringMatching(/^The stored print job cannot be read \(zpl: .*\^XZ.*\); it was not attempted$/) });
    expect(store.audit.eventsFor('print-job', '1').map((e) => e.kind)).toEqual(['print.failed']);
    expect(queue.status().counts).toEqual({ queued: 0, running: 0, done: 1, failed: 1 });
    expect(errors).toEqual([]);
  });
});
