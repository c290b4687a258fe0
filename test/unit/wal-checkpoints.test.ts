// The WAL is copied back into the database file at idle moments, not inside whichever commit
// crosses SQLite's 1000 pages (issue 15: that scan waited for the checkpoint's writes and fsync).
import { copyFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/main/store/index.ts';
import { migrate } from '../../src/main/store/migrate.ts';
import { BACKSTOP_CHECKPOINT_PAGES } from '../../src/main/store/walCheckpoints.ts';
import { tempDir } from '../helpers/station.ts';

let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
  vi.useRealTimers();
});

/** A commit that writes about `pages` new pages (a 4 KiB row each), through the store's transaction. */
function commitPages(s: Store, pages: number): void {
  s.transaction(() => {
    const insert = s.db.prepare('INSERT INTO filler (body) VALUES (?)');
    for (let i = 0; i < pages; i += 1) insert.run('x'.repeat(4000));
  });
}

function openWithFiller(file: string): Store {
  const s = Store.open(file);
  s.db.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  // Start from an empty WAL, so the database file's size says what has been checkpointed since.
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  return s;
}

describe('WAL checkpoints at idle moments', () => {
  it('no commit checkpoints while the writes keep coming, well past the 1000 pages SQLite would checkpoint at', () => {
    vi.useFakeTimers();
    const file = path.join(tempDir(), 'wal.sqlite');
    store = openWithFiller(file);
    const before = statSync(file).size;
    // 60 commits of about 25 pages: 1500 pages, with no idle moment between them.
    for (let i = 0; i < 60; i += 1) commitPages(store, 25);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1500 * 4096);
    // Nothing was copied into the database file by a commit (SQLite's own checkpoint would have grown it).
    expect(statSync(file).size).toBe(before);
    expect(store.walCheckpoints?.stats).toMatchObject({ checkpoints: 0, pendingCommits: 60 });
  });

  it('checkpoints once the writes stop for a moment, and everything committed is in the database file', () => {
    vi.useFakeTimers();
    const file = path.join(tempDir(), 'wal.sqlite');
    store = openWithFiller(file);
    const before = statSync(file).size;
    for (let i = 0; i < 40; i += 1) commitPages(store, 10);
    vi.advanceTimersByTime(499);
    expect(store.walCheckpoints?.stats.checkpoints).toBe(0);
    vi.advanceTimersByTime(1);
    expect(store.walCheckpoints?.stats).toEqual({ checkpoints: 1, pendingCommits: 0, lastFailure: null });
    expect(statSync(file).size).toBeGreaterThan(before + 400 * 4000);
    // The database file alone (the WAL set aside) holds every row: the checkpoint copied them all.
    const copy = path.join(tempDir(), 'copy.sqlite');
    copyFileSync(file, copy);
    const alone = new Database(copy, { readonly: true });
    try {
      expect(alone.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 400 });
    } finally {
      alone.close();
    }
  });

  it('a few commits wait for a longer rest, then are checkpointed too', () => {
    vi.useFakeTimers();
    const file = path.join(tempDir(), 'wal.sqlite');
    store = openWithFiller(file);
    commitPages(store, 3);
    vi.advanceTimersByTime(5_000);
    expect(store.walCheckpoints?.stats.checkpoints).toBe(0);
    vi.advanceTimersByTime(30_000);
    expect(store.walCheckpoints?.stats).toMatchObject({ checkpoints: 1, pendingCommits: 0 });
  });

  it('a nested transaction is not a commit; one held open at the idle moment delays the checkpoint until it ends', () => {
    vi.useFakeTimers();
    const file = path.join(tempDir(), 'wal.sqlite');
    store = openWithFiller(file);
    const s = store;
    s.transaction(() => s.transaction(() => commitPages(s, 1)));
    expect(s.walCheckpoints?.stats.pendingCommits).toBe(1);
    for (let i = 0; i < 40; i += 1) commitPages(s, 1);
    s.db.exec('BEGIN IMMEDIATE');
    vi.advanceTimersByTime(500);
    expect(s.walCheckpoints?.stats.checkpoints).toBe(0);
    s.db.exec('COMMIT');
    vi.advanceTimersByTime(500);
    expect(s.walCheckpoints?.stats.checkpoints).toBe(1);
  });

  it('a closed store checkpoints no more (its timer is gone), and SQLite still checkpoints at close', () => {
    vi.useFakeTimers();
    const file = path.join(tempDir(), 'wal.sqlite');
    store = openWithFiller(file);
    for (let i = 0; i < 40; i += 1) commitPages(store, 2);
    store.close();
    expect(vi.getTimerCount()).toBe(0);
    // The last connection's close copies the WAL back and removes it.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new Database(file, { readonly: true });
    try {
      expect(reopened.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 80 });
    } finally {
      reopened.close();
    }
  });

  it('keeps SQLite’s own checkpoint as a backstop for a flood', () => {
    const file = path.join(tempDir(), 'wal.sqlite');
    store = openWithFiller(file);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_CHECKPOINT_PAGES);
    // Durability as before: WAL, synchronous=FULL.
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('an in-memory store has no WAL to checkpoint', () => {
    const db = new Database(':memory:');
    migrate(db);
    store = new Store(db);
    expect(store.walCheckpoints).toBeNull();
  });
});
