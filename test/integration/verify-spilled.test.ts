// verify's replay with its expected rows spilled to a file (a 1M-item store's do not fit in
// memory, issue 15, point 3) gives the verdict it gives with every row in memory: on an untouched
// database, and with rows edited, removed and added behind the station's back.
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore, verifyStoreParallel } from '../../src/main/store/index.ts';
import { replayMemory } from '../../src/main/store/replay/index.ts';
import { makeStation, tempDir } from '../helpers/station.ts';
import { must, screenerAna, tamperedCopies } from '../helpers/verifyStation.ts';

const work = tempDir('mailscreen-verify-spilled-');
const dbPath = path.join(work, 'station.sqlite');
const ITEMS = 24;
const custodyIds: string[] = [];
const usual = replayMemory.hotEntries;

beforeAll(async () => {
  const station = makeStation({ dbPath });
  const ana = await screenerAna(station);
  for (let i = 0; i < ITEMS; i += 1) {
    const custodyId = must<{ item: { custodyId: string } }>(await ana.call('intake.scan', { code: `SPILL-${1000 + i}` }), 'scan').item.custodyId;
    custodyIds.push(custodyId);
    must(await ana.call('item.setDetails', { custodyId, itemType: 'letter', recipient: `Recipient ${i}` }), 'details');
    if (i % 4 === 3) continue;
    must(await ana.call('item.enterWeight', { custodyId, grams: 20 + i, reason: 'Scale out for service' }), 'weigh');
    must(await ana.call('item.inspect', { custodyId, indicators: [], notes: `note ${i}` }), 'inspect');
    if (i % 4 === 2) continue;
    must(await ana.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
    must(await ana.call('item.clear', { custodyId }), 'clear');
    if (i % 2 === 0) must(await ana.call('item.deliver', { custodyId, recipient: { kind: 'name', name: `Person ${i}` }, confirmed: true }), 'deliver');
  }
  station.close();
}, 120_000);

afterEach(() => {
  replayMemory.hotEntries = usual;
});

const copies = tamperedCopies(dbPath);
afterAll(() => copies.close());
const tampered = (edit: (db: Database.Database) => void): Database.Database => copies.copyOf(edit).db;

/** The verdict with every row in memory, and with at most one row of each table in memory. */
async function bothWays(db: Database.Database) {
  replayMemory.hotEntries = usual;
  const inMemory = verifyStore(db);
  replayMemory.hotEntries = 1;
  const spilled = verifyStore(db);
  const spilledParallel = await verifyStoreParallel(db, { workers: 2, minEventsPerWorker: 1 });
  return { inMemory, spilled, spilledParallel };
}

describe('verify with the replay spilled to a file', { timeout: 120_000 }, () => {
  it('passes on the untouched database, as in memory', async () => {
    const { inMemory, spilled, spilledParallel } = await bothWays(tampered(() => undefined));
    expect(inMemory.ok).toBe(true);
    expect(spilled).toEqual(inMemory);
    expect(spilledParallel).toEqual(inMemory);
  });

  it('finds the same problems, named the same, when rows of every replayed kind were edited, removed or added', async () => {
    const db = tampered((w) => {
      w.prepare('UPDATE items SET state = ? WHERE custody_id = ?').run('CLEARED', custodyIds[3]);
      w.prepare('UPDATE items SET recipient = ? WHERE custody_id = ?').run('Someone else', custodyIds[17]);
      w.prepare('UPDATE weighings SET grams = 999 WHERE custody_id = ?').run(custodyIds[5]);
      w.prepare('DELETE FROM inspections WHERE custody_id = ?').run(custodyIds[9]);
      w.prepare('UPDATE step_skips SET reason = ? WHERE custody_id = ?').run('Nobody asked', custodyIds[12]);
      w.prepare("INSERT INTO step_skips (custody_id, step, reason, operator_id, at) SELECT custody_id, step, 'again', operator_id, at FROM step_skips WHERE custody_id = ?").run(custodyIds[0]);
    });
    const { inMemory, spilled, spilledParallel } = await bothWays(db);
    expect(inMemory.ok).toBe(false);
    const named = inMemory.problems.map((p) => (typeof p === 'string' ? p : `${p.table} ${p.key} ${p.column ?? ''} ${p.problem}`));
    expect(named).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^items .* state differs/),
        expect.stringMatching(/^items .* recipient differs/),
        expect.stringMatching(/^weighings .* grams differs/),
        expect.stringMatching(/^inspections .* row missing/),
        expect.stringMatching(/^step_skips .* reason differs/),
        expect.stringMatching(/^step_skips .* row not explained/),
      ]),
    );
    expect(spilled).toEqual(inMemory);
    expect(spilledParallel).toEqual(inMemory);
  });
});
