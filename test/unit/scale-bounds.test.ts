// A scale's bytes can claim anything: a HID exponent of 127, 309 MT-SICS digits, a "stable" empty
// platter. Only a stable, finite, positive weight within the scale's capacity may ever be captured
// (DESIGN.md invariant 6); everything else is shown as a condition, never as an absurd number.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { HidScale } from '../../src/hardware/devices/hidScale.ts';
import { parseHidScaleConfig } from '../../src/shared/devices/hidScale.ts';
import { parseSerialScaleConfig } from '../../src/shared/devices/serialScale.ts';
import { decodeHidScaleReport, encodeHidScaleReport, hidScaleMeasurement } from '../../src/hardware/protocols/hidScale.ts';
import { decodeMtSicsReply, mtSicsMeasurement } from '../../src/hardware/protocols/mtSics.ts';
import { decodeNciFrame, nciMeasurement } from '../../src/hardware/protocols/nci.ts';
import { DEFAULT_SCALE_CAPACITY_KG, toScaleReading } from '../../src/hardware/protocols/scaleMeasurement.ts';
import type { ScaleMeasurement } from '../../src/hardware/protocols/scaleMeasurement.ts';
import { MemoryHidTransport } from '../../src/hardware/transports/memoryHidTransport.ts';
import { ScaleReading } from '../../src/shared/contract/scale.ts';
import { waitFor } from '../helpers/wait.ts';

const AT = new Date('2026-01-02T03:04:05.000Z');
const hex = (text: string): Uint8Array => Uint8Array.from(text.split(' '), (b) => parseInt(b, 16));

function hid(bytes: Uint8Array): ScaleMeasurement {
  const decoded = decodeHidScaleReport(bytes);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return hidScaleMeasurement(decoded.frame);
}

function mtSics(line: string): ScaleMeasurement | null {
  const decoded = decodeMtSicsReply(line);
  return decoded.ok ? mtSicsMeasurement(decoded.frame) : null;
}

function nci(text: string): ScaleMeasurement | null {
  const decoded = decodeNciFrame(Buffer.from(text, 'latin1'));
  return decoded.ok ? nciMeasurement(decoded.frame) : null;
}

/** What capture may take: stable, a finite positive number of grams, within the capacity. */
function expectCapturableOnlyIfSane(reading: ScaleReading, capacityGrams: number): void {
  // Every reading is one the contract accepts (Infinity and NaN are not numbers to zod).
  expect(ScaleReading.safeParse(reading).success, JSON.stringify(reading)).toBe(true);
  if (reading.grams !== null) expect(Number.isFinite(reading.grams)).toBe(true);
  if (reading.condition === 'stable' && reading.grams !== null) {
    expect(reading.grams).toBeGreaterThan(0);
    expect(reading.grams).toBeLessThanOrEqual(capacityGrams);
  }
}

describe('scale readings are bounded by what a scale can weigh', () => {
  it('takes a HID exponent that makes 6×10³⁷ g as over capacity, with no number, not as a stable weight', () => {
    // raw 60000 (0xEA60), exponent 33, grams: 6e37 g.
    const reading = toScaleReading('s', hid(hex('03 04 02 21 60 EA')), AT);
    expect(reading).toMatchObject({ condition: 'overCapacity', value: null, grams: null, resolution: null });
    // The largest the byte allows, 65535 × 10^127 kg: the same.
    expect(toScaleReading('s', hid(hex('03 04 03 7F FF FF')), AT)).toMatchObject({ condition: 'overCapacity', grams: null });
  });

  it('takes 309 MT-SICS digits (Infinity grams) as a fault, never a weight', () => {
    const measurement = mtSics(`S S ${'9'.repeat(309)} g`);
    expect(measurement).not.toBeNull();
    const reading = toScaleReading('s', measurement!, AT);
    expect(reading).toMatchObject({ condition: 'fault', value: null, grams: null });
    expect(ScaleReading.safeParse(reading).success).toBe(true);
  });

  it('takes a HID "weight stable" report with value 0 as stable at zero', () => {
    // Status 4 (stable), grams, exponent 0, raw 0: an empty platter.
    expect(hid(hex('03 04 02 00 00 00')).condition).toBe('stableAtZero');
    expect(toScaleReading('s', hid(hex('03 04 02 FE 00 00')), AT)).toMatchObject({ condition: 'stableAtZero', grams: 0 });
    // In any unit: zero is zero.
    expect(toScaleReading('s', hid(hex('03 04 0C FE 00 00')), AT).condition).toBe('stableAtZero');
    // A step coarser than the whole scale (10^5 lb) is no reading at all, even of zero.
    expect(toScaleReading('s', hid(hex('03 04 0C 05 00 00')), AT)).toMatchObject({ condition: 'fault', value: null });
    // And a real load stays stable.
    expect(toScaleReading('s', hid(hex('03 04 02 00 D2 04')), AT)).toMatchObject({ condition: 'stable', grams: 1234 });
  });

  it('takes an NCI lb-oz zero as stable at zero, and an NCI weight beyond capacity as over capacity', () => {
    expect(nci('\n 0lb  0.0oz\r\n00\r\x03')?.condition).toBe('stableAtZero');
    expect(toScaleReading('s', nci('\n 0lb  0.0oz\r\n00\r\x03')!, AT).condition).toBe('stableAtZero');
    expect(toScaleReading('s', nci('\n9999999.99KG\r\n00\r\x03')!, AT)).toMatchObject({ condition: 'overCapacity', grams: null });
    // Within capacity it is a weight.
    expect(toScaleReading('s', nci('\n0001.25LB\r\n00\r\x03')!, AT)).toMatchObject({ condition: 'stable', grams: 566.9904625 });
  });

  it('bounds by the capacity given: 6 kg on a 5 kg scale is over capacity; 4 kg is a weight', () => {
    const six = mtSics('S S   6000 g')!;
    expect(toScaleReading('s', six, AT, 5000)).toMatchObject({ condition: 'overCapacity', value: null, grams: null });
    expect(toScaleReading('s', mtSics('S S   4000 g')!, AT, 5000)).toMatchObject({ condition: 'stable', grams: 4000 });
    // In motion beyond capacity is over capacity too; a fault stays a fault.
    expect(toScaleReading('s', mtSics('S D   6000 g')!, AT, 5000).condition).toBe('overCapacity');
  });

  it('never gives a stable reading that is non-finite, not positive or over capacity: HID reports (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.record({ statusCode: fc.integer({ min: 1, max: 8 }), unitCode: fc.integer({ min: 0, max: 12 }), exponent: fc.integer({ min: -128, max: 127 }), raw: fc.integer({ min: 0, max: 0xffff }) }),
        fc.integer({ min: 1, max: 2_000_000 }),
        (fields, capacityGrams) => {
          expectCapturableOnlyIfSane(toScaleReading('s', hid(encodeHidScaleReport(fields)), AT, capacityGrams), capacityGrams);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never gives a stable reading that is non-finite, not positive or over capacity: MT-SICS lines (fuzz)', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 1, maxLength: 320 });
    fc.assert(
      fc.property(
        fc.constantFrom('S', 'D'),
        fc.constantFrom('', '-'),
        digits,
        fc.option(fc.string({ unit: fc.constantFrom('0', '7'), maxLength: 12 }), { nil: undefined }),
        fc.constantFrom('g', 'kg', 'mg', 'lb', 'oz', 't', 'ct', 'GN', 'x'),
        fc.integer({ min: 1, max: 2_000_000 }),
        (status, sign, whole, fraction, unit, capacityGrams) => {
          const measurement = mtSics(`S ${status} ${sign}${whole}${fraction === undefined ? '' : `.${fraction}`} ${unit}`);
          expect(measurement).not.toBeNull();
          expectCapturableOnlyIfSane(toScaleReading('s', measurement!, AT, capacityGrams), capacityGrams);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never gives a stable reading that is non-finite, not positive or over capacity: NCI frames (fuzz)', () => {
    const statusByte = fc.integer({ min: 0x30, max: 0x3f }).map((b) => String.fromCharCode(b));
    fc.assert(
      fc.property(
        fc.constantFrom('', '-'),
        fc.string({ unit: fc.constantFrom('0', '3', '9'), minLength: 1, maxLength: 200 }),
        fc.constantFrom('LB', 'KG', 'OZ', 'G', 'XX'),
        statusByte,
        statusByte,
        fc.integer({ min: 1, max: 2_000_000 }),
        (sign, digits, unit, b1, b2, capacityGrams) => {
          const measurement = nci(`\n${sign}${digits}${unit}\r\n${b1}${b2}\r\x03`);
          if (measurement) expectCapturableOnlyIfSane(toScaleReading('s', measurement, AT, capacityGrams), capacityGrams);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('scale capacity in the device config', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('defaults to 200 kg and takes a per-scale capacityKg; refuses a capacity that is not a weight, naming the field', () => {
    expect(DEFAULT_SCALE_CAPACITY_KG).toBe(200);
    expect(parseHidScaleConfig({ id: 's', name: 'S' }).capacityKg).toBe(200);
    expect(parseSerialScaleConfig({ id: 's', name: 'S', path: '/dev/ttyUSB0', protocol: 'nci', capacityKg: 15 }).capacityKg).toBe(15);
    expect(() => parseHidScaleConfig({ id: 's', name: 'S', capacityKg: 0 })).toThrow(/capacityKg/);
    expect(() => parseHidScaleConfig({ id: 's', name: 'S', capacityKg: 1e9 })).toThrow(/at most 2000 kg[\s\S]*capacityKg|capacityKg[\s\S]*at most 2000 kg/);
    expect(() => parseSerialScaleConfig({ id: 's', name: 'S', path: '/dev/x', protocol: 'mt-sics', capacityKg: '5' })).toThrow(/capacityKg/);
  });

  it('a HID scale configured for 5 kg reports a 6 kg "stable" report as over capacity', async () => {
    const transport = new MemoryHidTransport();
    const info = { path: 'mem:scale-0', vendorId: 0x0922, productId: 0x8003, product: 'M10', manufacturer: 'DYMO' };
    const scale = new HidScale({ id: 'scale-1', name: 'Letter scale', capacityKg: 5 }, { transport, discover: async () => [info], reconnect: { initialMs: 10, maxMs: 50 } });
    cleanups.push(() => scale.stop());
    const readings: ScaleReading[] = [];
    scale.on('reading', (r) => readings.push(r));
    scale.start();
    await waitFor('scale online', () => scale.status.health === 'online', 10_000);
    transport.deliver(encodeHidScaleReport({ statusCode: 4, unitCode: 2, exponent: 0, raw: 1 })); // the stale one, dropped
    transport.deliver(encodeHidScaleReport({ statusCode: 4, unitCode: 3, exponent: -3, raw: 6000 })); // 6.000 kg
    transport.deliver(encodeHidScaleReport({ statusCode: 4, unitCode: 3, exponent: -3, raw: 4000 })); // 4.000 kg
    expect(readings.map((r) => [r.condition, r.grams])).toEqual([
      ['overCapacity', null],
      ['stable', 4000],
    ]);
  });
});
