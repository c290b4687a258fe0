// The benchmarks' generated store is a store the station could have written: `verify` replays every
// state row from its audit events and finds nothing to report (issue 15, point 5: the generator's
// payloads once did not match its rows, ~302k problems at 1M).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateStore } from '../../bench/generate-store.ts';
import { IncidentRepository, itemRecordRepositories, Store, verifyStore, verifyStoreParallel } from '../../src/main/store/index.ts';
import { captureRefusal } from '../../src/main/core/scaleReadings.ts';
import { tempDir } from '../helpers/station.ts';

const work = tempDir('mailscreen-generate-store-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The verdict of `verify --full` on a generated store, read-only as the CLI opens it. */
async function generatedVerdict(name: string, items: number, suspectShare?: number) {
  const generated = await generateStore(path.join(work, name), items, suspectShare === undefined ? {} : { suspectShare });
  const db = new Database(generated.dbPath, { readonly: true, fileMustExist: true });
  try {
    // verify --full as the CLI runs it: the chain on worker threads while the state worker replays.
    return { generated, verdict: verifyStore(db), full: await verifyStoreParallel(db, { sinceCheckpoint: false }), db: generated.dbPath };
  } finally {
    db.close();
  }
}

describe('generated store', () => {
  it('two generators of one store at once each work apart; the second keeps the first one\'s store; work left by a dead one is removed', async () => {
    const dir = path.join(work, 'twice');
    // A work folder of a generator that was killed (no process has pid 2^22+1 here: above pid_max's default).
    const abandoned = `${dir}.partial-4194305-deadbeef`;
    mkdirSync(abandoned, { recursive: true });
    const [a, b] = await Promise.all([generateStore(dir, 200), generateStore(dir, 200)]);
    expect(existsSync(abandoned)).toBe(false);
    expect(readdirSync(work).filter((name) => name.startsWith('twice.partial'))).toEqual([]);
    expect(a.auditEvents).toBe(b.auditEvents);
    const db = new Database(path.join(dir, 'mailscreen.sqlite'), { readonly: true, fileMustExist: true });
    try {
      expect(verifyStore(db).ok).toBe(true);
    } finally {
      db.close();
    }
    expect(JSON.parse(readFileSync(path.join(dir, 'generated.json'), 'utf8'))).toMatchObject({ items: 200, auditEvents: a.auditEvents });
  });

  it('verifies clean: the chain holds and every state table is what its events say (500 items)', async () => {
    const { generated, verdict } = await generatedVerdict('plain', 500);
    expect(verdict.problems).toEqual([]);
    expect(verdict.moreProblems ?? 0).toBe(0);
    expect(verdict.catalogWarnings ?? []).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.events).toBe(generated.auditEvents);
    expect(generated.auditEvents).toBeGreaterThan(500 * 5);
  });

  it('verifies clean with many incidents (open and closed, steps, entries, custody transfers)', async () => {
    const { generated, verdict, full } = await generatedVerdict('suspects', 2000, 0.1);
    expect(full.problems).toEqual([]);
    expect(full.moreProblems ?? 0).toBe(0);
    expect(full.catalogWarnings ?? []).toEqual([]);
    expect(full.ok).toBe(true);
    expect(full.events).toBe(generated.auditEvents);
    expect(generated.incidents).toBeGreaterThan(100);
    expect(generated.openIncidents).toBeGreaterThan(0);
    expect(generated.openIncidents).toBeLessThan(generated.incidents);
    expect(verdict.problems).toEqual([]);
    expect(verdict.catalogWarnings ?? []).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it("reads back through the station's own repositories: every stored JSON value passes the schema the station reads it with", async () => {
    // verify compares what the events say with the rows, not whether each row parses as the
    // station reads it: a weighing's stored scale reading once lacked its condition (the station
    // refused every generated item's detail with StoredRecordInvalid) and verify was clean.
    const { generated, db: file } = await generatedVerdict('readback', 400, 0.05);
    const store = Store.open(file);
    try {
      const records = itemRecordRepositories(store.db);
      const incidents = new IncidentRepository(store.db);
      const custodyIds = store.db.prepare('SELECT custody_id FROM items ORDER BY custody_id').pluck().all() as string[];
      expect(custodyIds).toHaveLength(400);
      let weighings = 0;
      for (const custodyId of custodyIds) {
        expect(store.items.byCustodyId(custodyId)?.custodyId).toBe(custodyId);
        expect(store.items.extras(custodyId)).not.toBeNull();
        for (const weight of records.weighings.forItem(custodyId)) {
          weighings += 1;
          // A reading the weigh step itself would have captured: stable, its grams the row's.
          expect(weight.source).toBe('scale');
          expect(weight.reading).not.toBeNull();
          expect(captureRefusal(weight.reading!)).toBeNull();
          expect(weight.reading!.grams).toBe(weight.grams);
          expect(weight.reading!.at).toBe(weight.at);
        }
        records.step_skips.forItem(custodyId);
        records.inspections.latest(custodyId);
        records.xray_scans.forItem(custodyId);
        records.custody_transfers.forItem(custodyId);
        records.custody_transfers.currentHolder(custodyId);
        records.item_recipients.latest(custodyId);
      }
      expect(weighings).toBeGreaterThan(300);
      const incidentIds = store.db.prepare('SELECT id FROM incidents').pluck().all() as number[];
      expect(incidentIds.length).toBe(generated.incidents);
      expect(incidentIds.length).toBeGreaterThan(5);
      for (const id of incidentIds) {
        expect(incidents.byId(id)?.id).toBe(id);
        incidents.acknowledgements(id);
        for (const kind of ['person', 'notification', 'witness', 'responder'] as const) incidents.entries(id, kind);
      }
    } finally {
      store.close();
    }
  });

  it('is a station store: the schema a new store has, intact, and opened by the station as it is', async () => {
    const { db: file } = await generatedVerdict('schema', 300, 0.05);
    const fresh = Store.open(path.join(work, 'fresh.sqlite'));
    const schemaOf = (db: Database.Database) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(schemaOf(db)).toEqual(schemaOf(fresh.db));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
      fresh.close();
    }
    const reopened = Store.open(file);
    try {
      expect(reopened.db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(300);
      // The chain's UNIQUE hash is enforced (the generator builds its index after the load).
      const last = reopened.db.prepare('SELECT * FROM audit_events ORDER BY seq DESC LIMIT 1').get() as Record<string, unknown>;
      expect(() => reopened.db.prepare('INSERT INTO audit_events (seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash) VALUES (@seq, @at, @actor, @station, @kind, @subject_type, @subject_id, @mode, @payload, @prev_hash, @hash)').run({ ...last, seq: Number(last.seq) + 1 })).toThrow(/UNIQUE constraint failed: audit_events\.hash/);
    } finally {
      reopened.close();
    }
  });
});
