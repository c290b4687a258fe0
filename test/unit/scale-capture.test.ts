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

// Issue 12, point 6: the previous letter's 18.4 g was recorded as the weight of the parcel after it.
describe('a weight is captured only from a load put on the scale for this item', () => {
  async function openItem(screen: Awaited<ReturnType<typeof itemReadyToWeigh>>['screen'], code: string, itemType: 'letter' | 'parcel') {
    const scanned = await screen.call('intake.scan', { code });
    if (!scanned.ok) throw new Error(`scan ${code} refused`);
    const custodyId = (scanned.value as { item: { custodyId: string } }).item.custodyId;
    expect(await screen.call('item.setDetails', { custodyId, itemType })).toMatchObject({ ok: true });
    return custodyId;
  }
  const letter = (grams: string) => reading({ value: grams, unit: 'g', resolution: '0.1', grams: Number(grams) });
  const weights = async (screen: Awaited<ReturnType<typeof itemReadyToWeigh>>['screen'], custodyId: string) => {
    const got = await screen.call('item.get', { custodyId });
    if (!got.ok) throw new Error('item.get refused');
    return (got.value as { detail: { weights: Array<{ grams: number; source: string }> } }).detail.weights;
  };

  it('refuses the last letter’s 18.4 g for the next parcel, with the words, until the scale is lifted and loaded again', async () => {
    const { station, screen, custodyId: letterA } = await itemReadyToWeigh();
    station.scales.report(letter('18.4'));
    expect(await screen.call('item.captureWeight', { custodyId: letterA })).toMatchObject({ ok: true });

    const parcelB = await openItem(screen, 'PARCEL-0002', 'parcel');
    // The scale keeps reporting the letter: a fresh reading, but the same load.
    station.scales.report(letter('18.4'));
    expect(station.scales.latestReading('scale-1')).toMatchObject({ condition: 'stable', newLoadFor: null });
    const before = auditCount(station);
    const refused = await screen.call('item.captureWeight', { custodyId: parcelB });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringMatching(/^Put the item on the scale/) } });
    expect(auditCount(station)).toBe(before);
    expect(await weights(screen, parcelB)).toEqual([]);

    // Lifted (zero), then the parcel put on: this load is the parcel's.
    station.scales.report(reading({ condition: 'stableAtZero', value: '0.0', resolution: '0.1', grams: 0 }));
    station.scales.report(reading({ condition: 'inMotion', value: '800.0', resolution: '0.1', grams: 800 }));
    station.scales.report(letter('1250.0'));
    expect(station.scales.latestReading('scale-1')).toMatchObject({ newLoadFor: parcelB });
    expect(await screen.call('item.captureWeight', { custodyId: parcelB })).toMatchObject({ ok: true });
    expect(await weights(screen, parcelB)).toMatchObject([{ grams: 1250, source: 'scale' }]);
    // What is recorded is the reading as the scale gave it, not main's live annotation.
    expect(station.workflow.records.weighings.forItem(parcelB)[0]?.reading).not.toHaveProperty('newLoadFor');
  });

  it('refuses a weight that was on the scale before the item was opened', async () => {
    const { station, screen, custodyId: first } = await itemReadyToWeigh();
    expect(first).toBeTruthy();
    station.scales.report(letter('500.0'));
    const second = await openItem(screen, 'PARCEL-0003', 'parcel');
    station.scales.report(letter('500.0'));
    expect(await screen.call('item.captureWeight', { custodyId: second })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: /before this item was opened/ } });
    station.scales.report(reading({ condition: 'stableAtZero', value: '0.0', resolution: '0.1', grams: 0 }));
    station.scales.report(letter('500.0'));
    expect(await screen.call('item.captureWeight', { custodyId: second })).toMatchObject({ ok: true });
  });

  it('takes a weight that moved by more than one step since the last capture as a new load (no zero between)', async () => {
    const { station, screen, custodyId: letterA } = await itemReadyToWeigh();
    station.scales.report(letter('18.4'));
    expect(await screen.call('item.captureWeight', { custodyId: letterA })).toMatchObject({ ok: true });
    const parcelB = await openItem(screen, 'PARCEL-0004', 'parcel');
    // One step (0.1 g) is the same letter settling, not a new item.
    station.scales.report(letter('18.5'));
    expect(await screen.call('item.captureWeight', { custodyId: parcelB })).toMatchObject({ ok: false, error: { message: /already recorded/ } });
    station.scales.report(letter('1250.0'));
    expect(await screen.call('item.captureWeight', { custodyId: parcelB })).toMatchObject({ ok: true });
  });

  it('refuses a capture for an item that was not the one being worked on: it becomes current with the intent, after the load', async () => {
    const { station, screen, custodyId: parcelA } = await itemReadyToWeigh();
    const parcelB = await openItem(screen, 'PARCEL-0005', 'parcel');
    station.scales.report(reading({ condition: 'stableAtZero', value: '0', grams: 0 }));
    station.scales.report(reading({}));
    // The load was put on while B was open; an intent naming A (a hostile or stale screen) may not take it.
    expect(await screen.call('item.captureWeight', { custodyId: parcelA })).toMatchObject({ ok: false, error: { message: /^Put the item on the scale/ } });
    expect(await weights(screen, parcelA)).toEqual([]);
    expect(parcelB).not.toBe(parcelA);
  });

  it('leaves a typed weight alone: manual entry with a reason works with the last item’s weight still on the scale', async () => {
    const { station, screen, custodyId: letterA } = await itemReadyToWeigh();
    station.scales.report(letter('18.4'));
    expect(await screen.call('item.captureWeight', { custodyId: letterA })).toMatchObject({ ok: true });
    const parcelB = await openItem(screen, 'PARCEL-0006', 'parcel');
    station.scales.report(letter('18.4'));
    expect(await screen.call('item.enterWeight', { custodyId: parcelB, grams: 1250, reason: 'Parcel too big for the scale' })).toMatchObject({ ok: true });
    expect(await weights(screen, parcelB)).toMatchObject([{ grams: 1250, source: 'manual' }]);
  });
});

describe('one load, two screens at once', () => {
  it('never records the same load for two items, whichever capture comes first', async () => {
    const { station, screen, custodyId: parcelA } = await itemReadyToWeigh();
    const other = await addOperator(station, 'screener', 'BADGE-second');
    const second = station.connect();
    expect(await second.call('session.login', { badge: other.badge, pin: '2468' })).toMatchObject({ ok: true });
    const scanned = await second.call('intake.scan', { code: 'PARCEL-0009' });
    if (!scanned.ok) throw new Error('scan refused');
    const parcelB = (scanned.value as { item: { custodyId: string } }).item.custodyId;
    expect(await second.call('item.setDetails', { custodyId: parcelB, itemType: 'parcel' })).toMatchObject({ ok: true });
    station.scales.report(reading({ condition: 'stableAtZero', value: '0', grams: 0 }));
    station.scales.report(reading({}));
    const results = await Promise.all([screen.call('item.captureWeight', { custodyId: parcelA }), second.call('item.captureWeight', { custodyId: parcelB })]);
    expect(results.filter((result) => result.ok).length).toBeLessThanOrEqual(1);
    const recorded = [parcelA, parcelB].flatMap((custodyId) => station.workflow.records.weighings.forItem(custodyId));
    expect(recorded.length).toBeLessThanOrEqual(1);
  });
});
