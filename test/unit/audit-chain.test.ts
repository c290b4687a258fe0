import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AuditLog, migrate, openDatabase, Store } from '../../src/main/store/index.ts';
import { MIGRATIONS } from '../../src/main/store/migrations/index.ts';
import { auditHash } from '../../src/main/store/auditChain.ts';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { GENESIS_HASH } from '../../src/shared/contract/index.ts';
import { tempDir } from '../helpers/station.ts';
import { runCli } from '../helpers/cli.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';

let store: Store | undefined;
afterEach(() => store?.close());

function appendEvents(s: Store, n: number): void {
  for (let i = 0; i < n; i += 1) {
    s.transaction(() =>
      // Events that claim no state row: verify also compares the state tables with the events.
      s.audit.append({ actor: 'operator:a', kind: 'records.backupFailed', subjectType: 'station', subjectId: `NOTE-${i}`, mode: 'live', payload: { to: `NOTE-${i}`, error: `event ${i}` } }),
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
    expect(() => store!.audit.append(uncatalogued({ actor: 'x', kind: 'k', subjectType: 'item', subjectId: 'i', mode: 'live', payload: {} }))).toThrow(/inside the transaction/);
  });

  it('rolls back with the state change it records', () => {
    store = Store.open(path.join(tempDir(), 'rollback.sqlite'));
    expect(() =>
      store!.transaction(() => {
        store!.audit.append(uncatalogued({ actor: 'x', kind: 'k', subjectType: 'item', subjectId: 'i', mode: 'live', payload: {} }));
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

describe('genesis event', () => {
  it('is written once, when the store is made, and not again when it is reopened', () => {
    const file = path.join(tempDir(), 'genesis.sqlite');
    store = Store.open(file);
    const stationId = store.stationId;
    store.close();
    store = Store.open(file);
    const kinds = [...store.audit.events()].map((e) => [e.kind, e.subjectId]);
    expect(kinds).toEqual([['station.initialized', stationId]]);
  });

  it('a database from before genesis events verifies from its first event, with a warning, and gets no genesis later', () => {
    const file = path.join(tempDir(), 'legacy.sqlite');
    const db = openDatabase(file);
    const log = new AuditLog(db, 'ST-OLD', () => new Date());
    db.transaction(() => log.append(uncatalogued({ actor: 'x', kind: 'test.noted', subjectType: 'station', subjectId: 'ST-OLD', mode: 'live', payload: {} })))();
    db.close();
    store = Store.open(file);
    expect([...store.audit.events()].map((e) => e.kind)).toEqual(['test.noted']);
    store.close();
    const result = runCli(['verify', '--db', file]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ events: 1, ok: true, genesis: false, warnings: [expect.stringMatching(/predates genesis events/)] });
  });

  it('a second genesis event later in the chain fails verify', () => {
    const file = path.join(tempDir(), 'second.sqlite');
    store = Store.open(file);
    store.transaction(() => store!.audit.append(uncatalogued({ actor: 'x', kind: 'station.initialized', subjectType: 'station', subjectId: 'ST-X', mode: 'live', payload: {} })));
    store.close();
    const result = runCli(['verify', '--db', file]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, problems: [expect.stringMatching(/event 2 is a second genesis event/)] });
  });
});

describe('verify CLI: usage and outside heads it cannot use', () => {
  function chain(): string {
    const file = path.join(tempDir(), 'usage.sqlite');
    Store.open(file).close();
    return file;
  }

  it('--help says what verify detects and what it cannot', () => {
    const result = runCli(['verify', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/What it detects:/);
    expect(result.stdout).toMatch(/What it cannot detect:/);
    expect(result.stdout).toMatch(/without an outside head: removal of the newest events/);
  });

  it('a malformed --head is one line, exit 2', () => {
    const file = chain();
    for (const head of ['12', '12:abc', `0:${'a'.repeat(64)}`, `x:${'a'.repeat(64)}`]) {
      const result = runCli(['verify', '--db', file, '--head', head]);
      expect(result.status, head).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n'), head).toHaveLength(1);
      expect(result.stderr).toMatch(/--head takes <seq>:<sha256>/);
    }
  });

  it('a head the chain does not have fails, exit 1', () => {
    const result = runCli(['verify', '--db', chain(), '--head', `1:${'a'.repeat(64)}`]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, anchor: { seq: 1, ok: false, source: '--head' } });
  });

  it('--against a file or folder it cannot use is one line naming it, exit 2, and never hangs on a FIFO', () => {
    const file = chain();
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'hello\nworld\n');
    writeFileSync(path.join(dir, 'other.json'), '{"format":"something-else/1"}');
    writeFileSync(path.join(dir, 'old.pdf'), '%PDF-1.3\n% no head in here\n');
    writeFileSync(path.join(dir, 'broken.jsonl'), '{"seq":1}\n{"chainHead":{"seq":1,"hash":"00"}}\n');
    mkdirSync(path.join(dir, 'empty-folder'));
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    for (const [name, why] of [
      ['missing.json', /no such file/],
      ['notes.txt', /is not a backup folder or manifest, an audit export or a Mailscreen report PDF/],
      ['other.json', /not a Mailscreen backup manifest/],
      ['old.pdf', /carries no Mailscreen chain head/],
      ['broken.jsonl', /not an intact audit export/],
      ['empty-folder', /has no manifest\.json/],
      ['fifo', /not a regular file/],
    ] as const) {
      const result = runCli(['verify', '--db', file, '--against', path.join(dir, name)]);
      expect(result.status, name).toBe(2);
      expect(result.stdout, name).toBe('');
      expect(result.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(result.stderr, name).toMatch(why);
    }
  });

  it('a file that is not a station database is one line, exit 2; a station database whose log table was dropped fails, exit 1', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'text.sqlite'), 'not a database at all');
    const other = new Database(path.join(dir, 'other.sqlite'));
    other.exec('CREATE TABLE t (a)');
    other.close();
    for (const name of ['text.sqlite', 'other.sqlite']) {
      const result = runCli(['verify', '--db', path.join(dir, name)]);
      expect(result.status, name).toBe(2);
      expect(result.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(result.stderr, name).toMatch(/station database|not a Mailscreen station/);
    }
    const file = chain();
    const dropped = new Database(file);
    dropped.exec('DROP TABLE audit_events');
    dropped.close();
    const result = runCli(['verify', '--db', file]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, problems: ['no audit log: the audit_events table is missing'] });
  });

  it('a database of an early schema (never migrated: verify opens read-only) is compared where it can be, with a warning', () => {
    const file = path.join(tempDir(), 'early.sqlite');
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO station_meta (key, value) VALUES ('station_id', 'ST-EARLY')").run();
    const log = new AuditLog(db, 'ST-EARLY', () => new Date());
    db.transaction(() => log.append(uncatalogued({ actor: 'station', kind: 'station.initialized', subjectType: 'station', subjectId: 'ST-EARLY', mode: 'live', payload: {} })))();
    db.close();
    const result = runCli(['verify', '--db', file]);
    expect(result.status, result.stderr).toBe(0);
    // Each table whose replay needs a later migration's columns (operators gained active and must_change_pin in 007) says so.
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: true,
      warnings: [expect.stringMatching(/^items was not compared: this database's schema is older/), expect.stringMatching(/^operators was not compared: this database's schema is older/)],
    });
  });

  it('--head and --against together are refused', () => {
    expect(runCli(['verify', '--db', chain(), '--head', `1:${'a'.repeat(64)}`, '--against', 'x'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/one outside head: .*not two/) });
  });
});
