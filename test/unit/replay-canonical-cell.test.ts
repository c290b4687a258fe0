// The replay's cells are made canonical without canonicalJson's general walk (issue 15): the text
// must be canonicalJson's to the byte, and what canonicalJson refuses is refused the same way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { canonicalCell } from '../../src/main/store/replay/canonicalCell.ts';

/** The outcome of a serializer: its text, or the error it throws. */
function outcome(serialize: (value: unknown) => string, value: unknown): { text: string } | { error: string } {
  try {
    return { text: serialize(value) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

const anyText = fc.string({ unit: 'binary', maxLength: 12 });

describe('canonicalCell', () => {
  it('gives canonicalJson’s text for any JSON value, keys in any order, any string (lone surrogates included)', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), anyText, fc.constant(undefined)),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(anyText, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(outcome(canonicalCell, v)).toEqual(outcome(canonicalJson, v));
      }),
      { numRuns: 5000 },
    );
  });

  it('what JSON.parse gives back, from any JSON text, is serialized as canonicalJson does it', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const parsed: unknown = JSON.parse(text);
        expect(canonicalCell(parsed)).toBe(canonicalJson(parsed));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves to canonicalJson what is not a plain value: toJSON, boxed values, class instances, deep nesting, non-finite numbers', () => {
    const deep: unknown[] = [];
    let at = deep;
    for (let i = 0; i < 100; i += 1) at.push((at = []));
    const cases: unknown[] = [
      { when: new Date(0) },
      { n: new Number(3), s: new String('x'), b: new Boolean(false) },
      { custom: { toJSON: () => ({ b: 1, a: 2 }) } },
      new Map([['a', 1]]),
      deep,
      [1, undefined, () => 1],
      { a: undefined, b: 1 },
      Number.NaN,
      { x: Number.POSITIVE_INFINITY },
      { '\uD800': 1 },
      { 10: 'ten', 9: 'nine', a: 'a', '01': 'zero one' },
      [{ b: 1, a: [{ d: 1, c: 2 }] }, 'x'],
      '\uDC00',
    ];
    for (const value of cases) expect(outcome(canonicalCell, value)).toEqual(outcome(canonicalJson, value));
  });
});
