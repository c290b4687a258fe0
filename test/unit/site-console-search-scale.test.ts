// The console's filtered searches are index ranges, not reads of the table (site schema 13): a
// state's latest items (every station, one station, several states merged), a recipient's words, a
// time range, free text. Checked by what PostgreSQL reads (EXPLAIN ANALYZE's buffers for the
// console's own statements, as site-console-scale.test.ts does), never by time, at a size where
// reading the table costs hundreds of blocks; and the pages themselves.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argumentsRefusal } from '../../src/main/core/index.ts';
import { lineLog } from '../../src/main/log.ts';
import { addConsole, SiteConsole, type ConsoleConnection } from '../../src/main/site/index.ts';
import { searchItems } from '../../src/main/site/console/consoleSearch.ts';
import type { ConsoleResponse } from '../../src/shared/contract/index.ts';
import { statementsOf, tableReading } from '../helpers/consolePlans.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';

const BUSY = 'ST-BUSY';
const QUIET = 'ST-QUIET';
const BUSY_ITEMS = 30_000;
const QUIET_ITEMS = 10_000;

let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
let siteConsole: SiteConsole;
let screen: ConsoleConnection;

beforeAll(async () => {
  const started = await startSiteDatabase();
  ({ admin, stop: stopSite } = started);
  const login = await addConsole(admin, 'office');
  siteConsole = new SiteConsole({ connectionString: started.site.url(login.role, login.password), version: 'test', argumentsRefusal, validateResponses: true, log: lineLog('console', () => undefined) });
  screen = siteConsole.connect();
  // Most items cleared; one in eight returned, one in eight suspect, the rest still received; a
  // recipient of the same few hundred names, one rare (Zebedee, 40 items); the rows of both stations
  // stored interleaved, as the follower writes them.
  await admin.query(
    `INSERT INTO site_items (station, custody_id, tracking_number, match_key, recipient, state, updated_seq, updated_at, received_at)
     SELECT station, id, 'T' || id, 'T' || id,
            CASE WHEN n % 1000 = 7 THEN 'Zebedee Quill' ELSE 'Person ' || (n % 300) || ' Mailroom' END,
            CASE WHEN n % 8 = 1 THEN 'RETURNED' WHEN n % 8 = 2 THEN 'SUSPECT' WHEN n % 8 = 3 THEN 'RECEIVED' ELSE 'CLEARED' END,
            n, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(at - interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM (
       SELECT $1 AS station, 'B-' || lpad(n::text, 6, '0') AS id, n, '2026-06-01T00:00:00Z'::timestamptz + n * interval '1 minute' AS at FROM generate_series(1, $2::int) n
       UNION ALL
       SELECT $3, 'Q-' || lpad(n::text, 6, '0'), n, '2026-01-01T00:00:00Z'::timestamptz + n * interval '1 minute' FROM generate_series(1, $4::int) n
     ) x ORDER BY md5(id)`,
    [BUSY, BUSY_ITEMS, QUIET, QUIET_ITEMS],
  );
  await admin.query('VACUUM ANALYZE site_items');
}, 180_000);
afterAll(async () => {
  await siteConsole?.close();
  await stopSite?.();
}, 180_000);

type Search = ConsoleResponse<'console.search'>;

async function search(args: Record<string, unknown>): Promise<Search> {
  const answer = await screen.call('console.search', args);
  if (!answer.ok) throw new Error(`console.search: ${answer.error.code} ${answer.error.message}`);
  return answer.value as Search;
}

describe('the console searches a site of 40,000 items by index', () => {
  it('answers each filtered search in order, a page at a time', async () => {
    const returned = await search({ states: ['RETURNED'], station: QUIET, limit: 3 });
    expect(returned.items.map((item) => item.custodyId)).toEqual(['Q-009993', 'Q-009985', 'Q-009977']);
    const merged = await search({ states: ['SUSPECT', 'RETURNED'], limit: 4 });
    expect(merged.items.map((item) => item.custodyId)).toEqual(['B-029994', 'B-029993', 'B-029986', 'B-029985']);
    const next = await search({ states: ['RETURNED', 'SUSPECT'], limit: 4, cursor: merged.next });
    expect(next.items.map((item) => item.custodyId)).toEqual(['B-029978', 'B-029977', 'B-029970', 'B-029969']);
    const zebedee = await search({ recipient: 'zeb' });
    expect(zebedee.items).toHaveLength(40);
    expect(zebedee.items.every((item) => item.recipient === 'Zebedee Quill')).toBe(true);
    const window = await search({ changedFrom: '2026-01-03T00:00:00Z', changedTo: '2026-01-03T00:10:00Z' });
    expect(window.items.map((item) => item.updatedAt)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-01-03T00:${String(9 - i).padStart(2, '0')}:00.000Z`));
    // Received an hour before each last change, here: the same ten items, by their received time.
    const received = await search({ receivedFrom: '2026-01-02T23:00:00Z', receivedTo: '2026-01-02T23:10:00Z', station: QUIET });
    expect(received.items.map((item) => item.custodyId)).toEqual(window.items.map((item) => item.custodyId));
  });

  it("reads an index range for each of the station's searches, never the table", async () => {
    const first = await search({ states: ['RETURNED'] });
    const cases: Array<Record<string, unknown>> = [
      { states: ['RETURNED'] },
      { states: ['RETURNED'], cursor: first.next },
      { states: ['RETURNED'], station: QUIET },
      { states: ['SUSPECT', 'RETURNED', 'RECEIVED'] },
      { states: ['SUSPECT', 'RETURNED'], station: QUIET },
      { recipient: 'zebedee' },
      { recipient: 'zeb', station: QUIET },
      { query: 'zebedee' },
      { query: 'tq-000007' },
      { changedFrom: '2026-01-03', changedTo: '2026-01-03', station: QUIET },
      { changedFrom: '2026-01-03', changedTo: '2026-01-03' },
      { changedFrom: '2026-01-03', states: ['RETURNED'], station: QUIET },
      // Received (site schema 14): its own index range, every station's or one station's; the rows of the range are gathered and put in the page's order.
      { receivedFrom: '2026-01-03T00:00:00Z', receivedTo: '2026-01-03T00:30:00Z' },
      { receivedFrom: '2026-01-03T00:00:00Z', receivedTo: '2026-01-03T00:30:00Z', station: QUIET },
      { receivedFrom: '2026-06-10T00:00:00Z', receivedTo: '2026-06-10T00:30:00Z', states: ['SUSPECT', 'RETURNED'], station: BUSY },
      { receivedFrom: '2026-06-10T00:00:00Z', recipient: 'zebedee' },
    ];
    for (const args of cases) {
      const statements = await statementsOf(admin, searchItems, args);
      expect(statements).toHaveLength(1);
      const { blocks, seqScan } = await tableReading(admin, statements[0]!, 'site_items');
      // A page of 51 rows is a few index pages and at most 51 table pages per state walked (the rows
      // lie scattered); gathering a state's 5,000 items, or reading the table (~450 blocks), is hundreds.
      expect(seqScan, JSON.stringify(args)).toBe(false);
      expect(blocks, JSON.stringify(args)).toBeLessThan(args.states && (args.states as string[]).length > 1 ? 200 : 90);
    }
  });
});
