import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/store/index.ts';
import { tempDir } from '../helpers/station.ts';

let store: Store | undefined;
afterEach(() => store?.close());

const metaCount = (s: Store, key: string) => s.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM station_meta WHERE key = ?').get(key)!.n;
const putMeta = (s: Store, key: string) => s.db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?)').run(key, 'v');

// Store.transaction keeps one better-sqlite3 transaction function for every call (issue 15, point 4):
// each call must still run its own work, and nesting must still be a savepoint.
describe('Store.transaction with one transaction function for every call', () => {
  it('runs the work passed to each call, never an earlier one, and returns what it returned', () => {
    store = Store.open(path.join(tempDir(), 'tx.sqlite'));
    const s = store;
    const ran: string[] = [];
    expect(s.transaction(() => (ran.push('first'), 1))).toBe(1);
    expect(s.transaction(() => (ran.push('second'), 'two'))).toBe('two');
    expect(s.transaction(() => ({ three: 3 }))).toEqual({ three: 3 });
    expect(ran).toEqual(['first', 'second']);
  });

  it('commits a work that returns, rolls back one that throws, and the next call still commits', () => {
    store = Store.open(path.join(tempDir(), 'tx-rollback.sqlite'));
    const s = store;
    s.transaction(() => putMeta(s, 'kept'));
    expect(() =>
      s.transaction(() => {
        putMeta(s, 'lost');
        throw new Error('refused');
      }),
    ).toThrow('refused');
    s.transaction(() => putMeta(s, 'after'));
    expect([metaCount(s, 'kept'), metaCount(s, 'lost'), metaCount(s, 'after')]).toEqual([1, 0, 1]);
    expect(s.db.inTransaction).toBe(false);
  });

  it('makes a nested call a savepoint: its failure rolls back its own writes alone', () => {
    store = Store.open(path.join(tempDir(), 'tx-nested.sqlite'));
    const s = store;
    s.transaction(() => {
      putMeta(s, 'outer');
      expect(() =>
        s.transaction(() => {
          putMeta(s, 'inner');
          throw new Error('inner refused');
        }),
      ).toThrow('inner refused');
      s.transaction(() => putMeta(s, 'inner-kept'));
      expect(s.db.inTransaction).toBe(true);
    });
    expect([metaCount(s, 'outer'), metaCount(s, 'inner'), metaCount(s, 'inner-kept')]).toEqual([1, 0, 1]);
  });

  it('refuses a work that returns a promise, and records nothing of it', () => {
    store = Store.open(path.join(tempDir(), 'tx-promise.sqlite'));
    const s = store;
    expect(() => s.transaction(() => (putMeta(s, 'async'), Promise.resolve()))).toThrow(/promise/);
    expect(metaCount(s, 'async')).toBe(0);
  });
});
