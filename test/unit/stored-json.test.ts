import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { addOperator, makeStation, quarantinedSuspectParcel } from '../helpers/station.ts';

// JSON read back from the database is parsed with the schema it was written with. A value changed
// behind the station's back (or damaged) is refused with the table, column and row named, instead
// of being cast and shown, or crashing somewhere further on.

let station: Station | undefined;
afterEach(() => station?.close());

async function quarantinedItem() {
  station = makeStation();
  const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
  const screen = station.connect();
  await screen.call('session.login', { badge: coordinator.badge, pin: '2468' });
  const { custodyId, incidentId } = await quarantinedSuspectParcel(screen);
  await screen.call('incident.addPerson', { incidentId, name: 'Ada', involvement: 'handled', contact: null });
  return { station, screen, custodyId, incidentId };
}

/** Changes one stored value as someone with write access to the database file could. */
function tamper(station: Station, sql: string, ...params: unknown[]): void {
  station.store.db.prepare(sql).run(...params);
}

describe('stored JSON is parsed with its schema, never cast', () => {
  it('an untampered record reads back as it was written', async () => {
    const { screen, incidentId, custodyId } = await quarantinedItem();
    const view = await screen.call('incident.get', { incidentId });
    expect(view).toMatchObject({ ok: true, value: { incident: { persons: [{ name: 'Ada', involvement: 'handled' }], custody: [{ sealNumbers: ['S-1'] }] } } });
    expect(await screen.call('item.get', { custodyId })).toMatchObject({ ok: true });
  });

  it.each([
    ['incidents', 'protocol', `{"schemaVersion":1,"incidentType":"other","title":"t","summary":"s","version":"1","steps":"call nobody"}`, /incidents\.protocol of id \d+ \(INC-\d{4}-\d{4}\) fails its schema \(steps: /],
    ['incidents', 'protocol', 'not json', /incidents\.protocol of id \d+ \(INC-\d{4}-\d{4}\) fails its schema \(it is not valid JSON\)/],
    ['incidents', 'details', '{"evacuationDistanceMeters":"far"}', /incidents\.details of id \d+ \(INC-\d{4}-\d{4}\) fails its schema \(evacuationDistanceMeters: /],
  ])('a tampered %s.%s is refused with its table and row named', async (table, column, value, expected) => {
    const { screen, incidentId } = await quarantinedItem();
    tamper(station!, `UPDATE ${table} SET ${column} = ? WHERE id = ?`, value, incidentId);
    const view = await screen.call('incident.get', { incidentId });
    expect(view).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(expected) } });
    expect(() => station!.incidents.view(incidentId)).toThrow(/Run `verify`/);
  });

  it('a tampered incident record (a person) is refused, naming incident_entries and its row', async () => {
    const { screen, incidentId } = await quarantinedItem();
    tamper(station!, `UPDATE incident_entries SET data = '{"name":42}' WHERE incident_id = ?`, incidentId);
    const view = await screen.call('incident.get', { incidentId });
    expect(view).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/incident_entries\.data of id \d+ \(person\) fails its schema \(name: /) } });
  });

  it.each([
    ['custody_transfers', 'received_by', `{"kind":"wizard"}`, /custody_transfers\.received_by of id \d+ fails its schema/],
    ['custody_transfers', 'seal_numbers', `"S-1"`, /custody_transfers\.seal_numbers of id \d+ fails its schema/],
  ])('a tampered %s.%s is refused on the item detail', async (table, column, value, expected) => {
    const { screen, custodyId } = await quarantinedItem();
    tamper(station!, `UPDATE ${table} SET ${column} = ? WHERE custody_id = ?`, value, custodyId);
    const detail = await screen.call('item.get', { custodyId });
    expect(detail).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(expected) } });
  });

  it('tampered item columns (dimensions, screened, disposition) are refused, naming the custody ID', async () => {
    const { screen, custodyId } = await quarantinedItem();
    for (const [column, value] of [
      ['dimensions', '{"lengthMm":-1,"widthMm":1,"thicknessMm":1}'],
      ['screened', '{"methods":["magic"],"operatorId":"x","at":"2026-03-14T09:00:00.000Z"}'],
      ['disposition', '[1,2]'],
    ] as const) {
      tamper(station!, `UPDATE items SET ${column} = ? WHERE custody_id = ?`, value, custodyId);
      const detail = await screen.call('item.get', { custodyId });
      expect(detail).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining(`items.${column} of custody_id ${custodyId} fails its schema`) } });
      tamper(station!, `UPDATE items SET ${column} = NULL WHERE custody_id = ?`, custodyId);
    }
    expect(await screen.call('item.get', { custodyId })).toMatchObject({ ok: true });
  });

  it('tampered screening records (a reading, findings, indicators) are refused, naming their table', async () => {
    const { screen, custodyId } = await quarantinedItem();
    const s = station!;
    s.store.transaction(() => {
      s.workflow.records.weighings.add(custodyId, { grams: 10, source: 'manual', reading: null, manualReason: 'no scale', operatorId: 'x', at: '2026-03-14T09:00:00.000Z' });
      s.workflow.records.inspections.add(custodyId, { indicators: ['oilyStains'], notes: '', operatorId: 'x', at: '2026-03-14T09:00:00.000Z' });
      s.workflow.records.xray_scans.add(custodyId, { deviceId: 'xr', scanRef: 'R-1', requestedBy: 'x', requestedAt: '2026-03-14T09:00:00.000Z' });
    });
    expect(await screen.call('item.get', { custodyId })).toMatchObject({ ok: true });
    for (const [table, column, value] of [
      ['weighings', 'reading', '{"grams":"heavy"}'],
      ['inspections', 'indicators', '"oilyStains"'],
      ['xray_scans', 'findings', '["a bomb, trust me"]'],
    ] as const) {
      const before = s.store.db.prepare(`SELECT ${column} FROM ${table} WHERE custody_id = ?`).pluck().get(custodyId);
      tamper(s, `UPDATE ${table} SET ${column} = ? WHERE custody_id = ?`, value, custodyId);
      const detail = await screen.call('item.get', { custodyId });
      expect(detail).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(new RegExp(`${table}\\.${column} of id \\d+ fails its schema`)) } });
      tamper(s, `UPDATE ${table} SET ${column} = ? WHERE custody_id = ?`, before, custodyId);
    }
  });
});
