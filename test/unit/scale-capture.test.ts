// The weigh step captures the latest reading. Whatever a scale driver hands main — Infinity, a
// weight no scale can carry, a "stable" zero — capture answers a refusal that says what to do,
// never INTERNAL, and records nothing (DESIGN.md invariant 6).
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { ScaleReading } from '../../src/shared/contract/index.ts';
import { addOperator, auditCount, makeStation } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

async function itemReadyToWeigh() {
  station = makeStation();
  const screener = await addOperator(station, 'screener');
  const screen = station.connect();
  expect(await screen.call('session.login', { badge: screener.badge, pin: '2468' })).toMatchObject({ ok: true });
  const scanned = await screen.call('intake.scan', { code: 'PARCEL-0001' });
  if (!scanned.ok) throw new Error('scan refused');
  const custodyId = (scanned.value as { item: { custodyId: string } }).item.custodyId;
  expect(await screen.call('item.setDetails', { custodyId, itemType: 'parcel' })).toMatchObject({ ok: true });
  return { station, screen, custodyId };
}

function reading(fields: Partial<ScaleReading>): ScaleReading {
  return { deviceId: 'scale-1', condition: 'stable', value: '1234', unit: 'g', resolution: '1', grams: 1234, at: new Date().toISOString(), ...fields };
}

describe('capturing a weight from the scale', () => {
  it.each<[string, Partial<ScaleReading>, RegExp]>([
    ['Infinity grams', { value: '9'.repeat(309), grams: Number.POSITIVE_INFINITY }, /fault/i],
    ['NaN grams', { value: 'x', grams: Number.NaN }, /fault/i],
    ['6×10³⁷ g', { value: '6'.padEnd(38, '0'), grams: 6e37 }, /capacity/i],
    ['a stable negative', { value: '-12', grams: -12 }, /below zero|under zero/i],
    ['a stable zero', { value: '0', grams: 0 }, /zero/i],
    ['a display with no number (NCI dashes)', { value: null, resolution: null, unit: 'unknown', grams: null }, /no weight/i],
    ['a unit with no grams (taels)', { value: '12', unit: 'tael', grams: null }, /unit/i],
  ])('refuses a "stable" reading of %s with a clear message, not INTERNAL, and records nothing', async (_what, fields, message) => {
    const { station, screen, custodyId } = await itemReadyToWeigh();
    station.scales.report(reading(fields));
    const before = auditCount(station);
    const result = await screen.call('item.captureWeight', { custodyId });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message } });
    if (!result.ok) expect(result.error.message).toMatch(/enter the weight by hand|put the item|wait|clear|check/i);
    expect(auditCount(station)).toBe(before);
    const detail = await screen.call('item.get', { custodyId });
    expect(detail).toMatchObject({ ok: true, value: { detail: { weights: [] } } });
  });

  it('keeps what the screen is sent finite: the live reading of a non-finite weight is a fault with no number', async () => {
    const { station } = await itemReadyToWeigh();
    station.scales.report(reading({ value: '9'.repeat(309), grams: Number.POSITIVE_INFINITY }));
    expect(station.scales.latestReading('scale-1')).toMatchObject({ condition: 'fault', value: null, grams: null });
  });

  it('still captures a sane stable weight', async () => {
    const { station, screen, custodyId } = await itemReadyToWeigh();
    station.scales.report(reading({}));
    expect(await screen.call('item.captureWeight', { custodyId })).toMatchObject({ ok: true });
  });
});
