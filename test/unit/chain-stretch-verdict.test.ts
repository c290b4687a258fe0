// Verify hashes a row of the usual form from its text (no parse of its payload) and any other row
// the exact way; cut into stretches or not, the verdict must be the serial walk's for any rows,
// hostile ones included: fields that are not text or hold what JSON escapes, payloads that look
// canonical and are not, and stored hashes made over the fields as they are rather than as JSON
// writes them (what a fast path that trusted them would pass) (issue 15, point 1).
import { hash as sha256 } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GENESIS_HASH } from '../../src/shared/contract/index.ts';
import type { ChainVerdict } from '../../src/main/store/auditChain.ts';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { FROM_GENESIS, joinStretches, ROW_VOCABULARY } from '../../src/main/store/verify/chainJoin.ts';
import { checkStretch, stretchRows } from '../../src/main/store/verify/chainStretch.ts';
import type { RawAuditRow } from '../../src/main/store/verify/index.ts';
import { outcome, serialWalk, trueHash } from '../helpers/chainWalk.ts';

afterEach(() => vi.restoreAllMocks());

type Field = string | number | null | Buffer;

/** The digest of the fields put between quotes as they are: right only when JSON would write them so. */
function rawTemplateHash(row: readonly unknown[]): string {
  const [seq, at, actor, station, kind, subjectType, subjectId, mode, payload, prevHash] = row.map(String);
  return sha256('sha256', `${prevHash}{"actor":"${actor}","at":"${at}","kind":"${kind}","mode":"${mode}","payload":${payload},"seq":${seq},"station":"${station}","subjectId":"${subjectId}","subjectType":"${subjectType}"}`, 'hex');
}

const hostileText = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', ':', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', '€', '\u2028', '\ud800', '\udc00', '\ud83d\ude00', '{', '}', ',') });
const plainText = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', ':', '.', 'é', '€', '\ud83d\ude00') });
const field: fc.Arbitrary<Field> = fc.oneof(
  { weight: 6, arbitrary: plainText },
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: plainText.map((s) => Buffer.from(s)) },
);
const word = (words: readonly string[]): fc.Arbitrary<Field> => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: fc.constantFrom('parcel', 'LIVE', 'item ', '') }, { weight: 1, arbitrary: fc.constant(7) });
const narrowPayload = fc.dictionary(plainText, fc.oneof(plainText, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 }).map(canonicalJson);
const payloadText: fc.Arbitrary<Field> = fc.oneof(
  { weight: 4, arbitrary: narrowPayload },
  { weight: 2, arbitrary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }).map(canonicalJson) },
  { weight: 2, arbitrary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }).map((v) => JSON.stringify(Object.fromEntries(Object.entries(v).reverse()))) },
  { weight: 1, arbitrary: fc.constantFrom('{"b":1,"a":2}', '{"a":1,"a":2}', '{"a":-0}', '{"a":1.0}', '{"a":1e400}', '{"a":"\\ud800"}', '{"a":"\\u0041"}', '{ "a":1}', '[1]', '1', 'null', 'not json', '{"10":1,"9":2}', '{"9":1,"10":2}') },
  { weight: 1, arbitrary: fc.constant(Buffer.from('{"a":1}')) },
  { weight: 1, arbitrary: fc.integer() },
);

/** One event's fields (seq, link and hash are set by the chain): as the station writes them, or anything. */
const eventFields = fc.oneof(
  fc.tuple(plainText, plainText, plainText, plainText, fc.constantFrom(...ROW_VOCABULARY.subjectTypes), plainText, fc.constantFrom(...ROW_VOCABULARY.modes), narrowPayload),
  fc.tuple(field, field, field, field, word(ROW_VOCABULARY.subjectTypes), field, word(ROW_VOCABULARY.modes), payloadText),
);
const linkKind = fc.constantFrom('linked', 'linked', 'linked', 'linked', 'broken');
const hashKind = fc.constantFrom('true', 'true', 'true', 'raw', 'other');
const seqKind = fc.constantFrom('next', 'next', 'next', 'next', 'skip', 'unsafe');

const chain = fc.array(fc.tuple(eventFields, linkKind, hashKind, seqKind), { minLength: 1, maxLength: 6 }).map((specs) => {
  const rows: RawAuditRow[] = [];
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const [[at, actor, station, kind, subjectType, subjectId, mode, payload], link, hashKindOf, seqKindOf] of specs) {
    seq = seqKindOf === 'next' ? seq + 1 : seqKindOf === 'skip' ? seq + 2 : 2 ** 53 + 2;
    const row: unknown[] = [seq, at, actor, station, kind, subjectType, subjectId, mode, payload, link === 'linked' ? prev : 'f'.repeat(64), ''];
    row[10] = hashKindOf === 'true' ? (trueHash(row) ?? rawTemplateHash(row)) : hashKindOf === 'raw' ? rawTemplateHash(row) : 'e'.repeat(64);
    rows.push(row as RawAuditRow);
    prev = row[10] as string;
  }
  return rows;
});

/** The rows checked in stretches cut where `cuts` say, joined in order. */
function stretched(rows: readonly RawAuditRow[], cuts: readonly number[]): ChainVerdict {
  const at = [...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b);
  const parts: RawAuditRow[][] = [];
  let from = 0;
  for (const cut of [...at, rows.length]) {
    if (cut > from) parts.push(rows.slice(from, cut));
    from = Math.max(from, cut);
  }
  return joinStretches(
    parts.map((part) => checkStretch([part], ROW_VOCABULARY)),
    FROM_GENESIS,
  );
}

describe('a stretch of the chain checked from rows', () => {
  it('gives the serial walk’s verdict for any rows, however they are cut into stretches', () => {
    fc.assert(
      fc.property(chain, fc.array(fc.nat(), { maxLength: 3 }), (rows, cuts) => {
        const serial = outcome(() => serialWalk(rows));
        expect(outcome(() => stretched(rows, []))).toEqual(serial);
        expect(outcome(() => stretched(rows, cuts))).toEqual(serial);
      }),
      { numRuns: 5_000 },
    );
  });

  it('passes no row whose stored hash is over its fields as they are, when JSON would write them otherwise', () => {
    for (const [index, value] of [
      [2, 'operator:"a"'],
      [2, 'back\\slash'],
      [1, 'tab\there'],
      [3, 'ST\u0000'],
      [6, 'MS-\ud800'],
      [4, 'x","at":"y'],
    ] as const) {
      const row: unknown[] = [1, '2026-01-02T03:04:05.678Z', 'operator:a', 'ST-1', 'item.received', 'item', 'MS-1', 'live', '{"a":1}', GENESIS_HASH, ''];
      row[index] = value;
      row[10] = rawTemplateHash(row);
      const serial = outcome(() => serialWalk([row as RawAuditRow]));
      // Bad, or (a lone surrogate) what canonicalJson throws: never passed.
      expect(serial, value).not.toMatchObject({ ok: true });
      expect(outcome(() => stretched([row as RawAuditRow], [])), value).toEqual(serial);
    }
  });

  it('hashes a row of the usual form without parsing its payload (a parse cost verify more than the hash)', () => {
    const rows: RawAuditRow[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 50; seq += 1) {
      const row: unknown[] = [seq, '2026-01-02T03:04:05.678Z', 'operator:op-1', 'ST-1', 'item.weighed', 'item', `MS-${seq}`, 'live', canonicalJson({ grams: seq, from: 'RECEIVED', to: 'WEIGHED', recipient: 'Zoë' }), prev, ''];
      row[10] = trueHash(row);
      rows.push(row as RawAuditRow);
      prev = row[10] as string;
    }
    const parse = vi.spyOn(JSON, 'parse');
    expect(stretched(rows, [])).toEqual({ events: 50, ok: true, firstBadSeq: null });
    expect(parse).not.toHaveBeenCalled();
  });
});

describe('the rows of a stretch read a chunk at a time', () => {
  it('are every row of the stretch once, in order, gaps and seqs past 2^53 (read rounded) included', () => {
    const db = new Database(':memory:');
    try {
      db.exec(`CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash)`);
      const insert = db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const big = 2n ** 53n;
      const seqs = [1n, 2n, 4n, 5n, 6n, big - 1n, big, big + 1n, big + 2n, big + 3n, big + 5n, big + 6n, big + 7n];
      seqs.forEach((seq, i) => insert.run(seq, `at-${i}`, 'a', 's', 'k', 'item', `id-${i}`, 'live', '{}', 'p', `h-${i}`));
      const oneStatement = db.prepare('SELECT * FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq').raw().all(1, Number(big + 7n));
      for (const chunkRows of [1, 2, 3, 4, 1024]) {
        // At most twice the rows there are: a reader that re-reads a chunk would never end.
        const read: RawAuditRow[][] = [];
        for (const chunk of stretchRows(db, 1, Number(big + 7n), chunkRows)) if (read.push(chunk) > 2 * seqs.length) break;
        expect(read.flat(), `chunks of ${chunkRows}`).toEqual(oneStatement);
        expect(read.every((chunk) => chunk.length > 0 && chunk.length <= chunkRows)).toBe(true);
      }
      expect(db.inTransaction).toBe(false);
    } finally {
      db.close();
    }
  });
});
