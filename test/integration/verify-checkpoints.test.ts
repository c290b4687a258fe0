// The everyday check hashes only what is new since the station's last verified checkpoint; the
// checkpoint cannot be used to hide an edit after it or of its own event, and `verify --full`
// still finds an edit before it (issue 15, point 1).
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { startStation } from '../../src/main/core/startStation.ts';
import { auditHash } from '../../src/main/store/auditChain.ts';
import { rowToAuditEvent, type AuditRow } from '../../src/main/store/auditLog.ts';
import { ChainWatch, latestCheckpoint, Store, verifySinceCheckpoint, type IncrementalVerdict, type StoreVerdict } from '../../src/main/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/station.ts';

const work = tempDir('mailscreen-verify-checkpoints-');

function append(store: Store, from: number, to: number): void {
  for (let i = from; i <= to; i += 1) {
    store.transaction(() => store.audit.append({ actor: 'operator:a', kind: 'records.backupFailed', subjectType: 'station', subjectId: `NOTE-${i}`, mode: 'live', payload: { to: `NOTE-${i}`, error: `event ${i}` } }));
  }
}

/** A station log of 40 events whose station verified it at event 30 (a checkpoint), then wrote ten more. */
async function checkpointedAt30(): Promise<string> {
  const file = path.join(tempDir(), 'station.sqlite');
  const store = Store.open(file);
  append(store, 2, 30);
  const results: IncrementalVerdict[] = [];
  const watch = new ChainWatch({ db: store.db, onResult: (v) => results.push(v), onError: (e) => { throw e; } });
  expect(await watch.checkNow()).toMatchObject({ ok: true, checkedFrom: null, head: { seq: 30 } });
  append(store, 31, 40);
  store.close();
  return file;
}

let copies = 0;
function tampered(file: string, change: (db: Database.Database) => void): string {
  copies += 1;
  const copy = path.join(work, `copy-${copies}.sqlite`);
  copyFileSync(file, copy);
  const db = new Database(copy);
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  change(db);
  db.close();
  return copy;
}

function everyday(file: string): IncrementalVerdict {
  const db = new Database(file, { readonly: true });
  try {
    return verifySinceCheckpoint(db);
  } finally {
    db.close();
  }
}

function cli(file: string, ...extra: string[]): { status: number | null; verdict: StoreVerdict } {
  const result = runCli(['verify', '--db', file, ...extra]);
  return { status: result.status, verdict: JSON.parse(result.stdout) as StoreVerdict };
}

const editPayload = (seq: number) => (db: Database.Database) => db.prepare(`UPDATE audit_events SET payload = '{"error":"nothing to see","to":"x"}' WHERE seq = ?`).run(seq);
function rehashFrom(db: Database.Database, fromSeq: number): void {
  let prev = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck().get(fromSeq - 1) as string;
  for (const row of db.prepare<[number], AuditRow>('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq').all(fromSeq)) {
    const { prevHash: _p, hash: _h, ...body } = rowToAuditEvent(row);
    const hash = auditHash(prev, body);
    db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
    prev = hash;
  }
}

describe('checkpoints and the everyday check', { timeout: 180_000 }, () => {
  it('the station records the head it verified, and next time hashes only what came after', async () => {
    const file = path.join(tempDir(), 'station.sqlite');
    const store = Store.open(file);
    append(store, 2, 30);
    const watch = new ChainWatch({ db: store.db, now: () => new Date('2026-03-01T10:00:00Z'), onResult: () => undefined, onError: (e) => { throw e; } });
    expect(await watch.checkNow()).toMatchObject({ ok: true, events: 30, checkedFrom: null });
    expect(latestCheckpoint(store.db)).toMatchObject({ seq: 30, at: '2026-03-01T10:00:00.000Z' });
    append(store, 31, 35);
    expect(await watch.checkNow()).toMatchObject({ ok: true, events: 5, checkedFrom: { seq: 30 }, head: { seq: 35 } });
    expect(latestCheckpoint(store.db)).toMatchObject({ seq: 35 });
    store.close();
  });

  it('an event after the checkpoint edited: found by the everyday check and by verify, with or without --full', async () => {
    const file = tampered(await checkpointedAt30(), editPayload(35));
    expect(everyday(file)).toMatchObject({ ok: false, firstBadSeq: 35, checkedFrom: { seq: 30 } });
    expect(cli(file)).toMatchObject({ status: 1, verdict: { ok: false, firstBadSeq: 35, checkedFrom: { seq: 30 } } });
    expect(cli(file, '--full')).toMatchObject({ status: 1, verdict: { ok: false, firstBadSeq: 35 } });
  });

  it('the checkpoint event edited: found, whether its hash was left or recomputed with every later one', async () => {
    const base = await checkpointedAt30();
    const edited = tampered(base, editPayload(30));
    expect(everyday(edited)).toMatchObject({ ok: false, firstBadSeq: 30, problems: [expect.stringMatching(/event 30, verified as a checkpoint at .*, was altered since/)] });
    expect(cli(edited)).toMatchObject({ status: 1, verdict: { ok: false, firstBadSeq: 30 } });
    const rehashed = tampered(base, (db) => (editPayload(30)(db), rehashFrom(db, 30)));
    expect(everyday(rehashed)).toMatchObject({ ok: false, firstBadSeq: 30, problems: [expect.stringMatching(/no longer has the hash it had then: the chain was rewritten/)] });
    expect(cli(rehashed)).toMatchObject({ status: 1, verdict: { ok: false, problems: [expect.stringMatching(/event 30, verified as a checkpoint/)] } });
    const removed = tampered(base, (db) => db.prepare('DELETE FROM audit_events WHERE seq >= 30').run());
    expect(everyday(removed)).toMatchObject({ ok: false, firstBadSeq: 30, problems: [expect.stringMatching(/event 30, verified as a checkpoint at .*, is gone/)] });
  });

  it('an event before the checkpoint edited: the everyday check does not hash it (as documented), verify --full finds it', async () => {
    const file = tampered(await checkpointedAt30(), editPayload(10));
    expect(everyday(file)).toMatchObject({ ok: true, events: 10, checkedFrom: { seq: 30 } });
    expect(cli(file)).toMatchObject({ status: 0, verdict: { ok: true, checkedFrom: { seq: 30 } } });
    const full = cli(file, '--full');
    expect(full).toMatchObject({ status: 1, verdict: { ok: false, firstBadSeq: 10, problems: [expect.stringMatching(/breaks at event 10/)] } });
    expect(full.verdict.checkedFrom).toBeUndefined();
  });

  it('a checkpoint someone moved onto a forged event does not pass: its event is re-checked against its content', async () => {
    const file = tampered(await checkpointedAt30(), (db) => {
      editPayload(35)(db);
      db.prepare("INSERT INTO audit_checkpoints (seq, hash, at) VALUES (35, (SELECT hash FROM audit_events WHERE seq = 35), '2026-03-02T00:00:00.000Z')").run();
    });
    expect(everyday(file)).toMatchObject({ ok: false, firstBadSeq: 35 });
    expect(cli(file)).toMatchObject({ status: 1 });
  });

  it('a check that fails records no checkpoint', async () => {
    const file = tampered(await checkpointedAt30(), editPayload(35));
    const store = Store.open(file);
    const results: IncrementalVerdict[] = [];
    const watch = new ChainWatch({ db: store.db, onResult: (v) => results.push(v), onError: (e) => { throw e; } });
    expect(await watch.checkNow()).toMatchObject({ ok: false, firstBadSeq: 35 });
    expect(results).toHaveLength(1);
    expect(latestCheckpoint(store.db)).toMatchObject({ seq: 30 });
    store.close();
  });

  it("the station's check hashes a long stretch in one worker thread (a second one's memory took a first opening past 200 MB), not in the station's own thread", async () => {
    const file = path.join(tempDir(), 'station.sqlite');
    const store = Store.open(file);
    append(store, 2, 40);
    const stats = { workers: 0, inThisThread: 0 };
    const watch = new ChainWatch({ db: store.db, parallel: { minEventsPerWorker: 10, stats }, onResult: () => undefined, onError: (e) => { throw e; } });
    expect(await watch.checkNow()).toMatchObject({ ok: true, events: 40, head: { seq: 40 } });
    expect(stats).toEqual({ workers: 1, inThisThread: 0 });
    expect(latestCheckpoint(store.db)).toMatchObject({ seq: 40 });
    store.close();
  });

  it('--full is for a database only', () => {
    const result = runCli(['verify', '--export', path.join(work, 'x.jsonl'), '--full']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--full check a database/);
  });
});

describe('the station checks its chain at start', { timeout: 120_000 }, () => {
  it('a started station records a checkpoint at its head; a log edited while it was off is reported at the next start', async () => {
    const data = tempDir('mailscreen-chain-watch-');
    const file = path.join(data, 'mailscreen.sqlite');
    const first = await startStation({ dataDir: data, demo: false, version: 'test' });
    await expect.poll(() => latestCheckpoint(first.station.store.db), { timeout: 60_000 }).toMatchObject({ seq: 1 });
    await first.close();
    const writer = new Database(file);
    writer.exec('DROP TRIGGER audit_events_no_update');
    writer.prepare(`UPDATE audit_events SET actor = 'mallory' WHERE seq = 1`).run();
    writer.close();
    const said: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      said.push(String(chunk));
      return true;
    });
    try {
      const second = await startStation({ dataDir: data, demo: false, version: 'test' });
      await expect.poll(() => said.join(''), { timeout: 60_000 }).toMatch(/audit chain: event 1, verified as a checkpoint at .*, was altered since/);
      await second.close();
    } finally {
      write.mockRestore();
    }
  });
});
