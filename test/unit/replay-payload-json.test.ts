// The replay's canonical JSON of parsed payloads (issue 15): byte for byte canonicalJson's, or its error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { payloadJson } from '../../src/main/store/replay/payloadJson.ts';

const outcome = (f: () => string): { text: string } | { error: string } => {
  try {
    return { text: f() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};

describe("the replay's canonical JSON", () => {
  it('is canonicalJson of any value JSON.parse gives, escapes, non-ASCII, key order and numbers included (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed: unknown = JSON.parse(JSON.stringify(value));
        expect(payloadJson(parsed)).toBe(canonicalJson(parsed));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives what canonicalJson gives, text or error, for anything else (property)', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true }), (value) => {
        expect(outcome(() => payloadJson(value))).toEqual(outcome(() => canonicalJson(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('a lone surrogate, a key with one, a number not finite, deep nesting, toJSON: as canonicalJson', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i += 1) deep = { [`k${i}`]: [deep] };
    const cases: unknown[] = ['\ud800', { '\udc00': 1 }, { a: Number.NaN }, [Infinity], deep, { a: { toJSON: () => 'x' } }, { a: undefined, b: 1 }, [undefined], JSON.parse('{"__proto__": {"b": 1}, "a": 2}'), { b: 'é', a: 'A', '': null, B: [1.5, -0, 1e21] }];
    for (const value of cases) expect(outcome(() => payloadJson(value))).toEqual(outcome(() => canonicalJson(value)));
  });
});
