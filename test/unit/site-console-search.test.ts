// The console's item search as a station searches its own (issue 13 point 5): recipient words
// (each the start of a word, any case), state(s), when last changed, free text (custody ID typed
// loosely, tracking number, code as scanned, recipient words), across stations or at one, paged by
// key with a cursor good for its own search only. Against a throwaway PostgreSQL through the
// console's own role. Attack tests: LIKE's wildcards are text, tsquery syntax is text, huge input,
// unknown states, impossible dates, forged cursors and another search's cursor.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argumentsRefusal } from '../../src/main/core/index.ts';
import { lineLog } from '../../src/main/log.ts';
import { recipientMatch } from '../../src/main/records/search.ts';
import { addConsole, SiteConsole, type ConsoleConnection } from '../../src/main/site/index.ts';
import { encodeCursor } from '../../src/main/site/console/consoleReads.ts';
import { searchBinding } from '../../src/main/site/console/consoleSearch.ts';
import type { ConsoleResponse } from '../../src/shared/contract/index.ts';
import { newCustodyId } from '../../src/shared/domain/index.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';

type Search = ConsoleResponse<'console.search'>;

let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
let siteConsole: SiteConsole;
let screen: ConsoleConnection;

interface Row {
  station: string;
  custodyId: string;
  tracking: string;
  recipient: string | null;
  state: string;
  at: string;
}

const ROWS: Row[] = [];
const A = 'ST-A';
const B = 'ST-B';
const RECIPIENTS = ['Jane Smith', 'SMITHSON, Bob', 'Ann Blacksmith', "Pat O'Brien", 'Dr. Zoë Müller-Lüdenscheidt', 'Sm%th Literal', 'Mail Room 3', null];
const FOLDED = ['Café Brûlé', 'ÉCOLE Française', 'Nguyễn Thị Ánh', 'Søren Åberg', 'François Çelik', 'Zoe Plain', 'Ёлкин Йосиф', 'Zoe\u0308 Decomposed'];
const STATES = ['RECEIVED', 'CLEARED', 'SUSPECT', 'CLEARED', 'RETURNED', 'CLEARED'];

/**
 * The n-th custody ID of this test, the same at every run: a recipient below is made of one's parts,
 * and the searches for "j" must not meet a part that happens to start with J (random IDs did, 1 run in 10).
 */
const custodyIdNumber = (n: number) => newCustodyId((count) => createHash('sha256').update(`site-console-search ${n}`).digest().subarray(0, count));

beforeAll(async () => {
  const started = await startSiteDatabase();
  ({ admin, stop: stopSite } = started);
  const login = await addConsole(admin, 'office');
  // 60 items at two stations (and one more below), a minute apart over two days (2026-03-14 and -15), every recipient and state in turn.
  for (let n = 0; n < 60; n += 1) {
    ROWS.push({
      station: n % 3 === 0 ? B : A,
      custodyId: custodyIdNumber(n),
      tracking: `1Z${String(1000 + n)}`,
      recipient: RECIPIENTS[n % RECIPIENTS.length]!,
      state: STATES[n % STATES.length]!,
      at: new Date(Date.parse('2026-03-14T23:30:00.000Z') + n * 60_000).toISOString(),
    });
  }
  // A recipient whose words are the parts of another item's custody ID: text that reads as a custody ID is that ID, not a name.
  const [first, second, third] = ROWS[7]!.custodyId.split('-');
  ROWS.push({ ...ROWS[8]!, custodyId: custodyIdNumber(100), tracking: '1Z0999', recipient: `${first} ${second}, ${third} Desk` });
  // Names with accents, Latin and not (site schema 14 folds them as the station's index does).
  FOLDED.forEach((recipient, n) => ROWS.push({ ...ROWS[9]!, custodyId: custodyIdNumber(200 + n), tracking: `1Z08${n}`, recipient }));
  for (const row of ROWS) {
    await admin.query(
      `INSERT INTO site_items (station, custody_id, tracking_number, match_key, recipient, state, updated_seq, updated_at)
       VALUES ($1, $2, $3, upper($3), $4, $5, 1, $6)`,
      [row.station, row.custodyId, row.tracking, row.recipient, row.state, row.at],
    );
  }
  siteConsole = new SiteConsole({ connectionString: started.site.url(login.role, login.password), version: 'test', argumentsRefusal, validateResponses: true, log: lineLog('console', () => undefined) });
  screen = siteConsole.connect();
}, 180_000);
afterAll(async () => {
  await siteConsole?.close();
  await stopSite?.();
}, 180_000);

async function search(args: Record<string, unknown>): Promise<Search> {
  const answer = await screen.call('console.search', args);
  if (!answer.ok) throw new Error(`console.search ${JSON.stringify(args)}: ${answer.error.code} ${answer.error.message}`);
  return answer.value as Search;
}

async function refusal(args: Record<string, unknown>): Promise<string> {
  const answer = await screen.call('console.search', args);
  if (answer.ok) throw new Error(`console.search ${JSON.stringify(args)} was answered`);
  expect(answer.error.code).toBe('INVALID_ARGUMENTS');
  return answer.error.message;
}

/** Every page of a search, following its cursors. */
async function everyPage(args: Record<string, unknown>, limit = 4): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await search({ ...args, limit, ...(cursor ? { cursor } : {}) });
    seen.push(...page.items.map((item) => item.custodyId));
    cursor = page.next;
  } while (cursor);
  return seen;
}

/** What the search should find: the rows that pass, last changed first (then station, then custody ID, all descending). */
function expected(pass: (row: Row) => boolean): string[] {
  const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
  return ROWS.filter(pass)
    .sort((x, y) => desc(x.at, y.at) || desc(x.station, y.station) || desc(x.custodyId, y.custodyId))
    .map((row) => row.custodyId);
}

const words = (row: Row) => (row.recipient ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u);

describe('the console searches items as a station does', () => {
  it('finds recipients by words that start their words, any case, across stations and at one', async () => {
    const smi = (row: Row) => words(row).some((word) => word.startsWith('smi'));
    expect(await everyPage({ recipient: 'smi' })).toEqual(expected(smi));
    // "Blacksmith" holds "smi" but no word of it starts so.
    expect(expected(smi)).not.toContain(ROWS.find((row) => row.recipient === 'Ann Blacksmith')!.custodyId);
    expect(await everyPage({ recipient: 'SMITH', station: B })).toEqual(expected((row) => row.station === B && words(row).some((word) => word.startsWith('smith'))));
    // Every word must start a word: "jane smi" is Jane Smith only.
    expect(await everyPage({ recipient: 'jane smi' })).toEqual(expected((row) => row.recipient === 'Jane Smith'));
    // Punctuation separates words, as at the station: O'Brien by "brien" and "o'bri"; letters beyond ASCII.
    expect(await everyPage({ recipient: 'brien' })).toEqual(expected((row) => row.recipient === "Pat O'Brien"));
    expect(await everyPage({ recipient: "o'bri" })).toEqual(expected((row) => row.recipient === "Pat O'Brien"));
    expect(await everyPage({ recipient: 'lüden zo' })).toEqual(expected((row) => row.recipient?.startsWith('Dr. Zoë') === true));
  });

  it('folds accents as the station does: zoe finds Zoë, CAFE Café, each word as the station finds it', async () => {
    const named = (pass: (recipient: string) => boolean) => expected((row) => row.recipient !== null && pass(row.recipient));
    expect(await everyPage({ recipient: 'zoe' })).toEqual(named((name) => /^(Dr\. Zoë|Zoe)/.test(name)));
    expect(await everyPage({ recipient: 'CAFE' })).toEqual(named((name) => name === 'Café Brûlé'));
    expect(await everyPage({ query: 'brule' })).toEqual(named((name) => name === 'Café Brûlé'));
    // Typed with the accents, and a capital beyond ASCII (a database of locale C lowercases ASCII only: folded first, it is ASCII).
    expect(await everyPage({ recipient: 'ZOË MÜLLER' })).toEqual(named((name) => name.startsWith('Dr. Zoë')));
    expect(await everyPage({ recipient: 'école' })).toEqual(named((name) => name === 'ÉCOLE Française'));
    // The station's own index (FTS5, unicode61 remove_diacritics 2, as its migrations make it) over the same names, asked the
    // same words: the console finds what the station finds. Capitals beyond ASCII that no accent explains (Ё) are the locale's.
    const station = new Database(':memory:');
    try {
      station.exec("CREATE VIRTUAL TABLE names USING fts5 (recipient, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6')");
      const insert = station.prepare('INSERT INTO names (rowid, recipient) VALUES (?, ?)');
      const folded = ROWS.filter((row) => row.recipient !== null && FOLDED.includes(row.recipient));
      folded.forEach((row, n) => insert.run(n + 1, row.recipient));
      const find = station.prepare<[string], { rowid: number }>('SELECT rowid FROM names WHERE names MATCH ? ORDER BY rowid');
      for (const typed of ['zoe', 'ZOË', 'cafe', 'CAFÉ', 'brul', 'ecole', 'école', 'francais', 'çel', 'celik', 'nguyen', 'nguyễn', 'thi', 'anh', 'ÁNH', 'soren', 'søren', 'aberg', 'åb', 'Ёлкин', 'Йос', 'иос', 'decomp', 'zoe decomposed']) {
        const atStation = find.all(recipientMatch(typed)!).map(({ rowid }) => folded[rowid - 1]!.custodyId);
        const atConsole = (await everyPage({ recipient: typed }, 50)).filter((id) => folded.some((row) => row.custodyId === id));
        expect(new Set(atConsole), typed).toEqual(new Set(atStation));
      }
    } finally {
      station.close();
    }
  });

  it('reads LIKE wildcards and tsquery syntax as text, not as patterns', async () => {
    // A wildcard alone is no word: nothing, as the station finds nothing for it.
    for (const recipient of ['%', '_', '%%', '*', ':*', '!', "'", '\\']) expect((await search({ recipient })).items).toEqual([]);
    // "sm_th" and "sm%th" would be Smith with LIKE; here they are the words "sm" and "th": Sm%th Literal's (its
    // punctuation separates words, as at the station), never Jane Smith's.
    for (const recipient of ['sm_th', 'sm%th']) expect(await everyPage({ recipient })).toEqual(expected((row) => row.recipient === 'Sm%th Literal'));
    expect((await search({ recipient: 'j%' })).items.map((item) => item.recipient)).toEqual(expect.arrayContaining(['Jane Smith']));
    expect((await search({ recipient: 'j%' })).items.every((item) => item.recipient === 'Jane Smith')).toBe(true);
    // tsquery's operators typed are no operators: "smith | room" is both words, not either.
    expect((await search({ recipient: 'smith | room' })).items).toEqual([]);
    expect((await search({ recipient: '!jane' })).items.every((item) => item.recipient === 'Jane Smith')).toBe(true);
    expect((await search({ recipient: "'); DELETE FROM site_items; --" })).items).toEqual([]);
    const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM site_items');
    expect(Number(rows[0]!.n)).toBe(ROWS.length);
  });

  it('filters by a state or several, merged last changed first', async () => {
    expect(await everyPage({ states: ['SUSPECT'] })).toEqual(expected((row) => row.state === 'SUSPECT'));
    expect(await everyPage({ states: ['SUSPECT', 'RETURNED', 'RECEIVED'] }, 3)).toEqual(expected((row) => ['SUSPECT', 'RETURNED', 'RECEIVED'].includes(row.state)));
    expect(await everyPage({ states: ['RETURNED', 'SUSPECT'], station: A })).toEqual(expected((row) => row.station === A && ['SUSPECT', 'RETURNED'].includes(row.state)));
    // With a narrower filter the states are one walk: the same answer.
    expect(await everyPage({ states: ['CLEARED', 'SUSPECT'], recipient: 'smith' })).toEqual(expected((row) => ['CLEARED', 'SUSPECT'].includes(row.state) && words(row).some((word) => word.startsWith('smith'))));
  });

  it('filters by when an item last changed: a date is its whole day (UTC), a time is exact', async () => {
    expect(await everyPage({ changedFrom: '2026-03-15' }, 10)).toEqual(expected((row) => row.at >= '2026-03-15T00:00:00.000Z'));
    expect(await everyPage({ changedTo: '2026-03-14' })).toEqual(expected((row) => row.at < '2026-03-15T00:00:00.000Z'));
    expect(await everyPage({ changedFrom: '2026-03-14T23:45:00Z', changedTo: '2026-03-15T00:05:00.000Z', station: A })).toEqual(
      expected((row) => row.station === A && row.at >= '2026-03-14T23:45:00.000Z' && row.at < '2026-03-15T00:05:00.000Z'),
    );
    expect(await everyPage({ changedFrom: '2026-03-15T01:00:00+01:00', states: ['CLEARED'] })).toEqual(expected((row) => row.state === 'CLEARED' && row.at >= '2026-03-15T00:00:00.000Z'));
    expect((await search({ changedFrom: '2026-03-16' })).items).toEqual([]);
  });

  it('free text is a custody ID typed loosely, a tracking number, a code as scanned, or recipient words', async () => {
    const row = ROWS[7]!;
    const loose = row.custodyId.toLowerCase().replaceAll('-', ' ');
    expect((await search({ query: loose })).items.map((item) => item.custodyId)).toEqual([row.custodyId]);
    expect((await search({ query: row.custodyId })).items.map((item) => item.custodyId)).toEqual([row.custodyId]);
    expect((await search({ query: row.tracking })).items.map((item) => item.custodyId)).toEqual([row.custodyId]);
    expect((await search({ query: row.tracking.toLowerCase() })).items.map((item) => item.custodyId)).toEqual([row.custodyId]);
    expect(await everyPage({ query: 'müller' })).toEqual(expected((item) => item.recipient?.includes('Müller') === true));
    expect(await everyPage({ query: 'room', states: ['CLEARED'] })).toEqual(expected((item) => item.recipient === 'Mail Room 3' && item.state === 'CLEARED'));
  });

  it("refuses a cursor of another search, an old or forged one: 'search again from the first page'", async () => {
    const suspect = await search({ states: ['SUSPECT'], limit: 2 });
    expect(suspect.next).not.toBeNull();
    expect(await refusal({ states: ['RETURNED'], limit: 2, cursor: suspect.next })).toMatch(/search again from the first page/);
    expect(await refusal({ limit: 2, cursor: suspect.next })).toMatch(/search again from the first page/);
    expect(await refusal({ states: ['SUSPECT'], recipient: 'smith', cursor: suspect.next })).toMatch(/search again from the first page/);
    // The same search, states in another order: the same search, its cursor good.
    expect((await search({ states: ['SUSPECT'], limit: 2, cursor: suspect.next })).items).toHaveLength(2);
    const latest = await search({ limit: 2 });
    expect(await refusal({ recipient: 'smith', cursor: latest.next })).toMatch(/search again from the first page/);
    // A cursor in the form before searches were bound (three parts), one with a made-up binding, garbage.
    const last = suspect.items.at(-1)!;
    const row = { updatedAt: last.updatedAt, station: last.station, key: last.custodyId };
    for (const cursor of [encodeCursor(row), encodeCursor(row, 'not-this-search'), 'x'.repeat(400), Buffer.from('["a","b","c","d","e"]').toString('base64url')]) {
      expect(await refusal({ states: ['SUSPECT'], cursor })).toMatch(/search again from the first page/);
    }
    // One made for this search starts where it says (the console's cursors are not secret: the console reads everything anyway).
    expect((await search({ states: ['SUSPECT'], cursor: encodeCursor(row, searchBinding({ states: ['SUSPECT'] })) })).items[0]!.custodyId).toBe(
      (await search({ states: ['SUSPECT'], limit: 3 })).items[2]!.custodyId,
    );
  });

  it('refuses unknown states, impossible dates and huge input in words', async () => {
    expect(await refusal({ states: ['LOST'] })).toMatch(/state/i);
    expect(await refusal({ states: ["CLEARED' OR 1=1"] })).toMatch(/state/i);
    expect(await refusal({ states: [] })).toMatch(/state/i);
    expect(await refusal({ states: Array.from({ length: 100 }, () => 'CLEARED') })).toMatch(/state/i);
    expect(await refusal({ changedFrom: '2026-02-30' })).toMatch(/changed from/);
    expect(await refusal({ changedTo: 'yesterday' })).toMatch(/changed up to/);
    expect(await refusal({ changedTo: '2026-03-14T09:30:00' })).toMatch(/changed up to/);
    expect(await refusal({ receivedFrom: '2026-02-30' })).toMatch(/received from/);
    expect(await refusal({ receivedTo: "2026-03-14' OR 1=1" })).toMatch(/received up to/);
    expect(await refusal({ receivedFrom: '2'.repeat(100_000) })).toMatch(/received from/);
    expect(await refusal({ recipient: 'a'.repeat(201) })).toMatch(/recipient/i);
    expect(await refusal({ query: 'a '.repeat(100) })).toMatch(/search|query|text/i);
    // The longest allowed: 100 one-letter words, each a prefix; found or not, answered. No recipient
    // word here starts with u (nor can a custody ID's part: Crockford's alphabet has no U); q could
    // (the recipient made of another item's custody ID parts once drew Q6Z).
    expect((await search({ recipient: 'u '.repeat(100) })).items).toEqual([]);
    expect((await search({ recipient: 'j '.repeat(100) })).items.every((item) => item.recipient === 'Jane Smith')).toBe(true);
  });
});
