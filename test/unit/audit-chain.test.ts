import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Store } from '../../src/main/store/index.ts';
import { auditHash } from '../../src/main/store/auditChain.ts';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { GENESIS_HASH } from '../../src/shared/contract/index.ts';
import { tempDir } from '../helpers/station.ts';
import { runCli } from '../helpers/cli.ts';

let store: Store | undefined;
afterEach(() => store?.close());

function appendEvents(s: Store, n: number): void {
  for (let i = 0; i < n; i += 1) {
    s.transaction(() =>
      // Events that claim no state row: verify also compares the state tables with the events.
      s.audit.append({ actor: 'operator:a', kind: 'test.noted', subjectType: 'station', subjectId: `NOTE-${i}`, mode: 'live', payload: { i, note: `event ${i}` } }),
    );
  }
}

describe('audit chain', () => {
  it('links each event to the one before with SHA-256 over the previous hash and canonical JSON', () => {
    store = Store.open(path.join(tempDir(), 'chain.sqlite'));
    appendEvents(store, 3);
    // The store's own genesis event comes first (issue 10: an empty chain must not verify).
    const [genesis, ...events] = [...store.audit.events()];
    expect(genesis).toMatchObject({ seq: 1, kind: 'station.initialized', subjectType: 'station', subjectId: store.stationId, prevHash: GENESIS_HASH });
    expect(events.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(events[0]!.prevHash).toBe(genesis!.hash);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    const { prevHash, hash, ...body } = events[2]!;
    expect(prevHash).toBe(events[1]!.hash);
    expect(hash).toBe(auditHash(prevHash, body));
    expect(store.audit.verify()).toEqual({ events: 4, ok: true, firstBadSeq: null });
  });

  it('canonical JSON does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
      { numRuns: 500 },
    );
  });

  it('is written only inside the transaction that changes state', () => {
    store = Store.open(path.join(tempDir(), 'outside.sqlite'));
    expect(() => store!.audit.append({ actor: 'x', kind: 'k', subjectType: 'item', subjectId: 'i', mode: 'live', payload: {} })).toThrow(/inside the transaction/);
  });

  it('rolls back with the state change it records', () => {
    store = Store.open(path.join(tempDir(), 'rollback.sqlite'));
    expect(() =>
      store!.transaction(() => {
        store!.audit.append({ actor: 'x', kind: 'k', subjectType: 'item', subjectId: 'i', mode: 'live', payload: {} });
        throw new Error('the state change failed');
      }),
    ).toThrow('the state change failed');
    expect([...store.audit.events()].map((e) => e.kind)).toEqual(['station.initialized']);
  });

  it('refuses UPDATE and DELETE on the audit log', () => {
    store = Store.open(path.join(tempDir(), 'triggers.sqlite'));
    appendEvents(store, 2);
    expect(() => store!.db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => store!.db.prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(/append-only/);
    expect(store.audit.verify().ok).toBe(true);
  });
});

describe('verify CLI', () => {
  function tamper(file: string, sql: string): void {
    const db = new Database(file);
    db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
    db.exec(sql);
    db.close();
  }

  function makeChain(n: number): string {
    const file = path.join(tempDir(), 'cli.sqlite');
    const s = Store.open(file);
    appendEvents(s, n);
    s.close();
    return file;
  }

  it('prints one JSON line and exits 0 on an intact chain', () => {
    const file = makeChain(10);
    const result = runCli(['verify', '--db', file]);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toHaveLength(2);
    // The genesis event and the ten; what failed would be listed in problems.
    expect(JSON.parse(result.stdout)).toEqual({ events: 11, ok: true, firstBadSeq: null, genesis: true, chainHead: { seq: 11, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }, problems: [], warnings: [] });
  });

  it('names the exact event whose payload was altered, and exits 1', () => {
    const file = makeChain(10);
    tamper(file, `UPDATE audit_events SET payload = '{"i":6,"note":"nothing to see"}' WHERE seq = 7`);
    const result = runCli(['verify', '--db', file]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ events: 7, ok: false, firstBadSeq: 7, problems: [expect.stringMatching(/breaks at event 7/)] });
  });

  it('names the event after a deleted one', () => {
    const file = makeChain(10);
    tamper(file, 'DELETE FROM audit_events WHERE seq = 4');
    const result = runCli(['verify', '--db', file]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('catches an altered event even when its own hash was recomputed (the next link breaks)', () => {
    const file = makeChain(5);
    const db = new Database(file);
    const row = db.prepare('SELECT * FROM audit_events WHERE seq = 2').get() as Record<string, string | number>;
    const body = { seq: 2, at: row.at, actor: 'operator:mallory', station: row.station, kind: row.kind, subjectType: row.subject_type, subjectId: row.subject_id, mode: row.mode, payload: JSON.parse(String(row.payload)) };
    db.close();
    const forged = auditHash(String(row.prev_hash), body as never);
    tamper(file, `UPDATE audit_events SET actor = 'operator:mallory', hash = '${forged}' WHERE seq = 2`);
    const result = runCli(['verify', '--db', file]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('says clearly when the database does not exist', () => {
    const result = runCli(['verify', '--db', '/nonexistent/station.sqlite']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no database/);
  });
});
