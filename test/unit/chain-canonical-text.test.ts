// Verify judges most payloads canonical by reading their text once (isCanonicalObjectText) instead
// of parsing and re-serializing them. A yes must be sure: the text parses to an object whose
// canonical JSON is the text itself. A no only sends the row the exact way (issue 15, point 1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { isCanonicalObjectText } from '../../src/main/store/verify/canonicalText.ts';

/** What a yes promises, judged by the library itself. */
function reallyCanonicalObject(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  try {
    return canonicalJson(parsed) === text;
  } catch {
    return false;
  }
}

function expectSure(text: string): void {
  if (isCanonicalObjectText(text)) expect(reallyCanonicalObject(text), text).toBe(true);
}

// Bits of JSON text that come near the form's edges: put together at random they make texts that
// look canonical and are not (and the other way).
const PIECES = ['{', '}', '[', ']', ',', ':', '"', '"a"', '"b"', '"ab"', '"10"', '"9"', '"__proto__"', '"é"', '"\\u0041"', '"\\n"', '"\t"', ' ', '0', '-0', '01', '1', '-1', '1.5', '1e2', '123456789012345', '1234567890123456', 'true', 'false', 'null', 'tru', '\ud800', '\udc00', '\ud83d\ude00'];

describe('a payload text judged canonical as it is written', () => {
  it('says yes only when the text parses to an object whose canonical JSON is the text itself', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }), (pieces) => {
        expectSure(pieces.join(''));
        expectSure(`{"a":${pieces.join('')}}`);
        expectSure(`{"a":[${pieces.join('')}]}`);
      }),
      { numRuns: 20_000 },
    );
  });

  it('says yes to the canonical JSON of any object of the narrow form, and is sure of any JSON', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.boolean(), (value, canonical) => {
        const text = canonical ? canonicalJson(value) : JSON.stringify(value);
        expectSure(text);
      }),
      { numRuns: 5_000 },
    );
    const integer = fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 });
    const plain = fc.string({ unit: fc.constantFrom('a', 'b', 'Z', ' ', '/', 'é', '€', '\u2028', '\ud83d\ude00', '0') });
    const leaf = fc.oneof(plain, integer, fc.boolean(), fc.constant(null));
    const narrowValue = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(plain, tie('value'), { maxKeys: 5 }),
    })).object;
    fc.assert(
      fc.property(narrowValue, (value) => {
        const text = canonicalJson(value);
        expect(isCanonicalObjectText(text), text).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('says no to what looks canonical and is not, and to what it cannot be sure of', () => {
    for (const text of [
      '{"b":1,"a":2}', // out of order
      '{"a":1,"a":1}', // a key twice: JSON.parse keeps one
      '{"a":{"y":1,"x":2}}',
      '{"a":[{"d":1,"c":2}]}',
      '{"a":-0}',
      '{"a":01}',
      '{"a":1.0}',
      '{"a":1.5}', // canonical, but a fraction: the exact way judges it
      '{"a":1e2}',
      '{"a":1234567890123456}',
      '{"a":"\\u0041"}',
      '{"a":"\\n"}', // canonical, but an escape: the exact way judges it
      '{"a":"\t"}',
      '{"a":"\ud800"}',
      '{"a":"\udc00\ud800"}',
      '{ "a":1}',
      '{"a":1} ',
      '{"a":1}}',
      '{"a":1},',
      '{"a":[1,]}',
      '{"a":{}',
      '{"a":tru}',
      '{"a":nul}',
      '{"a"}',
      '{"a":}',
      '{,}',
      '[1]',
      '"a"',
      '1',
      '',
      '{',
      `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`,
    ]) {
      expect(isCanonicalObjectText(text), text).toBe(false);
    }
  });

  it('says yes to payloads the station writes', () => {
    for (const text of [
      '{}',
      '{"10":2,"9":1}', // sorted as strings, as canonicalJson sorts them (JSON.parse puts 9 first)
      '{"__proto__":1}',
      '{"asTyped":false,"carrier":"amazon","matchKey":"TBA524000000000","scannedCode":"TBA524000000000","source":"device:scanner-1","state":"RECEIVED","symbology":"code128","trackingNumber":"TBA524000000000"}',
      '{"dimensions":null,"itemType":"parcel","recipient":"Émile Zoë 🎉","sender":null}',
      '{"deviceId":"scale-1","from":"RECEIVED","grams":154,"resolution":"1","source":"scale","to":"WEIGHED","unit":"g","value":"154"}',
      '{"findings":[],"from":"INSPECTED","notes":"","scanRef":"S2Q-QX7-V87:00000000","to":"SCREENED","verdict":"clear"}',
      '{"from":"SCREENED","screened":{"at":"2024-01-01T07:26:12.652Z","methods":["visual","xray"],"operatorId":"op-4"},"to":"CLEARED"}',
      '{"a":-123456789012345,"b":0,"c":[true,false,null,[],{}]}',
    ]) {
      expect(isCanonicalObjectText(text), text).toBe(true);
      expect(reallyCanonicalObject(text), text).toBe(true);
    }
  });
});
