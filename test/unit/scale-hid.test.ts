import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeHidScaleReport,
  encodeHidScaleReport,
  encodeHidScaleZero,
  hidScaleMeasurement,
} from '../../src/hardware/protocols/hidScale.ts';
import { toScaleReading } from '../../src/hardware/protocols/scaleMeasurement.ts';
import { selectHidScales } from '../../src/hardware/transports/hidScaleDiscovery.ts';

const hex = (text: string): Uint8Array => Uint8Array.from(text.split(' '), (b) => parseInt(b, 16));

function decoded(text: string) {
  const result = decodeHidScaleReport(hex(text));
  if (!result.ok) throw new Error(`expected ${text} to decode: ${result.error.message}`);
  return result.frame;
}

describe('HID POS scale data report', () => {
  // docs/protocols/hid-pos-scale.md known answers ("Scale Data Report").
  it('decodes the published frames', () => {
    expect(decoded('03 04 0B FF 7B 00')).toMatchObject({ condition: 'stable', unit: 'oz', exponent: -1, raw: 123, value: '12.3', resolution: '0.1' });
    expect(decoded('03 04 02 00 D2 04')).toMatchObject({ condition: 'stable', unit: 'g', exponent: 0, raw: 1234, value: '1234', resolution: '1' });
    expect(decoded('03 05 02 00 0A 00')).toMatchObject({ condition: 'underZero', unit: 'g', value: '-10' });
  });

  it('converts to grams exactly', () => {
    const at = new Date('2025-01-02T03:04:05.000Z');
    expect(toScaleReading('s1', hidScaleMeasurement(decoded('03 04 0B FF 7B 00')), at)).toEqual({
      deviceId: 's1',
      condition: 'stable',
      value: '12.3',
      unit: 'oz',
      resolution: '0.1',
      grams: 348.6991344375, // 12.3 × 28.349523125, exact
      at: '2025-01-02T03:04:05.000Z',
    });
    expect(toScaleReading('s1', hidScaleMeasurement(decoded('03 04 0C FE 64 00')), at).grams).toBe(453.59237);
    expect(toScaleReading('s1', hidScaleMeasurement(decoded('03 05 02 00 0A 00')), at).grams).toBe(-10);
  });

  it.each([
    [1, 'fault'],
    [2, 'stableAtZero'],
    [3, 'inMotion'],
    [4, 'stable'],
    [5, 'underZero'],
    [6, 'overCapacity'],
    [7, 'needsCalibration'],
    [8, 'needsRezero'],
  ])('maps status %i to %s', (status, condition) => {
    const frame = decoded(`03 0${status} 02 00 05 00`);
    expect(frame.condition).toBe(condition);
    expect(frame.value).toBe(status === 5 ? '-5' : '5');
  });

  it.each([
    [0, 'unknown'],
    [1, 'mg'],
    [2, 'g'],
    [3, 'kg'],
    [4, 'ct'],
    [5, 'tael'],
    [6, 'gr'],
    [7, 'dwt'],
    [8, 't'],
    [9, 'ton'],
    [10, 'ozt'],
    [11, 'oz'],
    [12, 'lb'],
  ])('maps unit %i to %s', (code, unit) => {
    expect(decoded(`03 04 ${code.toString(16).padStart(2, '0')} 00 01 00`).unit).toBe(unit);
  });

  it('accepts report ID 0x04 and ignores padding after the 6 bytes', () => {
    expect(decoded('04 04 02 00 01 00').value).toBe('1');
    expect(decoded('03 04 02 00 01 00 00 00').value).toBe('1');
  });

  it('handles edge exponents and magnitudes exactly', () => {
    expect(decoded('03 04 02 80 01 00')).toMatchObject({ exponent: -128, value: `0.${'0'.repeat(127)}1` });
    expect(decoded('03 04 02 7F 01 00')).toMatchObject({ exponent: 127, value: `1${'0'.repeat(127)}`, resolution: `1${'0'.repeat(127)}` });
    expect(decoded('03 04 02 FD 05 00')).toMatchObject({ value: '0.005', resolution: '0.001' });
    expect(decoded('03 04 02 02 0C 00')).toMatchObject({ value: '1200', resolution: '100' });
    expect(decoded('03 04 02 FE FF FF')).toMatchObject({ raw: 65535, value: '655.35' });
    expect(decoded('03 02 02 FF 00 00')).toMatchObject({ condition: 'stableAtZero', value: '0.0' });
    expect(decoded('03 05 02 FF 00 00').value).toBe('0.0'); // never "-0.0"
    expect(decoded('03 05 0B FF 7B 00').value).toBe('-12.3');
  });

  it('returns typed errors for bad reports', () => {
    expect(decodeHidScaleReport(hex('03 04 02 00 01'))).toMatchObject({ ok: false, error: { code: 'length' } });
    expect(decodeHidScaleReport(new Uint8Array())).toMatchObject({ ok: false, error: { code: 'length' } });
    expect(decodeHidScaleReport(hex('01 04 02 00 01 00'))).toMatchObject({ ok: false, error: { code: 'reportId' } });
    expect(decodeHidScaleReport(hex('03 00 02 00 01 00'))).toMatchObject({ ok: false, error: { code: 'status' } });
    expect(decodeHidScaleReport(hex('03 09 02 00 01 00'))).toMatchObject({ ok: false, error: { code: 'status' } });
    expect(decodeHidScaleReport(hex('03 04 0D 00 01 00'))).toMatchObject({ ok: false, error: { code: 'unit' } });
  });

  it('encodes the zero command and data reports', () => {
    expect([...encodeHidScaleZero()]).toEqual([0x02, 0x02]);
    expect([...encodeHidScaleZero({ enforcedZeroReturn: true })]).toEqual([0x02, 0x03]);
    expect([...encodeHidScaleReport({ statusCode: 4, unitCode: 11, exponent: -1, raw: 123 })]).toEqual([0x03, 0x04, 0x0b, 0xff, 0x7b, 0x00]);
  });

  it('round-trips every valid report (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(3, 4),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: -128, max: 127 }),
        fc.integer({ min: 0, max: 0xffff }),
        (reportId, statusCode, unitCode, exponent, raw) => {
          const result = decodeHidScaleReport(encodeHidScaleReport({ reportId, statusCode, unitCode, exponent, raw }));
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.frame).toMatchObject({ reportId, statusCode, unitCode, exponent, raw });
          const digits = result.frame.value.replace(/[-.]/g, '').replace(/^0+/, '') || '0';
          expect(digits.replace(/0+$/, '') || '0').toBe(String(raw).replace(/0+$/, '') || '0');
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('never throws on arbitrary bytes, and rejects garbage (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const result = decodeHidScaleReport(bytes);
        const valid =
          bytes.length >= 6 && (bytes[0] === 3 || bytes[0] === 4) && (bytes[1] ?? 0) >= 1 && (bytes[1] ?? 0) <= 8 && (bytes[2] ?? 99) <= 12;
        expect(result.ok).toBe(valid);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('selectHidScales', () => {
  it('matches by usage page 0x8D / usage 0x20, not by vendor', () => {
    const scales = selectHidScales([
      { path: '/dev/hidraw0', vendorId: 0x0922, productId: 0x8003, product: 'M10', manufacturer: 'DYMO', usagePage: 0x8d, usage: 0x20 },
      { path: '/dev/hidraw1', vendorId: 0x046d, productId: 0xc31c, product: 'Keyboard', usagePage: 0x01, usage: 0x06 },
      { path: '/dev/hidraw2', vendorId: 0x1234, productId: 0x0001, usagePage: 0x8d, usage: 0x20 },
      { vendorId: 0x0922, productId: 0x8004, usagePage: 0x8d, usage: 0x20 }, // no path: cannot be opened
    ]);
    expect(scales).toEqual([
      { path: '/dev/hidraw0', vendorId: 0x0922, productId: 0x8003, product: 'M10', manufacturer: 'DYMO' },
      { path: '/dev/hidraw2', vendorId: 0x1234, productId: 0x0001, product: null, manufacturer: null },
    ]);
  });
});
