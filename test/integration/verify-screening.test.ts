// verify replays an item's screening record too (weighings, skipped steps, inspections, X-ray
// scans with their verdicts and second reviews), on a station that weighed from a scale, X-rayed
// through a cabinet, had an inconclusive image reviewed by a second screener and made an item
// suspect by its X-ray. The untouched database passes; an edited record fails, named.
import { copyFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { StoreVerdict } from '../../src/main/store/index.ts';
import { makeStation, tempDir } from '../helpers/station.ts';
import { runCli } from '../helpers/cli.ts';

const work = tempDir('mailscreen-verify-screening-');
const dbPath = path.join(work, 'station.sqlite');
const ids = { xrayed: '', suspect: '', letter: '' };
const refs = { xrayed: '', suspect: '' };

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

beforeAll(async () => {
  const station = makeStation({ dbPath, cabinets: { requestScan: async () => ({ accepted: true, deviceId: 'xray-1' }) } });
  const connect = async (badge: string, pin: string): Promise<StationConnection> => {
    const screen = station.connect();
    must(await screen.call('session.login', { badge, pin }), `login ${badge}`);
    return screen;
  };
  const admin = station.connect();
  must(await admin.call('session.setup', { badge: 'ADM-1', name: 'Ada Admin', pin: '135791' }), 'setup');
  const today = new Date().toISOString().slice(0, 10);
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  for (const [badge, name] of [['SCR-A', 'Ana Screener'], ['SCR-B', 'Ben Screener']] as const) {
    const { operator } = must<{ operator: { id: string } }>(await admin.call('operator.create', { badge, name, role: 'screener', pin: '864202' }), 'operator');
    must(await admin.call('training.record', { operatorId: operator.id, kind: 'xrayOperator', completedOn: today, expiresOn: nextYear, trainer: 'Vendor' }), 'training');
  }
  const ana = await connect('SCR-A', '864202');
  const ben = await connect('SCR-B', '864202');
  type Scanned = { item: { custodyId: string } };
  const scanRefOf = (custodyId: string) => station.workflow.records.xray_scans.forItem(custodyId).at(-1)!.scanRef;

  // A parcel weighed from the scale, inspected, X-rayed: inconclusive, cleared by a second screener.
  ids.xrayed = must<Scanned>(await ana.call('intake.scan', { code: '1Z5R89390357567127' }), 'scan').item.custodyId;
  must(await ana.call('item.setDetails', { custodyId: ids.xrayed, itemType: 'parcel', recipient: 'Lab 2' }), 'details');
  station.scales.report({ deviceId: 'scale-1', condition: 'stable', value: '1.25', unit: 'kg', resolution: '0.01', grams: 1250, at: new Date().toISOString() });
  must(await ana.call('item.captureWeight', { custodyId: ids.xrayed }), 'weigh');
  must(await ana.call('item.inspect', { custodyId: ids.xrayed, indicators: [], notes: 'Nothing seen' }), 'inspect');
  must(await ana.call('xray.requestScan', { custodyId: ids.xrayed }), 'request scan');
  refs.xrayed = scanRefOf(ids.xrayed);
  const image = Buffer.from('fake image bytes');
  expect(station.screening.attachImage(refs.xrayed, createHash('sha256').update(image).digest('hex'), path.join(work, 'image.png'))).toBe(true);
  must(await ana.call('xray.recordVerdict', { custodyId: ids.xrayed, verdict: 'inconclusive', findings: [], notes: 'Dense mass' }), 'verdict');
  must(await ben.call('xray.secondReview', { custodyId: ids.xrayed, verdict: 'clear', notes: 'Books' }), 'second review');
  must(await ana.call('item.clear', { custodyId: ids.xrayed }), 'clear');

  // A parcel made suspect by its X-ray.
  ids.suspect = must<Scanned>(await ana.call('intake.scan', { code: 'RB123456785GB' }), 'scan').item.custodyId;
  must(await ana.call('item.setDetails', { custodyId: ids.suspect, itemType: 'parcel' }), 'details');
  must(await ana.call('item.enterWeight', { custodyId: ids.suspect, grams: 830, reason: 'Scale out for service' }), 'weigh');
  must(await ana.call('item.inspect', { custodyId: ids.suspect, indicators: [], notes: '' }), 'inspect');
  must(await ana.call('xray.requestScan', { custodyId: ids.suspect }), 'request scan');
  refs.suspect = scanRefOf(ids.suspect);
  const findings = must<{ detail?: unknown }>(await ana.call('xray.recordVerdict', { custodyId: ids.suspect, verdict: 'suspect', findings: ['wires'], notes: 'Wires and a battery', incidentType: 'possibleExplosive' }), 'suspect verdict');
  expect(findings).toBeTruthy();

  // A letter: X-ray skipped with a reason, cleared, delivered.
  ids.letter = must<Scanned>(await ana.call('intake.scan', { code: '9400111206206406260787' }), 'scan').item.custodyId;
  must(await ana.call('item.setDetails', { custodyId: ids.letter, itemType: 'letter' }), 'details');
  must(await ana.call('item.enterWeight', { custodyId: ids.letter, grams: 21, reason: 'Scale out for service' }), 'weigh');
  must(await ana.call('item.inspect', { custodyId: ids.letter, indicators: [], notes: '' }), 'inspect');
  must(await ana.call('item.skipStep', { custodyId: ids.letter, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
  must(await ana.call('item.clear', { custodyId: ids.letter }), 'clear');
  station.close();
}, 120_000);

let copies = 0;
function verifyCopy(sql = ''): { status: number | null; verdict: StoreVerdict } {
  copies += 1;
  const file = path.join(work, `copy-${copies}.sqlite`);
  copyFileSync(dbPath, file);
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  db.exec(sql);
  db.close();
  const result = runCli(['verify', '--db', file]);
  return { status: result.status, verdict: JSON.parse(result.stdout) as StoreVerdict };
}

describe('verify and the screening record', { timeout: 120_000 }, () => {
  it('passes on the untouched database', () => {
    const checked = verifyCopy();
    expect(checked.status, JSON.stringify(checked.verdict.problems)).toBe(0);
  });

  it('an X-ray verdict that made an item suspect, turned to clear', () => {
    const checked = verifyCopy(`UPDATE xray_scans SET verdict = 'clear', findings = '[]' WHERE scan_ref = '${refs.suspect}'`);
    expect(checked.status).toBe(1);
    expect(checked.verdict.problems).toEqual([
      expect.objectContaining({ table: 'xray_scans', key: refs.suspect, column: 'verdict', expected: 'suspect', found: 'clear' }),
      expect.objectContaining({ table: 'xray_scans', key: refs.suspect, column: 'findings', expected: '["wires"]', found: '[]' }),
    ]);
  });

  it('a second review given to someone else, and an image swapped', () => {
    const checked = verifyCopy(`UPDATE xray_scans SET second_reviewer_id = reviewer_id, image_sha256 = '${'0'.repeat(64)}' WHERE scan_ref = '${refs.xrayed}'`);
    expect(checked.status).toBe(1);
    expect(checked.verdict.problems.map((p) => (typeof p === 'string' ? p : `${p.table}.${p.column}`)).sort()).toEqual(['xray_scans.image_sha256', 'xray_scans.second_reviewer_id']);
  });

  it('a weight, a skipped step and an inspection edited', () => {
    const checked = verifyCopy(`UPDATE weighings SET grams = 12.5 WHERE custody_id = '${ids.xrayed}';
      UPDATE step_skips SET reason = 'Policy' WHERE custody_id = '${ids.letter}';
      UPDATE inspections SET indicators = '["P84-01"]' WHERE custody_id = '${ids.suspect}'`);
    expect(checked.status).toBe(1);
    expect(checked.verdict.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'weighings', key: expect.stringMatching(new RegExp(`^${ids.xrayed}/1 `)), column: 'grams', expected: '1250', found: '12.5' }),
        expect.objectContaining({ table: 'step_skips', column: 'reason', found: 'Policy' }),
        expect.objectContaining({ table: 'inspections', column: 'indicators', expected: '[]', found: '["P84-01"]' }),
      ]),
    );
    expect(checked.verdict.problems).toHaveLength(3);
  });

  it("an X-ray qualification extended, and one added for an operator who has none", () => {
    const checked = verifyCopy(`UPDATE training_records SET expires_on = '2099-12-31' WHERE kind = 'xrayOperator' AND id = (SELECT min(id) FROM training_records);
      INSERT INTO training_records (operator_id, kind, completed_on, expires_on, trainer, recorded_by, recorded_at)
        SELECT id, 'xrayOperator', '2026-01-01', '2099-12-31', NULL, id, '2026-01-01T00:00:00.000Z' FROM operators WHERE badge = 'ADM-1'`);
    expect(checked.status).toBe(1);
    expect(checked.verdict.problems).toHaveLength(2);
    expect(checked.verdict.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'training_records', column: 'expires_on', found: '2099-12-31' }),
        expect.objectContaining({ table: 'training_records', problem: 'row not explained by any audit event' }),
      ]),
    );
  });

  it('an X-ray scan deleted', () => {
    const checked = verifyCopy(`DELETE FROM xray_scans WHERE scan_ref = '${refs.xrayed}'`);
    expect(checked.verdict.problems).toEqual([{ table: 'xray_scans', key: refs.xrayed, problem: 'row missing: its audit events say it exists' }]);
  });
});
