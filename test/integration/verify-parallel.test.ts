// The chain checked in stretches by worker threads gives the serial walk's verdict wherever the
// damage is: the first event, the middle or end of a stretch, either side of a join, a gap, a
// fork whose stretches each hold on their own, an unreadable row (issue 15, point 1).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, type AuditEvent } from '../../src/shared/contract/index.ts';
import { auditHash, verifyEvents, type ChainVerdict } from '../../src/main/store/auditChain.ts';
import { rowToAuditEvent, type AuditRow } from '../../src/main/store/auditLog.ts';
import { Store, verifyStore, verifyStoreParallel } from '../../src/main/store/index.ts';
import { checkChainParallel, splitRange } from '../../src/main/store/verify/index.ts';
import { workerFile } from '../../src/main/store/verify/parallelChain.ts';
import { ROW_VOCABULARY } from '../../src/main/store/verify/chainJoin.ts';
import { tempDir } from '../helpers/station.ts';
import { builtChainExtension } from '../helpers/nativeChain.ts';

const EVENTS = 60;
const work = tempDir('mailscreen-verify-parallel-');
const original = path.join(work, 'chain.sqlite');
const PARALLEL = { workers: 3, minEventsPerWorker: 1 };

beforeAll(() => {
  const store = Store.open(original);
  for (let i = 2; i <= EVENTS; i += 1) {
    store.transaction(() =>
      store.audit.append({ actor: 'operator:a', kind: 'records.backupFailed', subjectType: 'station', subjectId: `NOTE-${i}`, mode: 'live', payload: { to: `NOTE-${i}`, error: `event ${i}` } }),
    );
  }
  store.close();
});

const opened: Database.Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
});

/** The walk as it was before stretches: every event in order through verifyEvents. */
function serialWalk(db: Database.Database): ChainVerdict {
  let unreadableSeq: number | null = null;
  let read = 0;
  function* parsed(): Generator<AuditEvent> {
    for (const row of db.prepare<[], AuditRow>('SELECT * FROM audit_events ORDER BY seq').iterate()) {
      read += 1;
      try {
        yield rowToAuditEvent(row);
      } catch {
        unreadableSeq = row.seq;
        return;
      }
    }
  }
  const verdict = verifyEvents(parsed(), { seq: 0, hash: GENESIS_HASH });
  if (unreadableSeq !== null && verdict.ok) return { events: read, ok: false, firstBadSeq: unreadableSeq };
  return verdict;
}

/** Recomputes the hash of every event from `fromSeq` on, each linked to the one before: a consistent rewrite. */
function rehashFrom(db: Database.Database, fromSeq: number, firstPrev?: string): void {
  const rows = db.prepare<[number], AuditRow>('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq').all(fromSeq);
  let prev = firstPrev ?? (db.prepare('SELECT hash FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT 1').pluck().get(fromSeq) as string);
  const update = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const row of rows) {
    const { prevHash: _p, hash: _h, ...body } = rowToAuditEvent(row);
    const hash = auditHash(prev, body);
    update.run(prev, hash, row.seq);
    prev = hash;
  }
}

let copies = 0;
function tampered(change: (db: Database.Database) => void): Database.Database {
  copies += 1;
  const file = path.join(work, `copy-${copies}.sqlite`);
  copyFileSync(original, file);
  const writer = new Database(file);
  writer.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  // A hash the column's UNIQUE constraint would refuse during a rewrite is no obstacle to someone editing the file.
  change(writer);
  writer.close();
  const db = new Database(file, { readonly: true });
  opened.push(db);
  return db;
}

/**
 * A field set to `value` at `seq`, the event's hash made over its fields between quotes as they
 * are (right only when JSON would write them so), and every later event rehashed onto it.
 */
const rawField = (seq: number, column: string, value: string) => (db: Database.Database) => {
  db.prepare(`UPDATE audit_events SET ${column} = ? WHERE seq = ?`).run(value, seq);
  const r = db.prepare<[number], AuditRow>('SELECT * FROM audit_events WHERE seq = ?').get(seq)!;
  const raw = createHash('sha256')
    .update(`${r.prev_hash}{"actor":"${r.actor}","at":"${r.at}","kind":"${r.kind}","mode":"${r.mode}","payload":${r.payload},"seq":${r.seq},"station":"${r.station}","subjectId":"${r.subject_id}","subjectType":"${r.subject_type}"}`)
    .digest('hex');
  db.prepare('UPDATE audit_events SET hash = ? WHERE seq = ?').run(raw, seq);
  rehashFrom(db, seq + 1, raw);
};

const payload = (seq: number) => (db: Database.Database) => db.prepare(`UPDATE audit_events SET payload = '{"error":"nothing to see","to":"x"}' WHERE seq = ?`).run(seq);
const hashOf = (db: Database.Database, seq: number) => db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck().get(seq) as string;

describe('the chain checked in stretches by worker threads', { timeout: 120_000 }, () => {
  const [first, second, third] = splitRange(1, EVENTS, 3) as [[number, number], [number, number], [number, number]];

  it('cuts the log into stretches whose joins the cases below sit on', () => {
    expect([first, second, third]).toEqual([
      [1, 20],
      [21, 40],
      [41, 60],
    ]);
  });

  it('each worker runs in a small heap (it holds one row at a time): what V8 would let it grow to stayed with the process after it ended', async () => {
    const db = new Database(original, { readonly: true });
    opened.push(db);
    const limits: ResourceLimits[] = [];
    expect(await checkChainParallel(db, { ...PARALLEL, onWorkerLimits: (l) => limits.push(l) })).toMatchObject({ ok: true, events: EVENTS });
    expect(limits).toHaveLength(3);
    for (const l of limits) {
      expect(l.maxOldGenerationSizeMb).toBeLessThanOrEqual(64);
      expect(l.maxYoungGenerationSizeMb).toBeLessThanOrEqual(8);
    }
  });

  it('an intact chain holds, hashed in three workers', async () => {
    const db = tampered(() => undefined);
    const stats = { workers: 0, inThisThread: 0 };
    expect(await checkChainParallel(db, { ...PARALLEL, stats })).toEqual({ events: EVENTS, ok: true, firstBadSeq: null });
    expect(stats).toEqual({ workers: 3, inThisThread: 0 });
  });

  const cases: Array<[string, (db: Database.Database) => void, number | null]> = [
    ['the first event edited', payload(1), 1],
    ['an event in the middle of a stretch edited', payload(30), 30],
    ['the last event edited', payload(EVENTS), EVENTS],
    ['the last event of a stretch edited (a join)', payload(first[1]), first[1]],
    ['the first event of a stretch edited (a join)', payload(second[0]), second[0]],
    ['the first event of a stretch removed (a gap at a join)', (db) => db.prepare('DELETE FROM audit_events WHERE seq = ?').run(second[0]), second[0] + 1],
    ['an event inside a stretch removed (a gap)', (db) => db.prepare('DELETE FROM audit_events WHERE seq = 35').run(), 36],
    ['the last event renumbered past the end', (db) => db.prepare(`UPDATE audit_events SET seq = 100 WHERE seq = ${EVENTS}`).run(), 100],
    ['a row that is not an event any more at a join', (db) => db.prepare(`UPDATE audit_events SET payload = 'not json' WHERE seq = ?`).run(third[0]), third[0]],
    ['a subject type this version does not have', (db) => db.prepare(`UPDATE audit_events SET subject_type = 'parcel' WHERE seq = 44`).run(), 44],
    [
      // Each stretch holds on its own: only the join between them shows the fork.
      'a fork: the second stretch rehashed onto another parent',
      (db) => rehashFrom(db, second[0], hashOf(db, first[1] - 1)),
      second[0],
    ],
    // Rows the stretches hash the exact way (not of the usual form), among rows they hash from their text.
    ['a payload stored with spacing and keys out of order, every hash from it recomputed (it reads as the same event: it holds)', (db) => (db.prepare(`UPDATE audit_events SET payload = '{ "to": "NOTE-30", "error": "event 30" }' WHERE seq = 30`).run(), rehashFrom(db, 30)), null],
    ['a payload with an escape and a fraction, every hash from it recomputed (it holds)', (db) => (db.prepare(`UPDATE audit_events SET payload = '{"error":"\\u00e9v\\n","n":1.5,"to":"x"}' WHERE seq = ?`).run(second[0]), rehashFrom(db, second[0])), null],
    ['an actor with a quote, its hash made over the fields as they are, not as JSON writes them', rawField(30, 'actor', 'operator:"a"'), 30],
    ['a subject ID with a backslash at a join, its hash made over the fields as they are', rawField(second[0], 'subject_id', 'NOTE\\21'), second[0]],
    ['an edit with every later hash recomputed (what no chain can see without an anchor)', (db) => (payload(30)(db), rehashFrom(db, 30)), null],
    ['an edit with its own hash recomputed (the next link breaks)', (db) => (payload(first[1])(db), rehashFrom(db, first[1]), db.prepare('UPDATE audit_events SET prev_hash = ? WHERE seq = ?').run(hashOf(db, first[1] - 1), second[0])), second[0]],
  ];

  for (const [name, change, firstBadSeq] of cases) {
    it(`${name}: the serial walk's verdict, from workers`, async () => {
      const db = tampered(change);
      const stats = { workers: 0, inThisThread: 0 };
      const verdict = await checkChainParallel(db, { ...PARALLEL, stats });
      expect(verdict).toEqual(serialWalk(db));
      expect(verdict.firstBadSeq).toBe(firstBadSeq);
      expect(verdict.ok).toBe(firstBadSeq === null);
      expect(stats.workers).toBe(3);
    });
  }

  it("one worker, never this thread (the station's own check): the serial walk's verdict in every case", async () => {
    for (const [name, change, firstBadSeq] of cases) {
      const db = tampered(change);
      const stats = { workers: 0, inThisThread: 0 };
      const verdict = await checkChainParallel(db, { workers: 1, offThread: true, minEventsPerWorker: 1, stats });
      expect(verdict, name).toEqual(serialWalk(db));
      expect(verdict.firstBadSeq, name).toBe(firstBadSeq);
      expect(stats, name).toEqual({ workers: 1, inThisThread: 0 });
    }
  });

  it('one worker allowed and the stretch shorter than a worker is worth: this thread, as before', async () => {
    const db = tampered(() => undefined);
    const stats = { workers: 0, inThisThread: 0 };
    expect(await checkChainParallel(db, { workers: 1, offThread: true, minEventsPerWorker: EVENTS + 1, stats })).toEqual({ events: EVENTS, ok: true, firstBadSeq: null });
    expect(stats).toEqual({ workers: 0, inThisThread: 1 });
  });

  it('verify --db in parallel gives exactly the serial verdict, problems and warnings included', async () => {
    for (const [name, change] of cases) {
      const db = tampered(change);
      expect(await verifyStoreParallel(db, PARALLEL), name).toEqual(verifyStore(db));
    }
  });
});

describe('the worker in the packaged app', { timeout: 120_000 }, () => {
  const bundled = path.resolve(import.meta.dirname, '../../out/main/chainWorker.cjs');

  it('is chainWorker.cjs beside the Electron main bundle, and chainWorker.ts beside the sources', () => {
    expect(workerFile('file:///opt/mailscreen/resources/app.asar/out/main/electron.cjs').href).toBe('file:///opt/mailscreen/resources/app.asar/out/main/chainWorker.cjs');
    expect(workerFile('file:///work/src/main/store/verify/parallelChain.ts').href).toBe('file:///work/src/main/store/verify/chainWorker.ts');
  });

  it('checks a stretch from the bundle `npm run build` writes, in SQLite by the extension beside it (a worker that cannot start would leave the check to the main thread)', async () => {
    expect(existsSync(bundled), 'out/main/chainWorker.cjs: run `npm run build` first').toBe(true);
    builtChainExtension();
    const report = await new Promise<{ report?: { rows: number; bad: unknown; last: { seq: number } | null }; inSqlite?: boolean; error?: string }>((resolve, reject) => {
      const worker = new Worker(bundled, { workerData: { file: original, from: 1, to: EVENTS, vocabulary: ROW_VOCABULARY } });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(report.error).toBeUndefined();
    expect(report.report).toMatchObject({ rows: EVENTS, bad: null, last: { seq: EVENTS } });
    // The bundle in out/main found out/native/mailscreen_chain.so (nativeExtensionFile from a .cjs).
    expect(report.inSqlite).toBe(true);
  });
});
