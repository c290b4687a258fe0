// verify numbers an item's records (`<custody ID>/<n>`) as it reads them in id order rather than
// counting each row in SQL (issue 15: a seek per row, seconds at 1M items). The verdict must be the
// one the SQL count gives on any store: rows added, removed, moved to another item, to an item the
// events never named, or to a custody ID JavaScript cannot read back as SQLite stores it.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import { ITEM_RECORD_TABLES } from '../../src/main/store/itemRecords/index.ts';
import type { RowSource } from '../../src/main/store/rowSource.ts';
import { rowNumbering } from '../../src/main/store/stateCheck.ts';
import { checkStateHere, checkStatePart, mergeStateParts } from '../../src/main/store/verifyStore.ts';
import { replayMemory } from '../../src/main/store/replay/index.ts';
import { buildScenario, CORA, type Scenario } from '../fixtures/reports/scenario.ts';
import { tempDir } from '../helpers/station.ts';

const work = tempDir('mailscreen-verify-numbering-');
const ITEMS = 8;
const custodyIds: string[] = [];
const usual = replayMemory.hotEntries;
let s: Scenario;

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

beforeAll(async () => {
  s = await buildScenario();
  const cora = s.station.connect();
  must(await cora.call('session.login', { badge: CORA.badge, pin: CORA.pin }), 'login');
  // Items whose weighings interleave with the other items' (ids not together).
  for (let i = 0; i < ITEMS; i += 1) {
    const custodyId = must<{ item: { custodyId: string } }>(await cora.call('intake.scan', { code: `NUMBERED-${3000 + i}` }), 'scan').item.custodyId;
    custodyIds.push(custodyId);
    must(await cora.call('item.setDetails', { custodyId, itemType: 'letter', recipient: `Recipient ${i}` }), 'details');
  }
  for (let round = 0; round < 3; round += 1) {
    for (const [i, custodyId] of custodyIds.entries()) {
      if ((i + round) % 3 === 0) continue;
      must(await cora.call('item.enterWeight', { custodyId, grams: 20 + i + round, reason: `Scale out for service ${round}` }), 'weigh');
    }
  }
  for (const [i, custodyId] of custodyIds.entries()) must(await cora.call('item.inspect', { custodyId, indicators: [], notes: `note ${i}` }), 'inspect');
  s.station.close();
}, 180_000);

afterEach(() => {
  replayMemory.hotEntries = usual;
  rowNumbering.asRead = true;
});

const opened: Database.Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
});

let copies = 0;
function tampered(edit: (db: Database.Database) => void): Database.Database {
  const copy = path.join(work, `copy-${(copies += 1)}.sqlite`);
  copyFileSync(s.dbPath, copy);
  const writable = new Database(copy);
  writable.pragma('foreign_keys = OFF');
  edit(writable);
  writable.close();
  const db = openDatabase(copy, { readonly: true });
  opened.push(db);
  return db;
}

/** The verdict whole and split in two and three, numbered as read (the new way) or each row counted in SQL (as before). */
function verdicts(db: Database.Database, asRead: boolean): unknown[] {
  rowNumbering.asRead = asRead;
  const split = (count: number) => mergeStateParts(Array.from({ length: count }, (_, index) => checkStatePart(db, undefined, null, { index, count })));
  try {
    return [checkStateHere(db, undefined, null), split(2), split(3)];
  } finally {
    rowNumbering.asRead = true;
  }
}

const NUMBERED = ['weighings', 'inspections', 'step_skips', 'custody_transfers'];
const cell = (db: Database.Database, sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args);

describe("verify's numbering of an item's records", { timeout: 180_000 }, () => {
  it('reads them without a count per row: their keys are the custody ID, numbered by verify', () => {
    for (const records of ITEM_RECORD_TABLES.filter((r) => NUMBERED.includes(r.table))) {
      const rows: RowSource = records.rows;
      expect(rows.sql, records.table).not.toMatch(/count\(\*\)|ROW_NUMBER/i);
      expect(rows.numbered, records.table).toMatch(/count\(\*\)/);
    }
  });

  it('names a weighing added after an item\'s own, one moved to another item and one of an unknown item as the SQL count does', () => {
    const [a, b] = custodyIds;
    const db = tampered((w) => {
      const copyOf = (id: unknown, custodyId: string) =>
        w.prepare('INSERT INTO weighings (custody_id, grams, source, reading, manual_reason, operator_id, at) SELECT ?, grams, source, reading, manual_reason, operator_id, at FROM weighings WHERE id = ?').run(custodyId, id);
      const first = cell(w, 'SELECT min(id) FROM weighings WHERE custody_id = ?', a);
      copyOf(first, a!);
      copyOf(first, 'NEVER-SCANNED');
      w.prepare('UPDATE weighings SET custody_id = ? WHERE id = (SELECT min(id) FROM weighings WHERE custody_id = ?)').run(a, b);
    });
    const problems = (checkStateHere(db, undefined, null).state.problems as Array<{ table: string; key: string; problem: string }>).filter((p) => p.table === 'weighings');
    // The count in SQL, row by row, is what each stored row is named.
    for (const problem of problems.filter((p) => p.key.includes('row id'))) {
      const id = Number(/row id (\d+)/.exec(problem.key)![1]);
      expect(problem.key.split(' ')[0]).toBe(cell(db, (ITEM_RECORD_TABLES.find((r) => r.table === 'weighings')!.rows as RowSource).numbered!, id));
    }
    expect(problems.map((p) => `${p.key.split(' ')[0]} ${p.problem}`)).toEqual(expect.arrayContaining([`NEVER-SCANNED/1 row not explained by any audit event`]));
    expect(verdicts(db, true)).toEqual(verdicts(db, false));
  });

  it('counts in SQL the rows of a custody ID JavaScript reads differently (bytes not UTF-8, a NUL), with the verdict of before', () => {
    const [a, b, c] = custodyIds;
    const db = tampered((w) => {
      // Two rows SQLite tells apart that read back alike (each invalid byte is U+FFFD), and one with a NUL.
      w.prepare("UPDATE weighings SET custody_id = CAST(? || x'ff' AS TEXT) WHERE id = (SELECT min(id) FROM weighings WHERE custody_id = ?)").run(a, a);
      w.prepare("UPDATE weighings SET custody_id = ? || char(65533) WHERE id = (SELECT max(id) FROM weighings WHERE custody_id = ?)").run(a, b);
      w.prepare("UPDATE inspections SET custody_id = ? || char(0) || 'x' WHERE id = (SELECT min(id) FROM inspections WHERE custody_id = ?)").run(c, c);
      // An item whose events (and so the replay) name it with such bytes too: of its weighings, one
      // keeps the bytes, one is the text they read back as (SQLite numbers each apart).
      const d = custodyIds[3]!;
      const dWeighings = w.prepare('SELECT id FROM weighings WHERE custody_id = ? ORDER BY id').pluck().all(d) as number[];
      expect(dWeighings.length).toBeGreaterThanOrEqual(2);
      w.exec('DROP TRIGGER audit_events_no_update');
      w.prepare("UPDATE audit_events SET subject_id = CAST(subject_id || x'ff' AS TEXT) WHERE subject_id = ?").run(d);
      w.prepare("UPDATE weighings SET custody_id = CAST(custody_id || x'ff' AS TEXT) WHERE id = ?").run(dWeighings[0]);
      w.prepare('UPDATE weighings SET custody_id = custody_id || char(65533) WHERE id = ?').run(dWeighings[1]);
    });
    const whole = checkStateHere(db, undefined, null);
    expect(whole.state.count).toBeGreaterThan(0);
    expect(verdicts(db, true)).toEqual(verdicts(db, false));
  });

  const edit = fc.record({
    table: fc.constantFrom('weighings', 'inspections'),
    how: fc.constantFrom('delete', 'copy', 'move', 'stranger'),
    row: fc.nat(60),
    to: fc.nat(ITEMS - 1),
  });

  it('gives the verdict of the SQL count on any mix of rows added, removed and moved, spilled or not (property)', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.constantFrom(1, 2, usual), (edits, hot) => {
        const db = tampered((w) => {
          for (const { table, how, row, to } of edits) {
            const ids = w.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];
            if (ids.length === 0) continue;
            const id = ids[row % ids.length]!;
            const columns = (w.prepare(`SELECT name FROM pragma_table_info('${table}') WHERE pk = 0 AND name <> 'custody_id'`).pluck().all() as string[]).join(', ');
            if (how === 'delete') w.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
            else if (how === 'move') w.prepare(`UPDATE ${table} SET custody_id = ? WHERE id = ?`).run(custodyIds[to], id);
            else w.prepare(`INSERT INTO ${table} (custody_id, ${columns}) SELECT ?, ${columns} FROM ${table} WHERE id = ?`).run(how === 'copy' ? custodyIds[to] : `STRANGER-${to}`, id);
          }
        });
        replayMemory.hotEntries = hot;
        expect(verdicts(db, true)).toEqual(verdicts(db, false));
      }),
      { numRuns: 25 },
    );
  });
});
