// verify's state check split by item over two workers (issue 15, point 1): each part finds the
// rows of its own items tampered with, the station-wide part the station's, and the merged verdict
// is the one the whole replay in one thread gives, on any tampering (a property over random edits).
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import { checkStateAside, checkStateHere, checkStatePart, mergeStateParts } from '../../src/main/store/verifyStore.ts';
import { partOfSubject, replayMemory, subjectPartSql } from '../../src/main/store/replay/index.ts';
import { buildScenario, CORA, type Scenario } from '../fixtures/reports/scenario.ts';
import { tempDir } from '../helpers/station.ts';

const work = tempDir('mailscreen-verify-parts-');
const ITEMS = 16;
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
  for (let i = 0; i < ITEMS; i += 1) {
    const custodyId = must<{ item: { custodyId: string } }>(await cora.call('intake.scan', { code: `PARTS-${2000 + i}` }), 'scan').item.custodyId;
    custodyIds.push(custodyId);
    must(await cora.call('item.setDetails', { custodyId, itemType: 'letter', recipient: `Recipient ${i}` }), 'details');
    if (i % 3 === 2) continue;
    must(await cora.call('item.enterWeight', { custodyId, grams: 30 + i, reason: 'Scale out for service' }), 'weigh');
    if (i % 4 === 1) must(await cora.call('item.enterWeight', { custodyId, grams: 31 + i, reason: 'Weighed again' }), 'weigh again');
    must(await cora.call('item.inspect', { custodyId, indicators: [], notes: `note ${i}` }), 'inspect');
  }
  must(await cora.call('records.legalHold', { action: 'place', subject: { type: 'item', custodyId: custodyIds[3]! }, reason: 'Subpoena 2026-31' }), 'hold');
  s.station.close();
}, 180_000);

afterEach(() => {
  replayMemory.hotEntries = usual;
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
  writable.exec('DROP TRIGGER IF EXISTS legal_holds_placement_fixed; DROP TRIGGER IF EXISTS legal_holds_release_once; DROP TRIGGER IF EXISTS legal_holds_no_delete;');
  edit(writable);
  writable.close();
  const db = openDatabase(copy, { readonly: true });
  opened.push(db);
  return db;
}

const inPart = (index: number) => custodyIds.filter((id) => partOfSubject(id, 2) === index);

/** Every part of an n-way split, in this thread, merged. */
const splitHere = (db: Database.Database, count: number) => mergeStateParts(Array.from({ length: count }, (_, index) => checkStatePart(db, undefined, null, { index, count })));

describe('the state check split by item', { timeout: 180_000 }, () => {
  it('puts a custody ID in the same part in SQL (the events) as here (the rows)', () => {
    const sql = new Database(':memory:');
    for (const count of [2, 3, 5]) {
      const part = sql.prepare<[string], number>(`SELECT ${subjectPartSql('?', count)}`).pluck();
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (id) => {
          expect(part.get(id)).toBe(partOfSubject(id, count));
        }),
        { numRuns: 2000 },
      );
      expect(part.get('')).toBe(partOfSubject('', count));
    }
    sql.close();
  });

  it('gives part 0, which also replays the station-wide tables, 2 of 5 slices of a split in two (13 of the 32 last characters a custody ID can have), none of a split in more', () => {
    const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const inPart0 = [...crockford].filter((c) => partOfSubject(`000-000-00${c}`, 2) === 0);
    expect(inPart0).toHaveLength(13);
    // Three or more parts (made one after the other): part 0 no items, each other part one slice.
    expect([...crockford].map((c) => partOfSubject(c, 3))).toEqual([...crockford].map((c) => 1 + (c.codePointAt(0)! % 2)));
    const ofFive = [...crockford].map((c) => partOfSubject(`000-000-00${c}`, 5));
    expect([0, 1, 2, 3, 4].map((index) => ofFive.filter((p) => p === index).length)).toEqual([0, 8, 8, 9, 7]);
  });

  it('has items in both parts (else this test proves nothing)', () => {
    expect(inPart(0).length).toBeGreaterThan(2);
    expect(inPart(1).length).toBeGreaterThan(2);
  });

  it('each part finds the tampered row of its own items, part 0 the station-wide one, and the workers answer what one thread does', async () => {
    const [mine0] = inPart(0);
    // One that was weighed (every third item was not).
    const mine1 = inPart(1).find((id) => custodyIds.indexOf(id) % 3 !== 2);
    const db = tampered((w) => {
      w.prepare('UPDATE items SET recipient = ? WHERE custody_id = ?').run('Someone else', mine0);
      w.prepare('UPDATE weighings SET grams = 999 WHERE id = (SELECT min(id) FROM weighings WHERE custody_id = ?)').run(mine1);
      w.prepare("UPDATE legal_holds SET reason = 'nothing' WHERE 1").run();
    });
    const part0 = checkStatePart(db, undefined, null, { index: 0, count: 2 });
    const part1 = checkStatePart(db, undefined, null, { index: 1, count: 2 });
    const named = (tables: typeof part0.tables) => tables.flatMap((t) => [...t.streamed.map(([, p]) => p), ...t.missing]).map((p) => `${p.table} ${p.key.split(' ')[0]} ${p.column ?? ''}`);
    expect(named(part0.tables)).toEqual([`items ${mine0} recipient`, expect.stringMatching(/^legal_holds \d+ reason$/)]);
    expect(named(part1.tables)).toEqual([`weighings ${mine1}/1 grams`]);
    const whole = checkStateHere(db, undefined, null);
    expect(whole.state.count).toBe(3);
    const stats = { inWorker: 0, inThisThread: 0 };
    expect(await checkStateAside(db, undefined, null, stats, 2)).toEqual(whole);
    expect(stats).toEqual({ inWorker: 1, inThisThread: 0 });
  });

  it('an untouched store: every split gives the whole verdict', () => {
    const db = tampered(() => undefined);
    const whole = checkStateHere(db, undefined, null);
    expect(whole.state.count).toBe(0);
    expect(whole.walk.read).toBeGreaterThan(100);
    for (const count of [2, 3]) expect(splitHere(db, count)).toEqual(whole);
  });

  // Random edits behind the station's back: a cell changed, a row deleted, a row copied, in any of
  // the replayed tables; split in 2 or 3 parts, with the rows in memory or spilled.
  const EDITS: ReadonlyArray<{ table: string; column: string; value: string }> = [
    { table: 'items', column: 'recipient', value: 'Mallory' },
    { table: 'items', column: 'state', value: 'DELIVERED' },
    { table: 'weighings', column: 'grams', value: '7' },
    { table: 'inspections', column: 'notes', value: 'nothing' },
    { table: 'step_skips', column: 'reason', value: 'none' },
    { table: 'custody_transfers', column: 'reason', value: 'moved' },
    { table: 'operators', column: 'role', value: 'admin' },
    { table: 'incidents', column: 'reason', value: 'nothing' },
    { table: 'incident_entries', column: 'recorded_by', value: 'nobody' },
    { table: 'legal_holds', column: 'reason', value: 'none' },
  ];
  const edit = fc.record({ what: fc.constantFrom(...EDITS), how: fc.constantFrom('change', 'delete', 'copy'), row: fc.nat(40) });

  it('merged, the parts give exactly the verdict of the whole replay (property)', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.constantFrom(2, 3), fc.constantFrom(1, 3, usual), (edits, count, hot) => {
        const db = tampered((w) => {
          for (const { what, how, row } of edits) {
            const ids = w.prepare(`SELECT rowid FROM ${what.table} ORDER BY rowid`).pluck().all() as number[];
            if (ids.length === 0) continue;
            const id = ids[row % ids.length]!;
            if (how === 'change') w.prepare(`UPDATE ${what.table} SET ${what.column} = ? WHERE rowid = ?`).run(what.value, id);
            else if (how === 'delete') w.prepare(`DELETE FROM ${what.table} WHERE rowid = ?`).run(id);
            else {
              const columns = (w.prepare(`SELECT name FROM pragma_table_info('${what.table}') WHERE pk = 0`).pluck().all() as string[]).join(', ');
              // A copy that would break a unique key is not made (the station's schema refuses it too).
              try {
                w.prepare(`INSERT INTO ${what.table} (${columns}) SELECT ${columns} FROM ${what.table} WHERE rowid = ?`).run(id);
              } catch {
                /* not copied */
              }
            }
          }
        });
        replayMemory.hotEntries = hot;
        expect(splitHere(db, count)).toEqual(checkStateHere(db, undefined, null));
      }),
      { numRuns: 25 },
    );
  });
});
