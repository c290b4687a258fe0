import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { Store } from '../../src/main/store/index.ts';
import { auditHash } from '../../src/main/store/auditChain.ts';
import { canonicalJson, canonicalJsonOfMembers } from '../../src/main/store/canonicalJson.ts';
import { tempDir } from '../helpers/station.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';

let store: Store | undefined;
afterEach(() => store?.close());

/** Keys whose UTF-16 order differs from code-point or locale order, and keys JSON must escape. */
const awkwardKeys = ['subjectType', 'subjectId', 'B', 'a', 'é', '\u{1F600}', '\uFF61', '', 'a"b', 'line\nfeed', '\u0007', '__proto__', '10', '9'];
const awkwardKey = fc.oneof(fc.constantFrom(...awkwardKeys), fc.string(), fc.string({ unit: 'binary' }).filter((s) => s.isWellFormed()));
/** JSON values with the numbers and strings whose canonical form is not what a naive writer gives. */
const awkwardValue = fc.oneof(fc.jsonValue(), fc.constantFrom(1e21, 1e-7, -0, 0.1 + 0.2, 2 ** 53 + 2, 'tab\there', '\u2028', '</script>', null));

describe('an audit event is made canonical once (intake profile, issue 15 point 4)', () => {
  it('canonicalJsonOfMembers gives the bytes canonicalJson gives the whole object', () => {
    fc.assert(
      fc.property(fc.dictionary(awkwardKey, awkwardValue), (object) => {
        const members = Object.fromEntries(Object.entries(object).map(([key, value]) => [key, canonicalJson(value)]));
        expect(canonicalJsonOfMembers(members)).toBe(canonicalJson(object));
      }),
      { numRuns: 1000 },
    );
    expect(canonicalJsonOfMembers({})).toBe('{}');
  });

  it('appends events whose hash is auditHash over the event as read back, and whose stored payload is its canonical JSON', () => {
    store = Store.open(path.join(tempDir(), 'canonical-append.sqlite'));
    const s = store;
    const payloads = fc.sample(fc.dictionary(awkwardKey, awkwardValue), { numRuns: 150, seed: 15 });
    payloads.push({ z: 1, a: { y: [3, { b: 2, a: 1 }], x: 'é\u{1F600}' } }, {});
    const actors = ['operator:a', 'station', 'operator:"quoted"\\', 'operator:é\u{1F600}'];
    payloads.forEach((payload, i) =>
      s.transaction(() => s.audit.append(uncatalogued({ actor: actors[i % actors.length]!, kind: 'k.test', subjectType: 'item', subjectId: `ID-${i}\n`, mode: 'live', payload }))),
    );
    const read = [...s.audit.events()].slice(1);
    expect(read).toHaveLength(payloads.length);
    const stored = s.db.prepare<[], { payload: string }>('SELECT payload FROM audit_events WHERE seq > 1 ORDER BY seq').all();
    read.forEach((event, i) => {
      const { prevHash, hash, ...body } = event;
      expect(hash).toBe(auditHash(prevHash, body));
      expect(stored[i]!.payload).toBe(canonicalJson(payloads[i]));
      expect(canonicalJson(event.payload)).toBe(canonicalJson(payloads[i]));
    });
    expect(s.audit.verify()).toEqual({ events: payloads.length + 1, ok: true, firstBadSeq: null });
  });
});

describe('canonicalJson without the general walk (intake profile, issue 15 point 4)', () => {
  /** Members of every kind the short way takes, and of the kinds it must hand to canonicalize. */
  const flatValue = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(-0, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, undefined, '\uD800', 'a\uDC00b'),
    fc.constantFrom({ toJSON: () => 'x' }, [1, 'a'], { nested: true }),
  );
  const outcome = (f: () => string | undefined) => {
    try {
      return { text: f() };
    } catch {
      return { refused: true };
    }
  };

  it('gives canonicalize’s text, or refuses what it refuses, for any object of members and any string', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(awkwardKey, fc.string({ unit: 'binary' })), flatValue), (object) => {
        expect(outcome(() => canonicalJson(object))).toEqual(outcome(() => canonicalize(object)));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(outcome(() => canonicalJson(text))).toEqual(outcome(() => canonicalize(text)));
      }),
      { numRuns: 2000 },
    );
    // An object not made by {} (a class instance, no prototype) goes the general way, as before.
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 'x' });
    expect(canonicalJson(bare)).toBe('{"a":"x","b":1}');
    expect(outcome(() => canonicalJson({ a: '\uD800' }))).toEqual({ refused: true });
  });
});
