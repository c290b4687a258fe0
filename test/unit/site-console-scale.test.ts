// The console's pages at a site where one station is busy and another quiet: a quiet station's
// latest items and incidents, and the open incidents among thousands of closed ones, must be an
// index range, not a walk past every newer row of the other stations (site schema 10). Checked by
// what PostgreSQL reads (EXPLAIN ANALYZE's buffers for the console's own statements), never by
// time; and the pages themselves: order, keyset cursor, a cursor of another station refused.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argumentsRefusal } from '../../src/main/core/index.ts';
import { lineLog } from '../../src/main/log.ts';
import { addConsole, SiteConsole, type ConsoleConnection } from '../../src/main/site/index.ts';
import { encodeCursor, readIncidents } from '../../src/main/site/console/consoleReads.ts';
import { searchBinding, searchItems } from '../../src/main/site/console/consoleSearch.ts';
import type { ConsoleResponse } from '../../src/shared/contract/index.ts';
import { statementsOf, tableReading } from '../helpers/consolePlans.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';

const BUSY = 'ST-BUSY';
const QUIET = 'ST-QUIET';
const BUSY_ITEMS = 30_000;
const QUIET_ITEMS = 10_000;

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
let siteConsole: SiteConsole;
let screen: ConsoleConnection;

beforeAll(async () => {
  ({ site, admin, stop: stopSite } = await startSiteDatabase());
  const login = await addConsole(admin, 'office');
  siteConsole = new SiteConsole({ connectionString: site.url(login.role, login.password), version: 'test', argumentsRefusal, validateResponses: true, log: lineLog('console', () => undefined) });
  screen = siteConsole.connect();
  // The busy station's items all changed after the quiet station's last one (a mailroom closed for a
  // while), the rows of both stored interleaved, as the follower writes them.
  await admin.query(
    `INSERT INTO site_items (station, custody_id, tracking_number, state, updated_seq, updated_at)
     SELECT station, id, 'T' || id, 'CLEARED', n, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM (
       SELECT $1 AS station, 'B-' || lpad(n::text, 6, '0') AS id, n, '2026-06-01T00:00:00Z'::timestamptz + n * interval '1 minute' AS at FROM generate_series(1, $2::int) n
       UNION ALL
       SELECT $3, 'Q-' || lpad(n::text, 6, '0'), n, '2026-01-01T00:00:00Z'::timestamptz + n * interval '1 minute' FROM generate_series(1, $4::int) n
     ) x ORDER BY md5(id)`,
    [BUSY, BUSY_ITEMS, QUIET, QUIET_ITEMS],
  );
  // Thousands of closed incidents, a few open ones at the quiet station, long ago.
  await admin.query(
    `INSERT INTO site_incidents (station, number, closed, updated_seq, updated_at)
     SELECT $1, 'INC-B-' || lpad(n::text, 5, '0'), 'true', n, to_char('2026-06-01T00:00:00Z'::timestamptz + n * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
       FROM generate_series(1, 8000) n`,
    [BUSY],
  );
  await admin.query(
    `INSERT INTO site_incidents (station, number, closed, updated_seq, updated_at)
     SELECT $1, 'INC-Q-' || lpad(n::text, 5, '0'), CASE WHEN n <= 3 THEN 'false' ELSE 'true' END, n,
            to_char('2026-01-01T00:00:00Z'::timestamptz + n * interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
       FROM generate_series(1, 60) n`,
    [QUIET],
  );
  await admin.query('VACUUM ANALYZE site_items');
  await admin.query('VACUUM ANALYZE site_incidents');
}, 180_000);
afterAll(async () => {
  await siteConsole?.close();
  await stopSite?.();
}, 180_000);

async function read<T>(command: string, args: unknown): Promise<T> {
  const answer = await screen.call(command, args);
  if (!answer.ok) throw new Error(`${command}: ${answer.error.code} ${answer.error.message}`);
  return answer.value as T;
}

type Search = ConsoleResponse<'console.search'>;
type Incidents = ConsoleResponse<'console.incidents'>;

describe('the console at a site with a busy and a quiet station', () => {
  it("pages the quiet station's latest items newest first, by key", async () => {
    const first = await read<Search>('console.search', { station: QUIET });
    expect(first.items).toHaveLength(50);
    expect(first.items.every((item) => item.station === QUIET)).toBe(true);
    expect(first.items[0]!.custodyId).toBe('Q-010000');
    expect(first.items[49]!.custodyId).toBe('Q-009951');
    const second = await read<Search>('console.search', { station: QUIET, cursor: first.next });
    expect(second.items.map((item) => item.custodyId)).toEqual(Array.from({ length: 50 }, (_, i) => `Q-${String(9950 - i).padStart(6, '0')}`));
    const last = await read<Search>('console.search', { station: QUIET, cursor: encodeCursor({ updatedAt: '2026-01-01T00:11:00.000Z', station: QUIET, key: 'Q-000011' }, searchBinding({ station: QUIET })) });
    expect(last.items.map((item) => item.custodyId)).toEqual(Array.from({ length: 10 }, (_, i) => `Q-${String(10 - i).padStart(6, '0')}`));
    expect(last.next).toBeNull();
    // Every station: the busy station's newest first, then on down to the quiet one's.
    const all = await read<Search>('console.search', { limit: 1 });
    expect(all.items[0]!.custodyId).toBe(`B-${String(BUSY_ITEMS).padStart(6, '0')}`);
  });

  it("refuses a page cursor of another station's list for a station's list", async () => {
    const busy = await read<Search>('console.search', { station: BUSY });
    const answer = await screen.call('console.search', { station: QUIET, cursor: busy.next });
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('INVALID_ARGUMENTS');
      expect(answer.error.message).toMatch(/search again from the first page/);
    }
  });

  it("reads the quiet station's first and deep pages as an index range, not past the busy station's rows", async () => {
    const first = await read<Search>('console.search', { station: QUIET });
    for (const args of [{ station: QUIET }, { station: QUIET, cursor: first.next }, { station: QUIET, query: 'TQ-000007' }]) {
      const statements = await statementsOf(admin, searchItems, args);
      expect(statements).toHaveLength(1);
      // An index range of 51 rows is a few index pages and at most 51 table pages (the rows lie
      // scattered, as the follower writes them); walking 30,000 newer rows of the busy station, or
      // reading the table, is hundreds.
      expect((await tableReading(admin, statements[0]!, 'site_items')).blocks).toBeLessThan(80);
    }
  });

  it('lists the open incidents and a quiet station\'s incidents as an index range among thousands of closed ones', async () => {
    const open = await read<Incidents>('console.incidents', { open: true });
    expect(open.incidents.map((incident) => incident.number)).toEqual(['INC-Q-00003', 'INC-Q-00002', 'INC-Q-00001']);
    const quiet = await read<Incidents>('console.incidents', { station: QUIET, limit: 10 });
    expect(quiet.incidents[0]!.number).toBe('INC-Q-00060');
    const later = await read<Incidents>('console.incidents', { station: QUIET, limit: 10, cursor: quiet.next });
    expect(later.incidents[0]!.number).toBe('INC-Q-00050');
    for (const args of [{ open: true }, { station: QUIET }, { station: QUIET, cursor: quiet.next }, { open: true, station: QUIET }]) {
      const statements = await statementsOf(admin, readIncidents, args);
      expect((await tableReading(admin, statements[0]!, 'site_incidents')).blocks).toBeLessThan(40);
    }
  });
});
