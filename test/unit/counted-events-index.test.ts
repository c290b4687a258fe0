import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/store/index.ts';
import { SqliteDashboardReadModel } from '../../src/main/store/readModels/dashboardReadModel.ts';
import { SqliteAfterClearanceReadModel } from '../../src/main/store/readModels/afterClearanceReadModel.ts';
import { COUNTED_EVENTS_TERMS } from '../../src/main/store/readModels/countedEvents.ts';
import { tempDir } from '../helpers/station.ts';

// The dashboard's counts of a month read ~280,000 whole audit rows at 1M items through the time
// index; migration 016's partial index holds what they count. SQLite takes a partial index only when
// the query repeats its terms word for word: a count that drifts from them falls back to the rows
// silently, with the same figures. So the plan is what is checked here.

let db: Database.Database | undefined;
afterEach(() => db?.close());

/** The SQL each count prepares, by running it on a database that records what is prepared. */
function preparedBy(real: Database.Database, run: (recording: Database.Database) => void): string[] {
  const seen: string[] = [];
  const recording = { prepare: (sql: string) => (seen.push(sql), real.prepare(sql)) } as unknown as Database.Database;
  run(recording);
  return seen;
}

function plan(real: Database.Database, sql: string): string {
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  return (real.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail).join('; ');
}

describe("the counted events' index (migration 016)", () => {
  it('holds the terms the counts repeat, word for word', () => {
    db = openDatabase(path.join(tempDir(), 'counted.sqlite'));
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_events_counted'").pluck().get() as string;
    expect(sql.replace(/\s+/g, ' ')).toContain(`WHERE ${COUNTED_EVENTS_TERMS}`);
  });

  it("the dashboard's and the daily log's counts are read off that index alone, not the audit rows", () => {
    db = openDatabase(path.join(tempDir(), 'counted.sqlite'));
    const real = db;
    const counts = preparedBy(real, (recording) => {
      new SqliteDashboardReadModel(recording).itemEventsPerDay([{ day: '2026-11-01', startIso: '2026-11-01T00:00:00.000Z', endIso: '2026-11-02T00:00:00.000Z' }]);
      const afterClearance = new SqliteAfterClearanceReadModel(recording);
      afterClearance.counts('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z');
      afterClearance.counts('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'ST-1');
    }).filter((sql) => /FROM audit_events/.test(sql));
    expect(counts).toHaveLength(3);
    for (const sql of counts) expect(plan(real, sql)).toMatch(/USING COVERING INDEX audit_events_counted \(at>\? AND at<\?\)/);
    // The items per day: a count per local day, no temporary b-tree to group a month's events by a local date worked out for each.
    expect(plan(real, counts[0]!)).toBe('SEARCH audit_events USING COVERING INDEX audit_events_counted (at>? AND at<?)');
  });
});
