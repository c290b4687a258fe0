// The verify fast path builds each event's canonical text from the stored row instead of through
// the canonicalize library: it must give auditHash's answer for every row, canonical or not, and
// throw where auditHash throws (issue 15, point 1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditHash } from '../../src/main/store/auditChain.ts';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { contentHash, type RawAuditRow } from '../../src/main/store/verify/index.ts';

const PREV = 'a'.repeat(64);

function row(payloadText: string, fields: Partial<{ seq: number; at: string; actor: string; station: string; kind: string; subjectId: string }> = {}): RawAuditRow {
  return [fields.seq ?? 7, fields.at ?? '2026-01-02T03:04:05.678Z', fields.actor ?? 'operator:a', fields.station ?? 'ST-1', fields.kind ?? 'item.received', 'item', fields.subjectId ?? 'MS-1', 'live', payloadText, PREV, ''];
}

/** What verify computed before the fast path: auditHash over the event the row reads as. */
function reference(r: RawAuditRow): string {
  const payload = JSON.parse(r[8]) as Record<string, unknown>;
  return auditHash(r[9], { seq: r[0], at: r[1], actor: r[2], station: r[3], kind: r[4], subjectType: 'item', subjectId: r[6], mode: 'live', payload });
}

function outcome(f: () => string): string {
  try {
    return f();
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

describe('the hash of a stored row', () => {
  it('is auditHash of its event, for any payload stored canonically or not, and any field text', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string(),
        fc.string(),
        fc.boolean(),
        (payload, actor, subjectId, canonical) => {
          // Stored as the station stores it (canonical) or as anyone else might have (key order, spacing).
          const text = canonical ? canonicalJson(payload) : JSON.stringify(Object.fromEntries(Object.entries(payload).reverse()), null, 1);
          const r = row(text, { actor, subjectId });
          expect(outcome(() => contentHash(r, JSON.parse(text) as Record<string, unknown>))).toBe(outcome(() => reference(r)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees on the texts that look canonical but are not, and on the ones canonicalJson refuses', () => {
    for (const text of [
      '{"9":1,"10":2}', // integer-like keys: JSON.parse reorders them
      '{"10":2,"9":1}',
      '{"b":1,"a":2}',
      '{"a":1,"a":2}',
      '{"a":-0}',
      '{"a":1e400}',
      '{"a":1.0}',
      '{"a":"\\u00e9"}',
      '{"a":"\\ud800"}', // a lone surrogate: canonicalJson throws, so must this
      '{"a":"\\u0007"}',
      '{"a":[{"d":1,"c":2}]}',
      '{ "a": 1 }',
    ]) {
      const r = row(text);
      expect(outcome(() => contentHash(r, JSON.parse(text) as Record<string, unknown>)), text).toBe(outcome(() => reference(r)));
    }
    // A field canonicalJson refuses and a payload it refuses: the field's refusal, as auditHash (its key comes first).
    for (const fields of [{ kind: '\udc00' }, { actor: 'a\ud800' }, { subjectId: '\udfff' }]) {
      const r = row('{"a":1e400}', fields);
      expect(outcome(() => contentHash(r, JSON.parse(r[8]) as Record<string, unknown>)), JSON.stringify(fields)).toBe(outcome(() => reference(r)));
    }
    for (const actor of ['say "hi"', 'back\\slash', 'tab\there', 'émile 🎉']) {
      const r = row('{}', { actor });
      expect(contentHash(r, {}), actor).toBe(reference(r));
    }
  });
});
