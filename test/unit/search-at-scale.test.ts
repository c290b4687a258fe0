// Search at scale (issue 15, point 2): recipient and free-text pages read straight off the
// recipient index in rowid order, exact even when items were recorded out of time order; keyset
// pages that neither skip nor repeat; each kind's query plan; migration 010 on an existing store.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, readerOf, Store } from '../../src/main/store/index.ts';
import { MIGRATIONS } from '../../src/main/store/migrations/index.ts';
import { LATE_ITEMS_PUSHED_ASIDE_AT_MOST } from '../../src/main/store/migrations/010-search-indexes.ts';
import { ItemSearchService, type ItemSearch } from '../../src/main/records/index.ts';
import { newCustodyId } from '../../src/shared/domain/index.ts';
import { tempDir } from '../helpers/station.ts';
import { rng } from '../../bench/seededRandom.ts';

const SURNAMES = ['Müller', 'Muller', 'Mullen', 'Quinn', 'Quint', 'Wickham', 'Smith', 'Smithers', 'Berg', 'Lindqvist'];
const FIRST = ['Ana', 'Ben', 'Chen', 'Jürgen'];

let serial = 0;
/** Inserts an item row directly (any schema version from 4 on), as intake and the bench generator do. */
function insertItem(db: Database.Database, o: { receivedAt: string; recipient?: string | null; state?: string; code?: string; custodyId?: string }): string {
  serial += 1;
  const custodyId = o.custodyId ?? `T${String(serial).padStart(6, '0')}${String.fromCharCode(65 + (serial * 7) % 26)}`;
  const code = o.code ?? `CODE-${serial}`;
  db.prepare(
    `INSERT INTO items (custody_id, tracking_number, carrier, scanned_code, match_key, symbology, state, mode, received_at, updated_at, received_by, recipient)
     VALUES (?, ?, NULL, ?, ?, NULL, ?, 'live', ?, ?, 'operator:t', ?)`,
  ).run(custodyId, o.code ?? null, code, code, o.state ?? 'DELIVERED', o.receivedAt, o.receivedAt, o.recipient ?? null);
  return custodyId;
}

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1) + minute * 60_000).toISOString();

/** The plain answer: every match sorted, no use of rowid order. */
function reference(db: Database.Database, q: { match?: string; code?: string; from?: string; before?: string }): string[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const fts = 'rowid IN (SELECT rowid FROM items_recipient_fts WHERE items_recipient_fts MATCH ?)';
  if (q.code !== undefined) {
    where.push(`(tracking_number = ? OR match_key = ?${q.match ? ` OR ${fts}` : ''})`);
    params.push(q.code, q.code, ...(q.match ? [q.match] : []));
  } else if (q.match) {
    where.push(fts);
    params.push(q.match);
  }
  if (q.from) {
    where.push('received_at >= ?');
    params.push(q.from);
  }
  if (q.before) {
    where.push('received_at < ?');
    params.push(q.before);
  }
  return db
    .prepare(`SELECT custody_id FROM items ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY received_at DESC, custody_id DESC`)
    .pluck()
    .all(...params) as string[];
}

function allPages(search: ItemSearchService, q: Omit<ItemSearch, 'limit' | 'cursor'>, limit: number): string[] {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 10_000; guard += 1) {
    const page = search.search({ ...q, limit, cursor });
    seen.push(...page.items.map((i) => i.custodyId));
    cursor = page.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('paging did not end');
}

/** Items not set aside are in (received_at, custody_id) order when read in rowid order. */
function inOrderHolds(db: Database.Database): boolean {
  const rows = db
    .prepare('SELECT received_at, custody_id FROM items WHERE rowid NOT IN (SELECT item_rowid FROM items_received_late) ORDER BY rowid')
    .raw()
    .all() as Array<[string, string]>;
  return rows.every((r, i) => i === 0 || r[0] > rows[i - 1]![0] || (r[0] === rows[i - 1]![0] && r[1] > rows[i - 1]![1]));
}

let store: Store;
let search: ItemSearchService;
beforeEach(() => {
  store = Store.open(path.join(tempDir(), 'search-scale.sqlite'));
  search = new ItemSearchService(store.reader.search);
});
afterEach(() => store.close());

/** A history with ties, a clock stepped back twice, items stamped in the future and put right. */
function messyHistory(db: Database.Database, n: number, seed: number): void {
  const r = rng(seed);
  let clock = 0;
  db.transaction(() => {
  for (let i = 0; i < n; i += 1) {
    const roll = r();
    if (roll < 0.02) clock -= 30 + Math.floor(r() * 60); // a clock stepped back
    else if (roll < 0.3) clock += 0; // the same minute as the last item: a tie on received_at
    else clock += 1 + Math.floor(r() * 3);
    const future = r() < 0.01 ? 100_000 : 0; // stamped far ahead, once
    const surname = SURNAMES[Math.floor(r() * SURNAMES.length)]!;
    const recipient = r() < 0.1 ? null : `${FIRST[Math.floor(r() * FIRST.length)]} ${surname}`;
    insertItem(db, { receivedAt: at(clock + future), recipient, code: r() < 0.05 ? 'MULLER' : undefined });
  }
  })();
}

describe('recipient and free-text pages read in rowid order', () => {
  it('match the plain sorted answer page by page, with clocks stepped back, future stamps and ties', () => {
    messyHistory(store.db, 600, 7);
    expect(store.db.prepare('SELECT count(*) FROM items_received_late').pluck().get()).toBeGreaterThan(0);
    expect(inOrderHolds(store.db)).toBe(true);
    const cases: Array<{ q: Omit<ItemSearch, 'limit'>; ref: Parameters<typeof reference>[1] }> = [
      { q: { recipient: 'mül' }, ref: { match: '"mul"*' } },
      { q: { recipient: 'muller' }, ref: { match: '"muller"*' } },
      { q: { recipient: 'quin' }, ref: { match: '"quin"*' } },
      { q: { recipient: 'jü smith' }, ref: { match: '"ju"* "smith"*' } },
      { q: { recipient: 'smith', from: at(40).slice(0, 10), to: at(40).slice(0, 10) }, ref: { match: '"smith"*', from: '2026-03-01T00:00:00.000Z', before: '2026-03-02T00:00:00.000Z' } },
      { q: { recipient: 'wick', from: at(200), to: at(700) }, ref: { match: '"wick"*', from: at(200), before: at(700) } },
      { q: { query: 'muller' }, ref: { match: '"muller"*', code: 'MULLER' } },
      { q: { query: 'Quint', from: at(100) }, ref: { match: '"quint"*', code: 'QUINT', from: at(100) } },
    ];
    for (const { q, ref } of cases) {
      const want = reference(store.db, ref);
      expect(want.length, JSON.stringify(q)).toBeGreaterThan(0);
      for (const limit of [1, 7, 50, 500]) {
        const got = allPages(search, q, limit);
        expect(got, `${JSON.stringify(q)} limit ${limit}`).toEqual(want);
      }
    }
  });

  it('a page never skips or repeats an item when items arrive between pages, in order or late', () => {
    messyHistory(store.db, 300, 11);
    const before = new Set(reference(store.db, { match: '"mul"*' }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const page = search.search({ recipient: 'mul', limit: 9, cursor });
      seen.push(...page.items.map((i) => i.custodyId));
      cursor = page.nextCursor;
      // Between pages: a new item now, one stamped far ahead, one late (an old time), each matching.
      insertItem(store.db, { receivedAt: at(10_000 + round), recipient: 'New Muller' });
      insertItem(store.db, { receivedAt: at(900_000 + round), recipient: 'Future Muller' });
      insertItem(store.db, { receivedAt: at(round * 3), recipient: 'Late Muller' });
      round += 1;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
    const keys = seen.map((id) => store.db.prepare('SELECT received_at || custody_id FROM items WHERE custody_id = ?').pluck().get(id) as string);
    expect([...keys].sort().reverse()).toEqual(keys);
    expect(inOrderHolds(store.db)).toBe(true);
  });

  it('ties on received_at page by custody ID, none skipped or repeated', () => {
    const ids = Array.from({ length: 40 }, (_, i) => insertItem(store.db, { receivedAt: at(i < 30 ? 5 : 6), recipient: 'Ana Berg' }));
    const want = [...ids].sort((a, b) => {
      const ta = ids.indexOf(a) < 30 ? 5 : 6;
      const tb = ids.indexOf(b) < 30 ? 5 : 6;
      return tb - ta || (a < b ? 1 : -1);
    });
    for (const limit of [1, 3, 29, 30, 31]) {
      expect(allPages(search, { recipient: 'berg' }, limit)).toEqual(want);
      expect(allPages(search, {}, limit)).toEqual(want);
    }
  });
});

describe('items recorded out of time order', () => {
  it('items stamped in the future are set aside by the next one; a clock stepped back sets aside what it stepped over, or, beyond the limit, what follows', () => {
    const CAP = LATE_ITEMS_PUSHED_ASIDE_AT_MOST;
    const late = () => (store.db.prepare('SELECT custody_id FROM items WHERE rowid IN (SELECT item_rowid FROM items_received_late)').pluck().all() as string[]).sort();
    const sorted = (ids: string[]) => [...ids].sort();
    store.db.transaction(() => {
      for (let i = 0; i < 30; i += 1) insertItem(store.db, { receivedAt: at(i) });
    })();
    // A clock set a year ahead for a while, then put right: the next item sets the wrongly stamped ones aside.
    const future = [insertItem(store.db, { receivedAt: at(600_000) }), insertItem(store.db, { receivedAt: at(600_001) })];
    expect(late()).toEqual([]);
    insertItem(store.db, { receivedAt: at(30) });
    expect(late()).toEqual(sorted(future));
    // Stepped back 20 minutes: the items of those minutes (at most the limit) are set aside, once.
    const steppedOver = store.db.prepare('SELECT custody_id FROM items WHERE received_at > ? AND received_at < ?').pluck().all(at(11), at(31)) as string[];
    expect(steppedOver.length).toBeLessThanOrEqual(CAP);
    const afterStep = insertItem(store.db, { receivedAt: at(11) });
    expect(late()).toEqual(sorted([...future, ...steppedOver]));
    insertItem(store.db, { receivedAt: at(12) });
    expect(late()).toEqual(sorted([...future, ...steppedOver]));
    // Stepped back over more than the limit: the new items are set aside until the clock catches up.
    store.db.transaction(() => {
      for (let i = 0; i <= CAP; i += 1) insertItem(store.db, { receivedAt: at(100 + i) });
    })();
    const stepped = [insertItem(store.db, { receivedAt: at(50) }), insertItem(store.db, { receivedAt: at(51) })];
    expect(late()).toEqual(sorted([...future, ...steppedOver, ...stepped]));
    insertItem(store.db, { receivedAt: at(100 + CAP + 1) });
    expect(late()).toEqual(sorted([...future, ...steppedOver, ...stepped]));
    expect(inOrderHolds(store.db)).toBe(true);
    // The details step writes the recipient after intake: an item set aside is found by it, and by its correction.
    store.db.prepare("UPDATE items SET recipient = 'Dara Lateman' WHERE custody_id = ?").run(stepped[0]);
    store.db.prepare("UPDATE items SET recipient = 'Dara Futureman' WHERE custody_id = ?").run(future[1]);
    expect(search.search({ recipient: 'lateman', limit: 5 }).items.map((i) => i.custodyId)).toEqual([stepped[0]]);
    expect(search.search({ query: 'futurem', limit: 5 }).items.map((i) => i.custodyId)).toEqual([future[1]]);
    store.db.prepare("UPDATE items SET recipient = 'Dara Otherman' WHERE custody_id = ?").run(stepped[0]);
    expect(search.search({ recipient: 'lateman', limit: 5 }).items).toEqual([]);
    // A purged item leaves the list with it.
    store.db.prepare('DELETE FROM items WHERE custody_id = ?').run(future[1]);
    expect(late()).toEqual(sorted([future[0]!, ...steppedOver, ...stepped]));
    expect(search.search({ query: 'futurem', limit: 5 }).items).toEqual([]);
    expect(late()).not.toContain(afterStep);
  });
});

describe('search plans at scale (EXPLAIN QUERY PLAN, not time)', () => {
  beforeEach(() => {
    for (let i = 0; i < 200; i += 1) insertItem(store.db, { receivedAt: at(i * 10), recipient: `Ana ${SURNAMES[i % SURNAMES.length]}`, state: i % 50 === 0 ? 'QUARANTINED' : i % 7 === 0 ? 'RETURNED' : 'DELIVERED', code: `1Z${String(i).padStart(16, '0')}` });
    store.db.exec('ANALYZE');
  });
  const cursor = () => search.search({ limit: 2 }).nextCursor!;
  /**
   * Every read of the main recipient index (aliased f in the query) comes newest rowid first: FTS5's
   * idxNum has 0x40 (rowid order) and 0x80 (descending) set (SQLite 3.4x fts5_main.c). The plan
   * before read every match into a list (INDEX 0:M1) and sorted the rows it found.
   */
  const readsFtsNewestFirst = (plan: string[]) => {
    const reads = plan.map((l) => /^SCAN (?:f|items_recipient_fts) VIRTUAL TABLE INDEX (\d+):M/.exec(l)).filter((m) => m !== null);
    return reads.length > 0 && reads.every((m) => (Number(m[1]) & 0xc0) === 0xc0);
  };
  const has = (plan: string[], text: string) => plan.some((l) => l.includes(text));
  const sorts = (plan: string[]) => has(plan, 'TEMP B-TREE');
  const scansItems = (plan: string[]) => plan.some((l) => /^SCAN items\b/.test(l) && !/USING (COVERING )?INDEX items_received\b/.test(l));

  it('each kind of the bench mix uses its index', () => {
    const kinds: Array<{ q: ItemSearch; uses: string[]; ordered?: boolean }> = [
      { q: { trackingNumber: '1Z0000000000000003', limit: 50 }, uses: ['items_tracking_number (tracking_number=?)', 'items_match_key (match_key=?)'] },
      { q: { custodyId: newCustodyId(() => new Uint8Array(16).fill(7)), limit: 50 }, uses: ['sqlite_autoindex_items_1 (custody_id=?)'] },
      { q: { from: '2026-03-01', to: '2026-03-01', limit: 50 }, uses: ['items_received (received_at>? AND received_at<?)'], ordered: true },
      { q: { states: ['QUARANTINED'], limit: 50 }, uses: ['items_state_received (state=?)'], ordered: true },
      { q: { states: ['DELIVERED', 'RETURNED'], from: '2026-03-01', to: '2026-03-01', limit: 50 }, uses: ['items_state_received (state=? AND received_at>? AND received_at<?)'], ordered: true },
      { q: { limit: 50 }, uses: ['SCAN items USING INDEX items_received'], ordered: true },
      { q: { limit: 50, cursor: cursor() }, uses: ['items_received ((received_at,custody_id)<(?,?))'], ordered: true },
    ];
    for (const { q, uses, ordered } of kinds) {
      const plan = search.explain(q);
      const why = `${JSON.stringify(q)}\n${plan.join('\n')}`;
      for (const u of uses) expect(has(plan, u), why).toBe(true);
      if (ordered) expect(sorts(plan), why).toBe(false);
      expect(scansItems(plan), why).toBe(false);
    }
  });

  it('recipient prefix and free text read the recipient index newest rowid first, never every match sorted', () => {
    for (const q of [
      { recipient: 'mülle', limit: 50 },
      { recipient: 'quin', limit: 50, cursor: cursor() },
      { recipient: 'wick', from: '2026-03-01', to: '2026-03-02', limit: 50 },
      { query: 'Quin', limit: 50 },
      { query: 'Muller', limit: 50, cursor: cursor() },
    ] satisfies ItemSearch[]) {
      const plan = search.explain(q);
      const why = `${JSON.stringify(q)}\n${plan.join('\n')}`;
      expect(readsFtsNewestFirst(plan), why).toBe(true);
      expect(scansItems(plan), why).toBe(false);
      if (q.cursor || 'from' in q) expect(has(plan, 'COVERING INDEX items_received'), why).toBe(true);
      if ('query' in q) expect(has(plan, 'items_tracking_number (tracking_number=?)') && has(plan, 'items_match_key (match_key=?)'), why).toBe(true);
    }
  });
});

describe('migration 010 on an existing store', () => {
  it('rebuilds the recipient index with prefixes and lists the items already out of order, as the trigger would have', () => {
    const dir = tempDir();
    const old = new Database(path.join(dir, 'v9.sqlite'));
    migrate(old, MIGRATIONS.filter((m) => m.version <= 9));
    messyHistory(old, 400, 23);
    const fresh = new Database(path.join(dir, 'v10.sqlite'));
    migrate(fresh);
    serial = 0;
    const replay = new Database(path.join(dir, 'v9.sqlite'), { readonly: true });
    const rows = replay.prepare('SELECT custody_id, received_at, recipient, match_key FROM items ORDER BY rowid').all() as Array<{ custody_id: string; received_at: string; recipient: string | null; match_key: string }>;
    fresh.transaction(() => {
      for (const row of rows) insertItem(fresh, { custodyId: row.custody_id, receivedAt: row.received_at, recipient: row.recipient, code: row.match_key });
    })();
    replay.close();
    expect(old.prepare('PRAGMA user_version').pluck().get()).toBe(9);
    expect(migrate(old)).toEqual({ from: 9, to: MIGRATIONS.at(-1)!.version });
    const lateOf = (db: Database.Database) => db.prepare('SELECT i.custody_id FROM items_received_late l JOIN items i ON i.rowid = l.item_rowid ORDER BY 1').pluck().all();
    expect(lateOf(old).length).toBeGreaterThan(0);
    expect(lateOf(old)).toEqual(lateOf(fresh));
    expect(inOrderHolds(old)).toBe(true);
    expect(old.prepare("SELECT sql FROM sqlite_master WHERE name = 'items_recipient_fts'").pluck().get()).toContain("prefix = '2 3 4 5 6'");
    expect(old.prepare("INSERT INTO items_recipient_fts (items_recipient_fts, rank) VALUES ('integrity-check', 1)").run()).toBeTruthy();
    // The recipient index still follows the items: a new item and a corrected recipient.
    const id = insertItem(old, { receivedAt: at(5_000), recipient: 'Zed Quinnell' });
    old.prepare("UPDATE items SET recipient = 'Zed Quartermaine' WHERE custody_id = ?").run(id);
    const migratedStore = new Store(old);
    const s = new ItemSearchService(migratedStore.reader.search);
    expect(s.search({ recipient: 'quart', limit: 10 }).items.map((i) => i.custodyId)).toEqual([id]);
    expect(allPages(s, { recipient: 'mul' }, 13)).toEqual(reference(old, { match: '"mul"*' }));
    migratedStore.close();
    fresh.close();
  });

  it('a store not yet migrated, opened read-only (the CLI), is still searched, the plain way', () => {
    const file = path.join(tempDir(), 'v9-readonly.sqlite');
    const old = new Database(file);
    migrate(old, MIGRATIONS.filter((m) => m.version <= 9));
    messyHistory(old, 120, 5);
    const want = reference(old, { match: '"mul"*' });
    old.close();
    const readonly = new Database(file, { readonly: true });
    const s = new ItemSearchService(readerOf(readonly).search);
    expect(allPages(s, { recipient: 'mul' }, 7)).toEqual(want);
    expect(allPages(s, { query: 'muller' }, 7).length).toBeGreaterThan(0);
    readonly.close();
  });
});
