// The hash check reads a window of events as one string of bytes SQLite builds (chainWindow.ts) and
// accepts it only when every byte is what the row-by-row path would hash; any other window goes row
// by row. Whatever the rows hold (odd characters in every column, a number, NULL or BLOB where text
// belongs, a NUL, bytes that are not UTF-8, a payload or field laid out to pass for the layout's own
// bytes, a gap, a fork), the verdict must be the serial walk's, for any window size (issue 15, point 1),
// with the station's SQLite extension (nativeWindow.ts) and without it; and the extension must say of
// every window exactly what the JavaScript window says.
import { hash as sha256 } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GENESIS_HASH } from '../../src/shared/contract/index.ts';
import type { ChainVerdict } from '../../src/main/store/auditChain.ts';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { FROM_GENESIS, joinStretches, ROW_VOCABULARY, seqRange } from '../../src/main/store/verify/chainJoin.ts';
import { checkStretchInDb } from '../../src/main/store/verify/chainStretch.ts';
import { rowSets, type RawAuditRow } from '../../src/main/store/verify/chainRow.ts';
import { jsWindowCheck, windowHolds, windowStatement, wordBytes, type HeldWindow, type WindowWalk } from '../../src/main/store/verify/chainWindow.ts';
import { nativeWindowCheck } from '../../src/main/store/verify/nativeWindow.ts';
import { outcome, serialWalk, trueHash } from '../helpers/chainWalk.ts';
import { builtChainExtension } from '../helpers/nativeChain.ts';

beforeAll(() => {
  builtChainExtension();
});
afterEach(() => vi.restoreAllMocks());

const COLUMNS = 'seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash';

/** The digest of the fields put between quotes as they are (what a check that trusted them would compute). */
function rawTemplateHash(row: readonly unknown[]): string {
  const [seq, at, actor, station, kind, subjectType, subjectId, mode, payload, prevHash] = row.map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)));
  return sha256('sha256', `${prevHash}{"actor":"${actor}","at":"${at}","kind":"${kind}","mode":"${mode}","payload":${payload},"seq":${seq},"station":"${station}","subjectId":"${subjectId}","subjectType":"${subjectType}"}`, 'hex');
}

/** A log with no column types (a store someone rewrote can hold anything), with `rows` in it. */
function logOf(rows: readonly unknown[][]): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash)`);
  const insert = db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const row of rows) insert.run(...row);
  return db;
}

function readBack(db: Database.Database): RawAuditRow[] {
  return db.prepare<[], RawAuditRow>(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq`).raw().all();
}

/** The verdict of the windowed check over the whole log, in windows of `size` events, with the extension or without. */
function windowed(db: Database.Database, size: number, native = true): ChainVerdict {
  const range = seqRange(db);
  if (!range) return { events: 0, ok: true, firstBadSeq: null };
  return joinStretches([checkStretchInDb(db, range.min, range.max, ROW_VOCABULARY, size, native)], FROM_GENESIS);
}

/**
 * The log's windows of `size` events, in order as the check meets them, each told by the JavaScript
 * window and by the extension (fastest SHA-256 and portable): the three must say the same, a held
 * window as a no. The walk goes on through what the JavaScript window held (then it starts again at
 * the next window, as the check does after reading one row by row).
 */
function expectNativeAsJs(db: Database.Database, size: number, label: string): void {
  const range = seqRange(db);
  if (!range) return;
  const sets = rowSets(ROW_VOCABULARY);
  const inJs = jsWindowCheck(db, sets.plainSubjectTypes, sets.plainModes);
  const native = nativeWindowCheck(db, sets.plainSubjectTypes, sets.plainModes);
  const portable = nativeWindowCheck(db, sets.plainSubjectTypes, sets.plainModes, { portable: true });
  if (!inJs) {
    // A store whose text is not UTF-8: neither window is made.
    expect(native ?? portable, 'no window in SQLite either').toBeNull();
    return;
  }
  expect(native && portable, 'the extension loads').toBeTruthy();
  let walk: WindowWalk = { rows: 0, prevSeq: 0, prevHash: '' };
  for (let from = range.min; from + size - 1 <= range.max; from += size) {
    const to = from + size - 1;
    const whole = (h: HeldWindow | null) => (h && h.events === size && h.firstSeq === from && h.lastSeq === to ? h : null);
    const held = whole(inJs(walk, from, to));
    expect(whole(native!(walk, from, to)), `${label} [${from}, ${to}] in SQLite`).toEqual(held);
    expect(whole(portable!(walk, from, to)), `${label} [${from}, ${to}] in SQLite, portable SHA-256`).toEqual(held);
    walk = held ? { rows: walk.rows + size, prevSeq: held.lastSeq, prevHash: held.lastHash } : { rows: 0, prevSeq: 0, prevHash: '' };
  }
}

/** The serial walk's verdict and the windowed check's, for windows of 1, 2, 3 and 64 events, with the extension and without. */
function expectSerialVerdict(db: Database.Database, label = ''): ChainVerdict | string {
  const serial = outcome(() => serialWalk(readBack(db)));
  for (const size of [1, 2, 3, 64]) {
    expect(outcome(() => windowed(db, size)), `${label} windows of ${size}`).toEqual(serial);
    expect(outcome(() => windowed(db, size, false)), `${label} windows of ${size}, in JavaScript`).toEqual(serial);
    expectNativeAsJs(db, size, `${label} windows of ${size}:`);
  }
  return serial;
}

/** A chain of `n` events as the station writes them. */
function usualRows(n: number, fields: (seq: number) => Partial<Record<'at' | 'actor' | 'station' | 'kind' | 'subjectId' | 'payload', string>> = () => ({})): unknown[][] {
  const rows: unknown[][] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const f = fields(seq);
    const row: unknown[] = [seq, f.at ?? '2026-01-02T03:04:05.678Z', f.actor ?? 'operator:op-1', f.station ?? 'ST-1', f.kind ?? 'item.weighed', 'item', f.subjectId ?? `MS-${seq}`, 'live', f.payload ?? canonicalJson({ grams: seq, recipient: 'Zoë 😀', to: 'WEIGHED' }), prev, ''];
    row[10] = trueHash(row);
    rows.push(row);
    prev = row[10] as string;
  }
  return rows;
}

/** Rehashes every row from index `from` on, each linked to the one before (a consistent rewrite). */
function rehashFrom(rows: unknown[][], from: number, hashOf: (row: unknown[]) => string | null = trueHash): void {
  for (let i = from; i < rows.length; i += 1) {
    if (i > 0) rows[i]![9] = rows[i - 1]![10];
    rows[i]![10] = hashOf(rows[i]!) ?? rawTemplateHash(rows[i]!);
  }
}

describe('a window of events read as one string of bytes', () => {
  it('holds for a chain as the station writes it (odd but plain characters included) and is what the check reads', () => {
    const rows = usualRows(40, (seq) => (seq % 3 === 0 ? { actor: "operator:O'Brien Zoë 😀 \u2028 \u007f", payload: canonicalJson({ 'ключ': 'значение', a: [1, -2, true, null, { b: 'é' }] }) } : {}));
    const db = logOf(rows);
    const windows = windowStatement(db)!;
    const sets = rowSets(ROW_VOCABULARY);
    const [count, bytes] = windows.get(1, 40)!;
    expect(windowHolds(bytes!, count, { rows: 0, prevSeq: 0, prevHash: '' }, wordBytes(sets.plainSubjectTypes), wordBytes(sets.plainModes))).toMatchObject({ events: 40, firstSeq: 1, firstPrevHash: GENESIS_HASH, lastSeq: 40, lastHash: rows[39]![10] });
    // The rows are never read one by one: no row's payload is parsed, no row hashed from its fields.
    const parse = vi.spyOn(JSON, 'parse');
    expect(windowed(db, 8)).toEqual({ events: 40, ok: true, firstBadSeq: null });
    expect(parse).not.toHaveBeenCalled();
    expectSerialVerdict(db);
  });

  it('finds a changed field, a changed hash, a gap and a fork where the serial walk does', () => {
    const damage: Array<[string, (rows: unknown[][]) => void, number]> = [
      ['a field changed', (rows) => (rows[20]![2] = 'operator:mallory'), 21],
      ['a payload changed', (rows) => (rows[20]![8] = canonicalJson({ grams: 1 })), 21],
      ['a hash changed', (rows) => (rows[20]![10] = 'e'.repeat(64)), 21],
      ['a hash in capitals', (rows) => (rows[20]![10] = (rows[20]![10] as string).toUpperCase()), 21],
      ['an event removed (a gap)', (rows) => rows.splice(20, 1), 22],
      ['a fork: an event rewritten and the rest rehashed, linked to the old one', (rows) => {
        rows[20]![2] = 'operator:mallory';
        rehashFrom(rows, 20);
        rows[21]![9] = 'f'.repeat(64);
      }, 22],
      ['every event after one rewritten consistently but the first link', (rows) => {
        rows[20]![2] = 'operator:mallory';
        rows[20]![10] = trueHash(rows[20]!);
      }, 22],
    ];
    for (const [what, change, bad] of damage) {
      const rows = usualRows(40);
      change(rows);
      const serial = expectSerialVerdict(logOf(rows), what);
      expect(serial, what).toMatchObject({ ok: false, firstBadSeq: bad });
    }
  });

  it('passes no row whose stored hash is over its bytes as they are when the row, read, hashes otherwise', () => {
    // Each row below is hashed as the bytes SQLite would lay out (a check that trusted the layout would pass it).
    const blob = (s: string) => Buffer.from(s, 'utf8');
    const hostile: Array<[string, number, unknown]> = [
      ['a quote in a field', 2, 'operator:"a"'],
      ['a backslash', 2, 'back\\slash'],
      ['a tab', 1, 'tab\there'],
      ['a NUL in a field', 3, 'ST\u0000-1'],
      ['a NUL in the payload', 8, '{"a":"x\u0000"}'],
      ['fields run together', 4, 'x","at":"y'],
      ['a number where text belongs', 1, 20260102],
      ['a real where text belongs', 3, 1.5],
      ['NULL where text belongs', 2, null],
      ['a BLOB with the text’s bytes (actor)', 2, blob('operator:op-1')],
      // (The serial walk reads a BLOB payload as its text: this one it passes, and so must the check.)
      ['a BLOB with the text’s bytes (payload)', 8, blob('{"a":1}')],
      ['a BLOB with the text’s bytes (hash)', 10, 'HASH-AS-BLOB'],
      ['a BLOB with the text’s bytes (prev_hash)', 9, 'PREV-AS-BLOB'],
      ['a payload with a space', 8, '{"a": 1}'],
      ['a payload with its keys out of order', 8, '{"b":1,"a":2}'],
      ['a payload that is not an object', 8, '[1]'],
      ['a payload that closes early and carries a tail', 8, '{},"seq":1,"station":"S","subjectId":"I","subjectType":"item"}'],
      ['a payload left open for the tail to close', 8, '{"a":1'],
      ['a subject type that carries a tail', 5, 'item"},"seq":1,"station":"S","subjectId":"I","subjectType":"item'],
      ['a mode not of this version', 7, 'LIVE'],
      ['an integer of 17 digits (JSON reads it rounded)', 8, '{"a":12345678901234567}'],
      ['an integer with a leading zero', 8, '{"a":01}'],
      ['a payload with a brace after its close', 8, '{"a":1}}'],
      ['a payload with text after its close', 8, '{"a":1}x'],
      ['a hash with a byte more', 10, 'HASH-PLUS-ONE'],
    ];
    for (const [what, column, value] of hostile) {
      const rows = usualRows(6);
      const row = rows[2]!;
      row[column] = value;
      if (value === 'HASH-AS-BLOB') row[10] = blob(rawTemplateHash(row));
      else if (value === 'HASH-PLUS-ONE') row[10] = `${rawTemplateHash(row)}0`;
      else if (value === 'PREV-AS-BLOB') row[9] = blob(row[9] as string);
      else row[10] = rawTemplateHash(row);
      if (value !== 'HASH-AS-BLOB' && value !== 'HASH-PLUS-ONE') rehashFrom(rows, 3, (r) => trueHash(r));
      const serial = expectSerialVerdict(logOf(rows), what);
      if (column !== 8 || !Buffer.isBuffer(value)) expect(serial, what).not.toMatchObject({ ok: true });
    }
  });

  it('passes no prev_hash that carries a body of its own (the hashed bytes would be the same run)', () => {
    const rows = usualRows(6);
    const row = rows[2]!;
    // prev_hash = the right hash followed by a body whose payload swallows the real fields.
    row[9] = `${rows[1]![10] as string}{"actor":"x","at":"y","kind":"k","mode":"live","payload":{"a":`;
    row[8] = '{}}';
    row[10] = rawTemplateHash(row);
    rehashFrom(rows, 3);
    expect(expectSerialVerdict(logOf(rows))).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('passes no text that is not UTF-8 (JS reads it as U+FFFD: what the station hashed is not these bytes)', () => {
    // Each, as the actor's bytes: a byte no UTF-8 has, a surrogate, overlong forms, past U+10FFFF,
    // a sequence cut short, a continuation byte alone; and one valid four-byte character to show the way holds.
    const forms: Array<[string, string, boolean]> = [
      ['0xFF', 'ff', false],
      ['a surrogate (U+D800 written as UTF-8)', 'eda080', false],
      ['the other surrogate end (U+DFFF)', 'edbfbf', false],
      ['an overlong slash (2 bytes)', 'c0af', false],
      ['an overlong (3 bytes)', 'e080af', false],
      ['an overlong (4 bytes)', 'f0808080', false],
      ['past U+10FFFF', 'f4908080', false],
      ['a lead byte past F4', 'f5808080', false],
      ['a sequence cut short', 'e282', false],
      ['a continuation byte alone', '80', false],
      ['U+10FFFF itself', 'f48fbfbf', true],
      ['U+FFFF', 'efbfbf', true],
    ];
    for (const [what, hex, valid] of forms) {
      const rows = usualRows(6);
      const db = logOf(rows);
      db.prepare(`UPDATE audit_events SET actor = CAST(x'6f703a${hex}' AS TEXT) WHERE seq = 3`).run();
      // The bytes of the hash text as SQLite would lay them out, with the actor's bytes as they are.
      const laidOut = Buffer.concat([Buffer.from(rows[1]![10] as string), Buffer.from('{"actor":"op:'), Buffer.from(hex, 'hex'), Buffer.from(`","at":"2026-01-02T03:04:05.678Z","kind":"item.weighed","mode":"live","payload":${rows[2]![8] as string},"seq":3,"station":"ST-1","subjectId":"MS-3","subjectType":"item"}`)]);
      db.prepare('UPDATE audit_events SET hash = ? WHERE seq = 3').run(sha256('sha256', laidOut, 'hex'));
      // The rest relinked, so that the row itself is the only question.
      const later = db.prepare<[], RawAuditRow>(`SELECT ${COLUMNS} FROM audit_events WHERE seq > 3 ORDER BY seq`).raw().all();
      let prev = sha256('sha256', laidOut, 'hex');
      for (const row of later) {
        const relinked: unknown[] = [...row];
        relinked[9] = prev;
        relinked[10] = trueHash(relinked);
        db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?').run(relinked[9], relinked[10], row[0]);
        prev = relinked[10] as string;
      }
      const verdict = expectSerialVerdict(db, what);
      expect(verdict, what).toMatchObject(valid ? { ok: true } : { ok: false, firstBadSeq: 3 });
    }
  });

  it('leaves a store whose text is UTF-16 to the row-by-row check (its bytes are not what was hashed)', () => {
    const rows = usualRows(10);
    const db = new Database(':memory:');
    db.pragma("encoding = 'UTF-16le'");
    db.exec(`CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash)`);
    const insert = db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const row of rows) insert.run(...row);
    expect(windowStatement(db)).toBeNull();
    expect(expectSerialVerdict(db)).toEqual({ events: 10, ok: true, firstBadSeq: null });
  });

  it('gives the serial walk’s verdict for any rows, in any window size', () => {
    type Field = string | number | null | Buffer;
    const hostileText = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', ':', '"', '\\', '\n', '\u0000', '\u0001', '\u0002', '\u001f', '\u007f', 'é', '€', '\u2028', '\ud800', '\udc00', '\ud83d\ude00', '{', '}', ',', '[', ']') });
    const plainText = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', ':', '.', 'é', '€', '\ud83d\ude00', '\uffff', '\ue000') });
    const field: fc.Arbitrary<Field> = fc.oneof(
      { weight: 8, arbitrary: plainText },
      { weight: 3, arbitrary: hostileText },
      { weight: 1, arbitrary: fc.integer() },
      { weight: 1, arbitrary: fc.double() },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: plainText.map((s) => Buffer.from(s)) },
    );
    const word = (words: readonly string[]): fc.Arbitrary<Field> => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: fc.constantFrom('parcel', 'LIVE', 'item ', '') }, { weight: 1, arbitrary: fc.constant(Buffer.from('item')) });
    const narrowPayload = fc.dictionary(plainText, fc.oneof(plainText, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 }).map(canonicalJson);
    const payloadText: fc.Arbitrary<Field> = fc.oneof(
      { weight: 6, arbitrary: narrowPayload },
      { weight: 2, arbitrary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }).map(canonicalJson) },
      { weight: 1, arbitrary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }).map((v) => JSON.stringify(Object.fromEntries(Object.entries(v).reverse()))) },
      { weight: 1, arbitrary: fc.constantFrom('{"b":1,"a":2}', '{"a":1,"a":2}', '{"a":-0}', '{"a":1.0}', '{"a":"\\u0041"}', '{ "a":1}', '[1]', 'null', '{}}', '{"a":1', '{"\ue000":1,"\ud83d\ude00":2}', '{"\ud83d\ude00":1,"\ue000":2}', '{"a":"\u0002"}') },
      { weight: 1, arbitrary: fc.constant(Buffer.from('{"a":1}')) },
    );
    const eventFields = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(plainText, plainText, plainText, plainText, fc.constantFrom(...ROW_VOCABULARY.subjectTypes), plainText, fc.constantFrom(...ROW_VOCABULARY.modes), narrowPayload) },
      { weight: 1, arbitrary: fc.tuple(field, field, field, field, word(ROW_VOCABULARY.subjectTypes), field, word(ROW_VOCABULARY.modes), payloadText) },
    );
    const spec = fc.tuple(eventFields, fc.constantFrom('linked', 'linked', 'linked', 'linked', 'linked', 'linked', 'broken', 'blob'), fc.constantFrom('true', 'true', 'true', 'true', 'raw', 'other', 'blob'), fc.constantFrom('next', 'next', 'next', 'next', 'next', 'next', 'skip'));
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 12 }), (specs) => {
        const rows: unknown[][] = [];
        let prev = GENESIS_HASH;
        let seq = 0;
        for (const [[at, actor, station, kind, subjectType, subjectId, mode, payload], link, hashKind, seqKind] of specs) {
          seq += seqKind === 'next' ? 1 : 2;
          const row: unknown[] = [seq, at, actor, station, kind, subjectType, subjectId, mode, payload, link === 'linked' ? prev : link === 'blob' ? Buffer.from(prev) : 'f'.repeat(64), ''];
          const digest = hashKind === 'raw' || hashKind === 'blob' ? rawTemplateHash(row) : hashKind === 'true' ? (trueHash(row) ?? rawTemplateHash(row)) : 'e'.repeat(64);
          row[10] = hashKind === 'blob' ? Buffer.from(digest) : digest;
          rows.push(row);
          prev = digest;
        }
        const db = logOf(rows);
        try {
          expectSerialVerdict(db);
        } finally {
          db.close();
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
