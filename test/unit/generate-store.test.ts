// The benchmarks' generated store is a store the station could have written: `verify` replays every
// state row from its audit events and finds nothing to report (issue 15, point 5: the generator's
// payloads once did not match its rows, ~302k problems at 1M).
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateStore } from '../../bench/generate-store.ts';
import { Store, verifyStore } from '../../src/main/store/index.ts';
import { tempDir } from '../helpers/station.ts';

const work = tempDir('mailscreen-generate-store-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The verdict of `verify --full` on a generated store, read-only as the CLI opens it. */
async function generatedVerdict(name: string, items: number, suspectShare?: number) {
  const generated = await generateStore(path.join(work, name), items, suspectShare === undefined ? {} : { suspectShare });
  const db = new Database(generated.dbPath, { readonly: true, fileMustExist: true });
  try {
    return { generated, verdict: verifyStore(db), db: generated.dbPath };
  } finally {
    db.close();
  }
}

describe('generated store', () => {
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
    const { generated, verdict } = await generatedVerdict('suspects', 2000, 0.1);
    expect(generated.incidents).toBeGreaterThan(100);
    expect(generated.openIncidents).toBeGreaterThan(0);
    expect(generated.openIncidents).toBeLessThan(generated.incidents);
    expect(verdict.problems).toEqual([]);
    expect(verdict.catalogWarnings ?? []).toEqual([]);
    expect(verdict.ok).toBe(true);
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
