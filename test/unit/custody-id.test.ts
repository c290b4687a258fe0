import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustodyId } from '../../src/shared/contract/item.ts';
import { isCustodyIdLike, newCustodyId, parseCustodyId } from '../../src/shared/domain/index.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random source that hands out the given symbol values as bytes, for IDs chosen by the test. */
function fixed(values: readonly number[]): (bytes: number) => Uint8Array {
  return (bytes) => Uint8Array.from(values.slice(0, bytes));
}

function idFromValues(values: readonly number[]): string {
  return newCustodyId(fixed(values));
}

/** The 9 symbols of a displayed ID, and back. */
const symbols = (id: string): string[] => [...id.replaceAll('-', '')];
const display = (s: readonly string[]): string => `${s.slice(0, 3).join('')}-${s.slice(3, 6).join('')}-${s.slice(6).join('')}`;

/**
 * The one adjacent transposition Luhn mod N cannot see, the same blind spot as Luhn's 09 <-> 90: the
 * symbols of value 0 and N-1 ("0" and "Z") add the same doubled or not (0 -> 0; 31 -> 62 -> 1 + 30 = 31),
 * so swapping them leaves the sum unchanged.
 */
const isLuhnBlindSpot = (a: string, b: string): boolean => (a === '0' && b === 'Z') || (a === 'Z' && b === '0');

const SAMPLE_IDS = [
  idFromValues([0, 0, 0, 0, 0, 0, 0, 0]),
  idFromValues([31, 31, 31, 31, 31, 31, 31, 31]),
  idFromValues([1, 2, 3, 4, 5, 6, 7, 8]),
  idFromValues([31, 0, 17, 16, 15, 14, 0, 31]),
  newCustodyId(randomBytes),
];

describe('newCustodyId', () => {
  it('makes XXX-XXX-XXX IDs that the contract schema accepts and that parse back to themselves', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newCustodyId(randomBytes);
      expect(CustodyId.safeParse(id).success, id).toBe(true);
      expect(parseCustodyId(id)).toBe(id);
    }
  });

  it('uses the low 5 bits of each byte, in order, and appends the Luhn mod 32 check symbol', () => {
    expect(idFromValues([0, 0, 0, 0, 0, 0, 0, 0])).toBe('000-000-000');
    // 1..8 from the right with weights 2,1,2,…: 16+7+12+5+8+3+4+1 = 56 ≡ 24, check = 32 − 24 = 8.
    expect(idFromValues([1, 2, 3, 4, 5, 6, 7, 8])).toBe('123-456-788');
    expect(idFromValues([0x21, 0x42, 0x63, 0x84, 0xa5, 0xc6, 0xe7, 0x08])).toBe('123-456-788');
  });

  it('refuses a random source that gives too few bytes', () => {
    expect(() => newCustodyId(() => new Uint8Array(7))).toThrow(/8 random bytes/);
  });

  it('gives 100k distinct, evenly spread IDs from a real random source', () => {
    const seen = new Set<string>();
    const counts = Array.from({ length: 8 }, () => new Array<number>(32).fill(0));
    let duplicates = 0;
    for (let i = 0; i < 100_000; i++) {
      const id = newCustodyId(randomBytes);
      if (seen.has(id)) duplicates++;
      seen.add(id);
      symbols(id)
        .slice(0, 8)
        .forEach((s, position) => {
          const row = counts[position];
          if (row) row[ALPHABET.indexOf(s)] = (row[ALPHABET.indexOf(s)] ?? 0) + 1;
        });
    }
    // 8 symbols are 40 bits: by the birthday bound, 100k IDs collide with probability n²/2⁴¹ ≈ 0.45 %,
    // so a collision is possible (the store must still refuse a duplicate) but 3 or more (p ≈ 1e-8) means a
    // broken generator.
    expect(duplicates).toBeLessThanOrEqual(2);
    // 3125 expected per symbol and position, standard deviation ≈ 55: ±400 is over 7 sigma.
    for (const row of counts) for (const n of row) expect(Math.abs(n - 3125)).toBeLessThan(400);
  });
});

describe('custody ID check symbol', () => {
  it.each(SAMPLE_IDS)('catches every single-symbol substitution in %s', (id) => {
    const original = symbols(id);
    for (let position = 0; position < 9; position++) {
      for (const replacement of ALPHABET) {
        if (replacement === original[position]) continue;
        const typo = original.slice();
        typo[position] = replacement;
        expect(parseCustodyId(display(typo)), display(typo)).toBeNull();
      }
    }
  });

  it('catches every adjacent transposition of two different symbols except 0 <-> Z, at every position', () => {
    // Exhaustive over all symbol pairs: for data positions the pair is chosen, for the last data symbol and
    // the check symbol the pair is whatever the check comes out as.
    for (let position = 0; position < 8; position++) {
      for (let a = 0; a < 32; a++) {
        for (let b = 0; b < 32; b++) {
          const values = [5, 9, 13, 21, 2, 30, 11, 7];
          values[position] = a;
          if (position + 1 < 8) values[position + 1] = b;
          else if (b > 0) continue;
          const s = symbols(idFromValues(values));
          const [x, y] = [s[position] ?? '', s[position + 1] ?? ''];
          if (x === y) continue;
          [s[position], s[position + 1]] = [y, x];
          const swapped = parseCustodyId(display(s));
          if (isLuhnBlindSpot(x, y)) expect(swapped, `${x}${y} at ${position}`).toBe(display(s));
          else expect(swapped, `${x}${y} at ${position}`).toBeNull();
        }
      }
    }
  });

  it('catches substitutions and transpositions on many random IDs', () => {
    const dataValues = fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(dataValues, fc.nat(8), fc.integer({ min: 1, max: 31 }), (values, position, shift) => {
        const s = symbols(idFromValues(values));
        const typo = s.slice();
        typo[position] = ALPHABET.charAt((ALPHABET.indexOf(s[position] ?? '') + shift) % 32);
        expect(parseCustodyId(display(typo))).toBeNull();
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(dataValues, fc.nat(7), (values, position) => {
        const s = symbols(idFromValues(values));
        const [x, y] = [s[position] ?? '', s[position + 1] ?? ''];
        fc.pre(x !== y && !isLuhnBlindSpot(x, y));
        [s[position], s[position + 1]] = [y, x];
        expect(parseCustodyId(display(s))).toBeNull();
      }),
      { numRuns: 5000 },
    );
  });
});

describe('parseCustodyId', () => {
  const id = idFromValues([1, 2, 3, 4, 5, 6, 7, 8]); // 123-456-788

  it.each(['123-456-788', '123456788', ' 123 456 788 ', '12-34-56-78-8', 'L23-456-788', 'i23 456 788'])(
    'reads %j as 123-456-788',
    (typed) => {
      expect(parseCustodyId(typed)).toBe(id);
    },
  );

  it('reads lower case and O as 0', () => {
    const withLetters = idFromValues([10, 0, 27, 31, 0, 18, 22, 3]);
    expect(withLetters).toMatch(/0/);
    expect(parseCustodyId(withLetters.toLowerCase().replaceAll('0', 'o'))).toBe(withLetters);
  });

  it.each(['', '123-456-787', '123-456-78', '123-456-7888', 'U23-456-788', '123_456_788', '123.456.788'])(
    'refuses %j',
    (typed) => {
      expect(parseCustodyId(typed)).toBeNull();
    },
  );

  it('tells an ID with a wrong check symbol apart from text that is no ID', () => {
    expect(isCustodyIdLike('123-456-787')).toBe(true);
    expect(isCustodyIdLike('1Z5R89390357567127')).toBe(false);
    expect(isCustodyIdLike('U23-456-788')).toBe(false);
  });

  it('never throws, and parses its own output to itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9A-Za-z -]{0,14}$/)), (text) => {
        const parsed = parseCustodyId(text);
        if (parsed !== null) {
          expect(CustodyId.safeParse(parsed).success).toBe(true);
          expect(parseCustodyId(parsed)).toBe(parsed);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
