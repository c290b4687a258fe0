import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dashboardStats } from '../../src/main/core/dashboard.ts';
import { ItemSearchService } from '../../src/main/records/index.ts';
import { collectDailyLog } from '../../src/main/reports/dailyLog.ts';
import { Store, type StoreReader } from '../../src/main/store/index.ts';
import { tempDir } from '../helpers/station.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';

let store: Store;
beforeEach(() => {
  store = Store.open(path.join(tempDir(), 'reader.sqlite'));
});
afterEach(() => store.close());

/**
 * Never called: `npx tsc` checks that a reader cannot reach a write. Each line below must stay a
 * type error; if one compiles, the read-only handle has grown a way to write.
 */
export function readersCannotWrite(reader: StoreReader, full: Store): void {
  // @ts-expect-error a reader has no database handle to prepare SQL on
  reader.db.prepare('DELETE FROM items');
  // @ts-expect-error a reader cannot open a write transaction
  reader.transaction(() => undefined);
  // @ts-expect-error a reader has no audit log to append to
  reader.audit.append({});
  // @ts-expect-error a reader has no repositories that write
  reader.items.setState('X', 'CLEARED', '');
  // @ts-expect-error the dashboard reads through its read model, not the whole store
  dashboardStats(full, { period: () => ({ initial: [], changes: [] }) }, '2026-03-14', '2026-03-14', new Date());
  // @ts-expect-error the daily log reads through its read model, not a database handle
  collectDailyLog(full.db, { date: '2026-03-14', station: 'S', includeDemo: false });
  // @ts-expect-error search reads through its read model, not a database handle
  new ItemSearchService(full.db);
}

describe('the read-only store handle', () => {
  it('offers the read models and one read transaction, nothing else', () => {
    expect(Object.keys(store.reader).sort()).toEqual(['afterClearance', 'auditExport', 'consistent', 'dailyLog', 'dashboard', 'lookups', 'publishing', 'search']);
  });

  it('the readers answer from the records', () => {
    // A new store begins with its genesis event (issue 10): that is the first head.
    expect(store.reader.lookups.chainHead()).toMatchObject({ seq: 1 });
    expect(store.reader.lookups.incidentIdByNumber('INC-2026-0001')).toBeNull();
    expect(store.reader.lookups.incidentExists(1)).toBe(false);
    store.transaction(() => store.audit.append(uncatalogued({ actor: 'cli:t', kind: 'station.started', subjectType: 'station', subjectId: store.stationId, mode: 'live', payload: {} })));
    const head = store.reader.consistent(() => store.reader.lookups.chainHead());
    expect(head).toMatchObject({ seq: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(store.reader.dashboard.itemStates('2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z')).toEqual([]);
  });
});
