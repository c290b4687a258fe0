import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GS, gs1CheckDigitValid, isGs1Aim, parseGs1ElementString } from '../../src/shared/domain/gs1.ts';

describe('GS1 element strings', () => {
  it('splits an SSCC label (00) with ship-to postal code (420) and country (421)', () => {
    expect(parseGs1ElementString(`00106141411234567897420${'10001'}${GS}4217561234`)).toEqual({
      ok: true,
      elements: [
        { ai: '00', title: 'SSCC', value: '106141411234567897' },
        { ai: '420', title: 'SHIP TO POST', value: '10001' },
        { ai: '421', title: 'SHIP TO POST', value: '1234', country: '756' },
      ],
    });
  });

  it('reads predefined-length AIs back to back and variable ones up to GS', () => {
    const result = parseGs1ElementString(`${GS}010950110153000317250101${'10'}ABC123${GS}21SN-42`);
    expect(result).toEqual({
      ok: true,
      elements: [
        { ai: '01', title: 'GTIN', value: '09501101530003' },
        { ai: '17', title: 'USE BY or EXPIRY', value: '250101', date: '2025-01-01' },
        { ai: '10', title: 'BATCH/LOT', value: 'ABC123' },
        { ai: '21', title: 'SERIAL', value: 'SN-42' },
      ],
    });
  });

  it('handles 400-403, 410-417, 422, 90-99 and weights', () => {
    const r = parseGs1ElementString(`400PO-77${GS}4109501101530003${'422756'}${GS}3103001250${'90'}BIN7${GS}99X`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.elements.map((e) => e.ai)).toEqual(['400', '410', '422', '3103', '90', '99']);
    expect(r.elements[2]).toMatchObject({ country: '756' });
    expect(r.elements[3]).toMatchObject({ decimal: '1.250' });
  });

  it.each([
    ['00106141411234567890', /check digit/],
    ['0112', /ends early/],
    ['17251301', /date/],
    [`10${'A'.repeat(25)}`, /GS separator/],
    ['55123', /unknown/],
    ['', /no GS1 data/],
    [`4227561`, /predefined length/],
  ])('returns an error result for %j', (input, error) => {
    const result = parseGs1ElementString(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it('keeps the elements read before an error', () => {
    const result = parseGs1ElementString(`0109501101530003${'55'}x`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.elements.map((e) => e.ai)).toEqual(['01']);
  });

  it('knows the GS1 identifiers and the mod-10 check', () => {
    expect([']C1', ']d2', ']Q3', ']e0', ']C0', null].map(isGs1Aim)).toEqual([true, true, true, true, false, false]);
    expect(gs1CheckDigitValid('09501101530003')).toBe(true);
    expect(gs1CheckDigitValid('09501101530004')).toBe(false);
  });

  it('never throws (fuzz, 10,000 inputs)', () => {
    const alphabet = fc.constantFrom(...'0123456789', GS, 'A', '-', 'x', '\u0000', 'é');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: alphabet, maxLength: 80 })), (input) => {
        const r = parseGs1ElementString(input);
        expect(typeof r.ok).toBe('boolean');
        for (const e of r.elements) expect(e.ai).toMatch(/^\d{2,4}$/);
      }),
      { numRuns: 10_000 },
    );
  });
});
