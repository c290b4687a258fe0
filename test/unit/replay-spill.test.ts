// The replay's expected rows stay bounded in memory (issue 15, point 3): past
// replayMemory.hotEntries a table's oldest rows go to a temporary file and come back, unchanged,
// when an event touches them again or the comparison reads them.
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_RECORDED, replayMemory, ROW_CODEC, ROWS_CODEC, SequencedRows, SpillingMap, STRINGS_CODEC, type ExpectedRow } from '../../src/main/store/replay/index.ts';

const usual = replayMemory.hotEntries;
afterEach(() => {
  replayMemory.hotEntries = usual;
});

const row = (i: number): ExpectedRow => ({ state: `S${i}`, recipient: i % 3 === 0 ? null : `Recipient ${i} “ünïcode” \\ "quoted"`, weight: i % 5 === 0 ? NOT_RECORDED : String(i) });

describe('SpillingMap', () => {
  it('holds at most hotEntries rows as objects, whatever it holds in all', () => {
    replayMemory.hotEntries = 8;
    const rows = new SpillingMap(ROW_CODEC);
    for (let i = 0; i < 1000; i += 1) {
      rows.set(`K${i}`, row(i));
      expect(rows.hotSize).toBeLessThanOrEqual(8);
    }
    expect(rows.size).toBe(1000);
  });

  it('gives back every row as it was set, NOT_RECORDED, null, quotes and non-ASCII included', () => {
    replayMemory.hotEntries = 4;
    const rows = new SpillingMap(ROW_CODEC);
    for (let i = 0; i < 200; i += 1) rows.set(`K${i}`, row(i));
    for (let i = 0; i < 200; i += 1) expect(rows.peek(`K${i}`)).toEqual(row(i));
    expect(rows.peek('K200')).toBeUndefined();
    expect(new Map(rows.entries())).toEqual(new Map(Array.from({ length: 200 }, (_, i) => [`K${i}`, row(i)])));
  });

  it('a spilled row changed through get keeps the change (it is an object again), and is spilled again with it', () => {
    replayMemory.hotEntries = 4;
    const rows = new SpillingMap(ROW_CODEC);
    for (let i = 0; i < 50; i += 1) rows.set(`K${i}`, row(i));
    rows.get('K3')!.state = 'DELIVERED';
    for (let i = 50; i < 100; i += 1) rows.set(`K${i}`, row(i));
    expect(rows.peek('K3')).toEqual({ ...row(3), state: 'DELIVERED' });
    expect(rows.size).toBe(100);
    expect([...rows.keys()].filter((k) => k === 'K3')).toHaveLength(1);
  });

  it('take gives each row once, held or spilled, and leaves the others as they were', () => {
    replayMemory.hotEntries = 4;
    const rows = new SpillingMap(ROW_CODEC);
    for (let i = 0; i < 60; i += 1) rows.set(`K${i}`, row(i));
    expect(rows.take('K59')).toEqual(row(59));
    expect(rows.take('K7')).toEqual(row(7));
    expect(rows.take('K7')).toBeUndefined();
    expect(rows.take('K60')).toBeUndefined();
    expect(rows.size).toBe(58);
    expect(new Map(rows.entries())).toEqual(new Map(Array.from({ length: 59 }, (_, i) => [`K${i}`, row(i)] as const).filter(([k]) => k !== 'K7')));
  });

  it("a table's numbered rows: take gives the n-th row of a subject once, held or spilled; what is left is missing", () => {
    replayMemory.hotEntries = 2;
    const rows = new SequencedRows();
    for (let i = 0; i < 30; i += 1) for (let n = 0; n < 3; n += 1) rows.add(`S${i}`, row(i * 10 + n));
    expect(rows.take('S0/2')).toEqual(row(1));
    expect(rows.take('S0/2')).toBeUndefined();
    expect(rows.take('S29/3')).toEqual(row(292));
    expect(rows.take('S0/4')).toBeUndefined();
    for (const key of ['S0/1', 'S0/3']) expect(rows.take(key)).toBeDefined();
    const left = [...rows.keys()];
    expect(left).toHaveLength(30 * 3 - 4);
    expect(left).not.toContain('S0/1');
    expect(left).not.toContain('S29/3');
    expect(rows.get('S29/2')).toEqual(row(291));
  });

  it('set replaces and delete removes a spilled row: no stale copy comes back', () => {
    replayMemory.hotEntries = 4;
    const rows = new SpillingMap(ROW_CODEC);
    for (let i = 0; i < 40; i += 1) rows.set(`K${i}`, row(i));
    rows.set('K1', row(1001));
    expect(rows.delete('K2')).toBe(true);
    expect(rows.delete('K2')).toBe(false);
    expect(rows.has('K2')).toBe(false);
    for (let i = 40; i < 80; i += 1) rows.set(`K${i}`, row(i));
    expect(rows.peek('K1')).toEqual(row(1001));
    expect(rows.peek('K2')).toBeUndefined();
    expect(rows.size).toBe(79);
    const keys = [...rows.keys()];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain('K2');
  });

  it('the comparison reads without bringing rows back, and a value written back with put stays where it is', () => {
    replayMemory.hotEntries = 4;
    const lists = new SpillingMap(STRINGS_CODEC);
    for (let i = 0; i < 30; i += 1) lists.set(`I${i}`, [`R${i}`]);
    const view = lists.reading();
    expect(view.get('I0')).toEqual(['R0']);
    expect(lists.hotSize).toBeLessThanOrEqual(4);
    lists.put('I0', ['R0', 'R0b']);
    expect(lists.peek('I0')).toEqual(['R0', 'R0b']);
    expect(view.delete('I0')).toBe(true);
    expect([...view.keys()]).toHaveLength(29);
  });

  it('a map that cannot write its file (a full disk) keeps the rest in memory and still answers', () => {
    replayMemory.hotEntries = 2;
    let failing = false;
    const rows = new SpillingMap<ExpectedRow>({ toPlain: (r) => (failing ? { big: 1n } : ROW_CODEC.toPlain(r)), fromPlain: ROW_CODEC.fromPlain });
    for (let i = 0; i < 10; i += 1) rows.set(`K${i}`, row(i));
    failing = true;
    for (let i = 10; i < 40; i += 1) rows.set(`K${i}`, row(i));
    expect(rows.size).toBe(40);
    for (let i = 0; i < 40; i += 1) expect(rows.peek(`K${i}`)).toEqual(row(i));
    expect([...rows.keys()].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `K${i}`).sort());
  });
});

describe('SequencedRows spilled', () => {
  it("a subject's rows, compared one at a time, leave exactly the rows not yet compared", () => {
    replayMemory.hotEntries = 2;
    const rows = new SequencedRows();
    for (let i = 0; i < 30; i += 1) for (let n = 0; n < 3; n += 1) rows.add(`C${i}`, row(i * 10 + n));
    expect(rows.get('C0/2')).toEqual(row(1));
    expect(rows.delete('C0/2')).toBe(true);
    expect(rows.delete('C0/2')).toBe(false);
    for (const key of ['C5/1', 'C5/2', 'C5/3']) expect(rows.delete(key)).toBe(true);
    const left = [...rows.keys()];
    expect(left).toHaveLength(90 - 4);
    expect(left).toContain('C0/1');
    expect(left).toContain('C0/3');
    expect(left).not.toContain('C0/2');
    expect(left.filter((k) => k.startsWith('C5/'))).toEqual([]);
    expect(rows.get('C29/3')).toEqual(row(292));
  });

  it('rows added to a subject after it was spilled follow its earlier ones', () => {
    replayMemory.hotEntries = 2;
    const rows = new SequencedRows();
    rows.add('C0', row(0));
    for (let i = 1; i < 20; i += 1) rows.add(`C${i}`, row(i));
    rows.add('C0', row(100));
    expect(rows.get('C0/1')).toEqual(row(0));
    expect(rows.get('C0/2')).toEqual(row(100));
    rows.dropSubject('C0');
    expect(rows.get('C0/1')).toBeUndefined();
  });

  it('ROW_CODEC writes cells without their column names, and gives back rows of different columns in turn each with its own', () => {
    const shapes: ExpectedRow[] = [row(5), { b: 'x', a: NOT_RECORDED }, {}, { a: null, b: 'y', c: 'z' }, row(6), { b: 'x', a: 'w' }];
    const written = shapes.map((r) => JSON.stringify(ROW_CODEC.toPlain(r)));
    expect(written[0]).not.toContain('recipient');
    const back = written.map((text) => ROW_CODEC.fromPlain(JSON.parse(text)));
    expect(back).toEqual(shapes);
    // The same columns in another order are another list: a row comes back with its own order.
    expect(back.map((r) => Object.keys(r))).toEqual(shapes.map((r) => Object.keys(r)));
  });

  it('ROWS_CODEC keeps a compared row a hole', () => {
    const plain = ROWS_CODEC.toPlain([row(1), undefined, row(2)]);
    expect(ROWS_CODEC.fromPlain(JSON.parse(JSON.stringify(plain)))).toEqual([row(1), undefined, row(2)]);
  });
});
