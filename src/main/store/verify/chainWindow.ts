import { hash as sha256 } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type Database from 'better-sqlite3';
import { canonicalObjectEnd } from './canonicalBytes.ts';

/**
 * Many events per result row: one call to better-sqlite3 per row costs more than the row's
 * columns do (issue 15, point 1), so SQLite hands a window of consecutive events over as one
 * string of bytes, each event laid out as
 *
 *   json_quote(hash) json_quote(prev_hash) {"actor":json_quote(actor),…,"payload":payload,"seq":seq,…}
 *
 * and events apart by a 0x02 byte. The body is the text `plainRowHash` hashes for a row of the
 * usual form, with the fields quoted by SQLite. `windowHolds` accepts a window only when every
 * byte of it is accounted for by that layout with nothing JSON would write otherwise:
 * - the bytes are UTF-8 (no lone surrogate, no invalid sequence: the text JS reads is these bytes);
 * - every quoted field is a string with no backslash and no control character: json_quote made it
 *   from TEXT (a number would be unquoted, a BLOB makes SQLite refuse the statement) and escaped
 *   nothing, so it is the field between quotes exactly as JSON.stringify writes it, and it holds
 *   no byte the layout uses; subject type and mode are this version's words;
 * - the payload is TEXT (typeof, else NULL and the layout breaks) and canonical object text
 *   (`canonicalObjectEnd`): the stored text is what canonicalJson of its parse gives. The fixed
 *   tail after it (`,"seq":` …) can only be read where it is, so the payload's extent is the
 *   stored payload's;
 * - seq is the expected number, hash is the SHA-256 of prev_hash and the body as written, and
 *   prev_hash links to the event before.
 * Control bytes appear in no accepted field, so the 0x02 bytes are SQLite's and the events are the
 * window's rows one for one (their count checked too). Then what is hashed is byte for byte what
 * `plainRowHash` hashes for that row. Anything else (or a window that does not hold) is left to
 * the row-by-row path, which gives the exact verdict.
 */
// ~120 KB of bytes: under the station's MALLOC_MMAP_THRESHOLD_ (128 KiB, stationMemory.ts), so a
// window's strings are not a mmap and munmap each; longer windows gained nothing measurable.
export const WINDOW_ROWS = 256;

const BODY = `'{"actor":', json_quote(actor), ',"at":', json_quote(at), ',"kind":', json_quote(kind), ',"mode":', json_quote(mode), ',"payload":', CASE typeof(payload) WHEN 'text' THEN payload END, ',"seq":', seq, ',"station":', json_quote(station), ',"subjectId":', json_quote(subject_id), ',"subjectType":', json_quote(subject_type), '}'`;

export type WindowStatement = Database.Statement<[number, number], [number, Buffer | null]>;

/**
 * The window statement, or null when the store's text is not UTF-8 (then its bytes are not what is
 * hashed) or this SQLite cannot prepare it (concat() is 3.44's): then every event goes row by row.
 */
export function windowStatement(db: Database.Database): WindowStatement | null {
  try {
    if (db.pragma('encoding', { simple: true }) !== 'UTF-8') return null;
    return prepareWindow(db);
  } catch {
    return null;
  }
}

function prepareWindow(db: Database.Database): WindowStatement {
  return db
    .prepare<[number, number], [number, Buffer | null]>(
      // No subquery (it would copy every column of every row once more): the seq range is the window,
      // read in seq order by the primary key; the order is checked anyway (each event's seq).
      `SELECT count(*), CAST(group_concat(concat(json_quote(hash), json_quote(prev_hash), ${BODY}), char(2)) AS BLOB) FROM audit_events WHERE seq >= ? AND seq <= ?`,
    )
    .raw();
}

/** What a window needs from the walk it continues: whether it has begun, and the event before. */
export interface WindowWalk {
  /** Events that held so far in the stretch (0: the window's first event is the stretch's first). */
  rows: number;
  prevSeq: number;
  prevHash: string;
}

/** A window that held: its events, its first event's link (for a stretch's first event), its last event. */
export interface HeldWindow {
  events: number;
  firstSeq: number;
  firstPrevHash: string;
  lastSeq: number;
  lastHash: string;
}

/** Checks the window [from, to] continuing `walk`: what held, or null (the caller reads it row by row). Made in JavaScript (jsWindowCheck) or in SQLite (nativeWindow.ts). */
export type WindowCheck = (walk: WindowWalk, from: number, to: number) => HeldWindow | null;

/**
 * The window check in JavaScript on `db` (the window laid out by SQLite, checked by windowHolds), or
 * null when no window can be made there (windowStatement). `subjectTypes` and `modes`: the plain words.
 */
export function jsWindowCheck(db: Database.Database, subjectTypes: Iterable<unknown>, modes: Iterable<unknown>): WindowCheck | null {
  const windows = windowStatement(db);
  if (!windows) return null;
  const typeBytes = wordBytes(subjectTypes);
  const modeBytes = wordBytes(modes);
  return (walk, from, to) => {
    let window: [number, Buffer | null] | undefined;
    try {
      window = windows.get(from, to);
    } catch {
      // A field SQLite cannot quote (a BLOB): the rows say what it is.
      return null;
    }
    return window && window[0] === to - from + 1 && window[1] ? windowHolds(window[1], window[0], walk, typeBytes, modeBytes) : null;
  };
}

/** This version's words for a field, as bytes, to compare in place. */
export function wordBytes(words: Iterable<unknown>): Uint8Array[] {
  return [...words].filter((w): w is string => typeof w === 'string').map((w) => Buffer.from(w, 'utf8'));
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SEPARATOR = 0x02;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const HASH_HEX = 64;
const MAX_SEQ_DIGITS = 15;

const lit = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const ACTOR = lit('{"actor":');
const AT = lit(',"at":');
const KIND = lit(',"kind":');
const MODE = lit(',"mode":');
const PAYLOAD = lit(',"payload":');
const SEQ = lit(',"seq":');
const STATION = lit(',"station":');
const SUBJECT_ID = lit(',"subjectId":');
const SUBJECT_TYPE = lit(',"subjectType":');

/** Whether `b` holds `literal` at `i`. */
function at(b: Uint8Array, i: number, literal: Uint8Array): boolean {
  if (i + literal.length > b.length) return false;
  for (let k = 0; k < literal.length; k += 1) if (b[i + k] !== literal[k]) return false;
  return true;
}

/** Where the quoted plain string at `i` ends (after its closing quote), or -1: no backslash, no control byte. */
function stringEnd(b: Uint8Array, i: number, end: number): number {
  if (i >= end || b[i] !== QUOTE) return -1;
  for (let j = i + 1; j < end; j += 1) {
    const c = b[j]!;
    if (c === QUOTE) return j + 1;
    if (c < 0x20 || c === BACKSLASH) return -1;
  }
  return -1;
}

/** Whether b[from, to) is one of `words`. */
function isWord(b: Uint8Array, from: number, to: number, words: readonly Uint8Array[]): boolean {
  const n = to - from;
  next: for (const w of words) {
    if (w.length !== n) continue;
    for (let k = 0; k < n; k += 1) if (b[from + k] !== w[k]) continue next;
    return true;
  }
  return false;
}

/** Whether b[from, from + s.length) is the text s (ASCII, as a digest's hex or a stored hash is). */
function equalsText(b: Uint8Array, from: number, to: number, s: string): boolean {
  if (to - from !== s.length) return false;
  for (let k = 0; k < s.length; k += 1) if (b[from + k] !== s.charCodeAt(k)) return false;
  return true;
}

/** Whether b[a, a + n) equals b[c, c + n). */
function equalsBytes(b: Uint8Array, a: number, c: number, n: number): boolean {
  for (let k = 0; k < n; k += 1) if (b[a + k] !== b[c + k]) return false;
  return true;
}

/**
 * Whether every event of a window holds, continuing `walk` (see the layout above): null when one
 * does not or is not of the usual form (the caller then reads the window row by row). Shifts each
 * event's prev_hash in `bytes` onto its closing quote, so that prev_hash and the body are one run
 * of bytes to hash.
 */
export function windowHolds(buffer: Buffer, count: number, walk: WindowWalk, subjectTypes: readonly Uint8Array[], modes: readonly Uint8Array[]): HeldWindow | null {
  if (!isUtf8(buffer)) return null;
  // A plain view of the same bytes: element access on a Uint8Array itself is what the JIT makes fastest.
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  const end = bytes.length;
  let events = 0;
  let expectedSeq = walk.rows === 0 ? -1 : walk.prevSeq + 1;
  let firstSeq = -1;
  let firstPrevHash = '';
  // Where the previous event's stored hash is in `bytes` (-1: the walk's prevHash, before the window).
  let prevHashAt = -1;
  let lastHash: string;
  let p = 0;
  for (;;) {
    // json_quote(hash): 64 bytes between quotes (compared to the digest below).
    if (p + HASH_HEX + 2 > end || bytes[p] !== QUOTE || bytes[p + HASH_HEX + 1] !== QUOTE) return null;
    const hashAt = p + 1;
    // json_quote(prev_hash): plain; the link is checked here, the first event's kept for the join.
    const prevStart = p + HASH_HEX + 2;
    const prevEnd = stringEnd(bytes, prevStart, end);
    if (prevEnd < 0) return null;
    const prevFrom = prevStart + 1;
    const prevTo = prevEnd - 1;
    if (walk.rows === 0 && events === 0) {
      firstPrevHash = buffer.toString('utf8', prevFrom, prevTo);
    } else if (prevHashAt < 0) {
      if (!equalsText(bytes, prevFrom, prevTo, walk.prevHash)) return null;
    } else if (prevTo - prevFrom !== HASH_HEX || !equalsBytes(bytes, prevFrom, prevHashAt, HASH_HEX)) {
      return null;
    }
    // The body.
    let i = prevEnd;
    if (!at(bytes, i, ACTOR)) return null;
    i = stringEnd(bytes, i + ACTOR.length, end);
    if (i < 0 || !at(bytes, i, AT)) return null;
    i = stringEnd(bytes, i + AT.length, end);
    if (i < 0 || !at(bytes, i, KIND)) return null;
    i = stringEnd(bytes, i + KIND.length, end);
    if (i < 0 || !at(bytes, i, MODE)) return null;
    const modeAt = i + MODE.length;
    i = stringEnd(bytes, modeAt, end);
    if (i < 0 || !isWord(bytes, modeAt + 1, i - 1, modes) || !at(bytes, i, PAYLOAD)) return null;
    i = canonicalObjectEnd(bytes, i + PAYLOAD.length, end);
    if (i < 0 || !at(bytes, i, SEQ)) return null;
    i += SEQ.length;
    const digitsAt = i;
    let seq = 0;
    while (i < end && bytes[i]! >= DIGIT_0 && bytes[i]! <= DIGIT_9) seq = seq * 10 + (bytes[i++]! - DIGIT_0);
    const digits = i - digitsAt;
    if (digits === 0 || digits > MAX_SEQ_DIGITS || (digits > 1 && bytes[digitsAt] === DIGIT_0)) return null;
    if (expectedSeq >= 0 && seq !== expectedSeq) return null;
    if (!at(bytes, i, STATION)) return null;
    i = stringEnd(bytes, i + STATION.length, end);
    if (i < 0 || !at(bytes, i, SUBJECT_ID)) return null;
    i = stringEnd(bytes, i + SUBJECT_ID.length, end);
    if (i < 0 || !at(bytes, i, SUBJECT_TYPE)) return null;
    const typeAt = i + SUBJECT_TYPE.length;
    i = stringEnd(bytes, typeAt, end);
    if (i < 0 || !isWord(bytes, typeAt + 1, i - 1, subjectTypes) || i >= end || bytes[i] !== 0x7d /* } */) return null;
    const bodyEnd = i + 1;
    if (bodyEnd !== end && bytes[bodyEnd] !== SEPARATOR) return null;
    // prev_hash moved onto its closing quote: prev_hash and the body, as one run, are the hashed text.
    bytes.copyWithin(prevFrom + 1, prevFrom, prevTo);
    const digest = sha256('sha256', bytes.subarray(prevFrom + 1, bodyEnd), 'hex');
    if (!equalsText(bytes, hashAt, hashAt + HASH_HEX, digest)) return null;
    if (events === 0) firstSeq = seq;
    events += 1;
    expectedSeq = seq + 1;
    prevHashAt = hashAt;
    lastHash = digest;
    if (bodyEnd === end) break;
    p = bodyEnd + 1;
  }
  if (events !== count) return null;
  return { events, firstSeq, firstPrevHash, lastSeq: expectedSeq - 1, lastHash };
}
