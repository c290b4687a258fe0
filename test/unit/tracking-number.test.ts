import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Carrier } from '../../src/shared/contract/item.ts';
import {
  NOT_A_TRACKING_NUMBER,
  TRACKING_FORMATS,
  normalizeTrackingCode,
  recognizeTrackingNumber,
} from '../../src/shared/domain/index.ts';

type DataSetEntry = {
  id?: string;
  name: string;
  test_numbers: { valid: string[]; invalid: string[] };
};

function entry(file: string, id: string): DataSetEntry {
  const url = new URL(`../fixtures/tracking-numbers/couriers/${file}.json`, import.meta.url);
  const courier = JSON.parse(readFileSync(url, 'utf8')) as { tracking_numbers: DataSetEntry[] };
  const found = courier.tracking_numbers.find((t) => t.id === id);
  if (!found) throw new Error(`${file}.json has no entry ${id}`);
  return found;
}

/** The data-set entries of the formats we claim, by file and id. */
const CLAIMED: ReadonlyArray<{ file: string; id: string; carrier: Carrier }> = [
  { file: 'ups', id: 'ups', carrier: 'ups' },
  { file: 'fedex', id: 'fedex_12', carrier: 'fedex' },
  { file: 'fedex', id: 'fedex_ground', carrier: 'fedex' },
  { file: 'fedex', id: 'fedex_ground_96', carrier: 'fedex' },
  { file: 'usps', id: 'usps_impb_n', carrier: 'usps' },
  { file: 'usps', id: 'usps_impb_c', carrier: 'usps' },
  { file: 'usps', id: 'usps_legacy', carrier: 'usps' },
  { file: 'usps', id: 'usps_20', carrier: 'usps' },
  { file: 'dhl', id: 'dhl_express', carrier: 'dhl' },
  { file: 'amazon', id: 'amazon_logistics', carrier: 'amazon' },
  { file: 's10', id: 's10', carrier: 's10' },
];

/**
 * Data-set entries that cannot hold for the whole recognizer. The data set tests each invalid number
 * against its own courier's formats only; we run it through every claimed format.
 */
const EXCEPTIONS: ReadonlyArray<{ id: string; number: string; reason: string; actual: { carrier: Carrier; format: string } }> = [
  {
    id: 'amazon_logistics',
    number: '000000000000000',
    reason: 'Invalid as an Amazon number, but 14 zeros + check digit 0 pass FedEx Ground GS1 mod 10',
    actual: { carrier: 'fedex', format: 'fedex_ground' },
  },
  {
    id: 'amazon_logistics',
    number: '000000000000',
    reason: 'Invalid as an Amazon number, but 11 zeros + check digit 0 pass the FedEx Express 3-1-7 rule',
    actual: { carrier: 'fedex', format: 'fedex_12' },
  },
];

describe('recognizeTrackingNumber against the tracking_number_data test numbers', () => {
  it('claims exactly the formats listed here', () => {
    expect(TRACKING_FORMATS.map((f) => f.id).sort()).toEqual(CLAIMED.map((c) => c.id).sort());
  });

  for (const { file, id, carrier } of CLAIMED) {
    const { test_numbers } = entry(file, id);

    it.each(test_numbers.valid)(`${id}: valid %j`, (number) => {
      const result = recognizeTrackingNumber(number);
      expect(result).toMatchObject({ carrier, valid: true, format: id });
    });

    it.each(test_numbers.invalid)(`${id}: invalid %j`, (number) => {
      const result = recognizeTrackingNumber(number);
      const exception = EXCEPTIONS.find((e) => e.id === id && e.number === number);
      if (exception) {
        expect(result, exception.reason).toMatchObject({ ...exception.actual, valid: true });
        expect(result.carrier).not.toBe(carrier);
      } else {
        expect(result.valid).toBe(false);
      }
    });
  }

  it('has no stale exception', () => {
    for (const e of EXCEPTIONS) {
      const claimed = CLAIMED.find((c) => c.id === e.id);
      expect(claimed && entry(claimed.file, e.id).test_numbers.invalid).toContain(e.number);
    }
  });
});

describe('recognizeTrackingNumber known answers (hardware reference §3.5)', () => {
  it.each([
    ['1Z5R89390357567127', 'ups', 'ups'],
    ['986578788855', 'fedex', 'fedex_12'],
    ['041441760228964', 'fedex', 'fedex_ground'],
    ['9611020987654312345672', 'fedex', 'fedex_ground_96'],
    ['420787459400111206206406260787', 'usps', 'usps_impb_n'],
    ['9400111206206406260787', 'usps', 'usps_impb_n'],
    ['3318810025', 'dhl', 'dhl_express'],
    ['RB123456785GB', 's10', 's10'],
  ])('%s is %s (%s)', (number, carrier, format) => {
    expect(recognizeTrackingNumber(number)).toEqual({
      carrier,
      valid: true,
      normalized: number,
      reason: expect.stringContaining('is correct') as unknown,
      format,
    });
  });

  it('says which check digit a number should have', () => {
    expect(recognizeTrackingNumber('1Z5R89390357567125')).toEqual({
      carrier: 'ups',
      valid: false,
      normalized: '1Z5R89390357567125',
      reason: 'UPS check digit should be 7, not 5',
      format: 'ups',
    });
  });

  it('normalizes case, spaces and hyphens', () => {
    const result = recognizeTrackingNumber(' 1z5r-8939 0357\t567127\n');
    expect(result).toMatchObject({ carrier: 'ups', valid: true, normalized: '1Z5R89390357567127' });
  });

  it('tries every routing split of a 34-digit USPS code and keeps the one whose check digit holds', () => {
    // 420 + ZIP5 12345 + 26 digits "9400 9400…" is also an IMpb N shape, but its check digit would be 6;
    // 420 + ZIP+4 12345-9400 + the 22-digit IMpb checks.
    const code = '420123459400' + '9400111206206406260787';
    const impbN = TRACKING_FORMATS.find((f) => f.id === 'usps_impb_n');
    expect(impbN?.read(code)).toEqual([
      { data: '9400940011120620640626078', checkDigit: '7' },
      { data: '940011120620640626078', checkDigit: '7' },
    ]);
    expect(recognizeTrackingNumber(code)).toMatchObject({ carrier: 'usps', valid: true, format: 'usps_impb_n' });
    // When no split holds, the first reading's failure is the one reported.
    expect(recognizeTrackingNumber('4201234594009400111206206406260785')).toMatchObject({
      carrier: 'usps',
      valid: false,
      reason: 'USPS IMpb N check digit should be 6, not 5',
    });
  });

  it('rejects an S10 number from an unknown country', () => {
    expect(recognizeTrackingNumber('RB123456785XX')).toMatchObject({
      carrier: 's10',
      valid: false,
      reason: 'S10 country code XX is not a known UPU member',
    });
  });

  it.each(['', 'HELLO', '12345', 'MS-2025-000123', '1'.repeat(200), 'TBA00000000000'])(
    '%j is not a tracking number',
    (code) => {
      expect(recognizeTrackingNumber(code)).toMatchObject({
        carrier: null,
        valid: false,
        reason: NOT_A_TRACKING_NUMBER,
        format: null,
      });
    },
  );
});

describe('recognizeTrackingNumber properties', () => {
  const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9A-Z -]{0,40}$/));

  it('never throws, and its normalized form is idempotent', () => {
    fc.assert(
      fc.property(anyText, (code) => {
        const result = recognizeTrackingNumber(code);
        expect(normalizeTrackingCode(result.normalized)).toBe(result.normalized);
        expect(recognizeTrackingNumber(result.normalized)).toEqual(result);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly one check digit for a UPS 1Z body', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{15}$/), (body) => {
        const results = [...'0123456789'].map((d) => recognizeTrackingNumber(`1Z${body}${d}`));
        expect(results.every((r) => r.carrier === 'ups')).toBe(true);
        const good = results.filter((r) => r.valid);
        expect(good).toHaveLength(1);
        const check = good[0]?.normalized.slice(-1);
        for (const r of results.filter((x) => !x.valid)) {
          expect(r.reason).toBe(`UPS check digit should be ${check}, not ${r.normalized.slice(-1)}`);
        }
      }),
    );
  });
});
