import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/store/index.ts';
import { ItemSearchService } from '../../src/main/records/index.ts';
import { recordsCommands } from '../../src/shared/contract/commands-records.ts';
import { newCustodyId } from '../../src/shared/domain/index.ts';
import type { Item, ItemState } from '../../src/shared/contract/index.ts';
import { tempDir } from '../helpers/station.ts';

let store: Store;
let search: ItemSearchService;
const random = (n: number) => new Uint8Array(randomBytes(n));

function addItem(o: { receivedAt: string; state?: ItemState; tracking?: string | null; code?: string; recipient?: string | null }): string {
  const custodyId = newCustodyId(random);
  const item: Item = {
    custodyId,
    trackingNumber: o.tracking ?? null,
    carrier: o.tracking ? 'ups' : null,
    scannedCode: o.code ?? o.tracking ?? `CODE-${custodyId}`,
    symbology: null,
    state: o.state ?? 'RECEIVED',
    mode: 'live',
    receivedAt: o.receivedAt,
    updatedAt: o.receivedAt,
    receivedBy: 'operator:t',
    itemType: null,
    incidentNumber: null,
  };
  store.transaction(() => {
    store.items.insert({ item, matchKey: o.tracking ?? (o.code ?? item.scannedCode).replace(/\s+/g, '').toUpperCase() });
    if (o.recipient !== undefined) store.items.setDetails(custodyId, { itemType: 'letter', recipient: o.recipient, sender: null, dimensions: null }, o.receivedAt);
  });
  return custodyId;
}

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 2, d, h)).toISOString();

beforeEach(() => {
  store = Store.open(path.join(tempDir(), 'search.sqlite'));
  search = new ItemSearchService(store.reader.search);
});
afterEach(() => store.close());

describe('item search', () => {
  it('finds by tracking number, typed with spaces and in lower case', () => {
    const id = addItem({ receivedAt: day(1), tracking: '1Z5R89390357567127' });
    addItem({ receivedAt: day(2), tracking: '1Z5R89390357567128' });
    expect(search.search({ trackingNumber: '1z5r 8939 0357 5671 27', limit: 10 }).items.map((i) => i.custodyId)).toEqual([id]);
    expect(search.search({ query: '1Z5R89390357567127', limit: 10 }).items.map((i) => i.custodyId)).toEqual([id]);
  });

  it('finds by a scanned code that is not a tracking number (the match key)', () => {
    const id = addItem({ receivedAt: day(1), code: 'internal-77 a' });
    expect(search.search({ trackingNumber: 'INTERNAL-77A', limit: 10 }).items.map((i) => i.custodyId)).toEqual([id]);
  });

  it('finds by custody ID typed loosely: lower case, no hyphens, O for 0, I and L for 1', () => {
    const id = addItem({ receivedAt: day(1) });
    addItem({ receivedAt: day(2) });
    const loose = id.replaceAll('-', '').toLowerCase().replaceAll('0', 'o').replaceAll('1', 'l');
    expect(search.search({ custodyId: loose, limit: 10 }).items.map((i) => i.custodyId)).toEqual([id]);
    expect(search.search({ query: ` ${loose} `, limit: 10 }).items.map((i) => i.custodyId)).toEqual([id]);
    // A wrong check symbol is no ID: nothing, rather than a near miss.
    const wrong = id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');
    expect(search.search({ custodyId: wrong, limit: 10 }).items).toEqual([]);
  });

  it('finds by recipient word prefixes, any case, accents folded', () => {
    const smith = addItem({ receivedAt: day(1), recipient: 'John Smith' });
    const muller = addItem({ receivedAt: day(2), recipient: 'Legal – attn Jürgen Müller' });
    addItem({ receivedAt: day(3), recipient: 'Jane Doe' });
    expect(search.search({ recipient: 'smi', limit: 10 }).items.map((i) => i.custodyId)).toEqual([smith]);
    expect(search.search({ recipient: 'jo SMITH', limit: 10 }).items.map((i) => i.custodyId)).toEqual([smith]);
    expect(search.search({ recipient: 'muller', limit: 10 }).items.map((i) => i.custodyId)).toEqual([muller]);
    expect(search.search({ recipient: 'legal j', limit: 10 }).items.map((i) => i.custodyId)).toEqual([muller]);
    expect(search.search({ query: 'Müll', limit: 10 }).items.map((i) => i.custodyId)).toEqual([muller]);
    // FTS syntax typed by an operator is just text.
    expect(search.search({ recipient: '"smith" OR NEAR(', limit: 10 }).items).toEqual([]);
    expect(search.search({ recipient: '---', limit: 10 }).items).toEqual([]);
  });

  it('keeps the recipient index in step when a recipient is corrected', () => {
    const id = addItem({ receivedAt: day(1), recipient: 'Anna Berg' });
    store.transaction(() => store.items.setDetails(id, { itemType: 'letter', recipient: 'Anna Lindqvist', sender: null, dimensions: null }, day(1)));
    expect(search.search({ recipient: 'berg', limit: 10 }).items).toEqual([]);
    expect(search.search({ recipient: 'lindq', limit: 10 }).items.map((i) => i.custodyId)).toEqual([id]);
    expect(store.db.prepare("INSERT INTO items_recipient_fts (items_recipient_fts, rank) VALUES ('integrity-check', 1)").run()).toBeTruthy();
  });

  it('filters by date received (a date includes its whole day) and by state', () => {
    const a = addItem({ receivedAt: day(1, 8), state: 'DELIVERED' });
    const b = addItem({ receivedAt: day(2, 23), state: 'CLEARED' });
    const c = addItem({ receivedAt: day(3, 0), state: 'DELIVERED' });
    const d = addItem({ receivedAt: day(4), state: 'SUSPECT' });
    const ids = (r: { items: Item[] }) => r.items.map((i) => i.custodyId);
    expect(ids(search.search({ from: '2026-03-02', to: '2026-03-03', limit: 10 }))).toEqual([c, b]);
    expect(ids(search.search({ from: day(2, 23), limit: 10 }))).toEqual([d, c, b]);
    expect(ids(search.search({ states: ['DELIVERED'], limit: 10 }))).toEqual([c, a]);
    expect(ids(search.search({ states: ['DELIVERED', 'SUSPECT'], limit: 10 }))).toEqual([d, c, a]);
    expect(ids(search.search({ states: ['DELIVERED'], to: '2026-03-02', limit: 10 }))).toEqual([a]);
    expect(() => search.search({ from: 'last tuesday', limit: 10 })).toThrow(/not a date/);
  });

  it('pages newest first with a cursor, without skipping or repeating rows at equal times', () => {
    const made: string[] = [];
    for (let i = 0; i < 23; i += 1) made.push(addItem({ receivedAt: day(1 + Math.floor(i / 4)), state: i % 2 ? 'DELIVERED' : 'CLEARED' }));
    for (const states of [undefined, ['DELIVERED', 'CLEARED'] as ItemState[]]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = search.search({ limit: 5, cursor, states });
        seen.push(...page.items.map((i) => i.custodyId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(23);
      const all = search.search({ limit: 100, states }).items;
      expect(seen).toEqual(all.map((i) => i.custodyId));
      const times = all.map((i) => i.receivedAt);
      expect([...times].sort().reverse()).toEqual(times);
    }
    expect(() => search.search({ limit: 5, cursor: 'not-a-cursor' })).toThrow(/cursor/);
  });

  it('the contract takes the loose forms and refuses a limit out of range', () => {
    const request = recordsCommands['search.items'].request;
    expect(request.safeParse({ custodyId: 'abc def ghj', limit: 20 }).success).toBe(true);
    expect(request.safeParse({ limit: 0 }).success).toBe(false);
    expect(request.safeParse({ limit: 10, states: ['LOST'] }).success).toBe(false);
    expect(request.safeParse({ limit: 10, extra: 1 }).success).toBe(false);
  });
});

describe('search query plans', () => {
  // A plain "SCAN items" reads the whole table; "SCAN items USING INDEX" walks an index in order and stops at the limit.
  const fullScan = (plan: string[]) => plan.some((line) => /^SCAN items\b/.test(line) && !/USING (COVERING )?INDEX/.test(line));
  const sorts = (plan: string[]) => plan.some((line) => line.includes('TEMP B-TREE'));

  beforeEach(() => {
    for (let i = 0; i < 50; i += 1) addItem({ receivedAt: day(1 + (i % 28)), tracking: `1Z${String(i).padStart(16, '0')}`, recipient: `Person ${i}` });
  });

  it('the main searches use an index, never a scan of the items table', () => {
    const cursor = search.search({ limit: 2 }).nextCursor!;
    const cases = [
      { limit: 50 },
      { limit: 50, cursor },
      { trackingNumber: '1Z0000000000000001', limit: 50 },
      { custodyId: newCustodyId(random), limit: 50 },
      { recipient: 'pers', limit: 50 },
      { query: 'pers', limit: 50 },
      { from: '2026-03-02', to: '2026-03-05', limit: 50 },
      { states: ['DELIVERED' as const], limit: 50 },
      { states: ['DELIVERED' as const, 'CLEARED' as const], limit: 50 },
      { states: ['DELIVERED' as const], from: '2026-03-02', to: '2026-03-05', limit: 50, cursor },
      { recipient: 'pers', from: '2026-03-02', states: ['RECEIVED' as const], limit: 50 },
    ];
    for (const c of cases) {
      const plan = search.explain(c);
      expect(fullScan(plan), `${JSON.stringify(c)}\n${plan.join('\n')}`).toBe(false);
    }
  });

  it('listing, date ranges and states walk the index in order: no sort of all matches', () => {
    const cursor = search.search({ limit: 2 }).nextCursor!;
    for (const c of [
      { limit: 50 },
      { limit: 50, cursor },
      { from: '2026-03-02', to: '2026-03-05', limit: 50 },
      { states: ['DELIVERED' as const], limit: 50, cursor },
      { states: ['DELIVERED' as const, 'CLEARED' as const], from: '2026-03-02', limit: 50 },
    ]) {
      const plan = search.explain(c);
      expect(sorts(plan), `${JSON.stringify(c)}\n${plan.join('\n')}`).toBe(false);
    }
  });
});
