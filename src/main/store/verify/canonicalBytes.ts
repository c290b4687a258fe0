import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, DIGIT_0, DIGIT_1, DIGIT_9, MAX_DEPTH, MAX_INTEGER_DIGITS, MINUS, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './jsonCodes.ts';

/**
 * `isCanonicalObjectText` (canonicalText.ts) over UTF-8 bytes, for an object that starts at `i`
 * and is followed by more bytes: where it ends (after its closing brace), or -1 when it is not of
 * the narrow form whose canonical JSON is sure to be the text itself. Same rules, read on bytes:
 * no whitespace; strings with no escape and no control character (the bytes are valid UTF-8, the
 * caller checks, so there is no lone surrogate); integers of at most 15 digits, no leading zero,
 * no '-0'; true, false, null; every object's keys in strictly increasing UTF-16 code unit order;
 * at most MAX_DEPTH levels. UTF-8 byte order is code point order, which is UTF-16 order except
 * between U+E000–U+FFFF and characters past U+FFFF: keys that first differ at a byte of either
 * kind (0xEE and above) get no, and the caller takes the exact way.
 */
export function canonicalObjectEnd(t: Uint8Array, start: number, end: number): number {
  if (start + 1 >= end || t[start] !== OPEN_BRACE) return -1;
  if (t[start + 1] === CLOSE_BRACE) return start + 2;
  let depth = 0;
  inArray[0] = 0;
  lastKeyStart[0] = -1;
  let i = start + 1;
  for (;;) {
    if (inArray[depth] === 0) {
      // A key, after '{' or ','.
      if (i >= end || t[i] !== QUOTE) return -1;
      const keyStart = i + 1;
      const keyEnd = plainStringEnd(t, keyStart, end);
      if (keyEnd < 0) return -1;
      const prev = lastKeyStart[depth]!;
      if (prev >= 0 && !sortsBefore(t, prev, lastKeyEnd[depth]!, keyStart, keyEnd)) return -1;
      lastKeyStart[depth] = keyStart;
      lastKeyEnd[depth] = keyEnd;
      i = keyEnd + 1;
      if (i >= end || t[i] !== COLON) return -1;
      i += 1;
    }
    // A value.
    if (i >= end) return -1;
    let c = t[i]!;
    if (c === QUOTE) {
      const close = plainStringEnd(t, i + 1, end);
      if (close < 0) return -1;
      i = close + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth + 1 >= MAX_DEPTH) return -1;
      const array = c === OPEN_BRACKET;
      i += 1;
      if (i < end && t[i] === (array ? CLOSE_BRACKET : CLOSE_BRACE)) {
        i += 1;
      } else {
        depth += 1;
        inArray[depth] = array ? 1 : 0;
        lastKeyStart[depth] = -1;
        continue;
      }
    } else if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) {
      i = integerEnd(t, i, end);
      if (i < 0) return -1;
    } else if (c === 0x74 /* t */ && word(t, i, end, TRUE)) {
      i += 4;
    } else if (c === 0x66 /* f */ && word(t, i, end, FALSE)) {
      i += 5;
    } else if (c === 0x6e /* n */ && word(t, i, end, NULL)) {
      i += 4;
    } else {
      return -1;
    }
    // After a value: a ',' for the next one, or the closing of its container(s).
    for (;;) {
      if (i >= end) return -1;
      c = t[i]!;
      if (c === COMMA) {
        i += 1;
        break;
      }
      if (c !== (inArray[depth] === 1 ? CLOSE_BRACKET : CLOSE_BRACE)) return -1;
      i += 1;
      if (depth === 0) return i;
      depth -= 1;
    }
  }
}

const inArray = new Uint8Array(MAX_DEPTH);
const lastKeyStart = new Int32Array(MAX_DEPTH);
const lastKeyEnd = new Int32Array(MAX_DEPTH);

/** The first UTF-8 lead byte of U+E000 and above: where byte order and UTF-16 order may part. */
const ORDER_UNSURE = 0xee;
const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function word(t: Uint8Array, i: number, end: number, w: readonly number[]): boolean {
  if (i + w.length > end) return false;
  for (let k = 0; k < w.length; k += 1) if (t[i + k] !== w[k]) return false;
  return true;
}

/** Where the string whose bytes start at `i` closes (its '"'), or -1 at an escape or control byte. */
function plainStringEnd(t: Uint8Array, i: number, end: number): number {
  for (let j = i; j < end; j += 1) {
    const c = t[j]!;
    if (c === QUOTE) return j;
    if (c < 0x20 || c === BACKSLASH) return -1;
  }
  return -1;
}

/** Where the integer at `i` ends (at most 15 digits, no leading zero, no '-0'), or -1. */
function integerEnd(t: Uint8Array, i: number, end: number): number {
  const digitsFrom = t[i] === MINUS ? i + 1 : i;
  const first = digitsFrom < end ? t[digitsFrom]! : -1;
  if (first === DIGIT_0) return digitsFrom === i ? i + 1 : -1;
  if (first < DIGIT_1 || first > DIGIT_9) return -1;
  let j = digitsFrom + 1;
  while (j < end) {
    const c = t[j]!;
    if (c < DIGIT_0 || c > DIGIT_9) break;
    j += 1;
  }
  return j - digitsFrom <= MAX_INTEGER_DIGITS ? j : -1;
}

/** Whether t[a, aEnd) sorts strictly before t[b, bEnd) by UTF-16 code units (false when unsure). */
function sortsBefore(t: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let k = 0; k < n; k += 1) {
    const x = t[a + k]!;
    const y = t[b + k]!;
    if (x !== y) return x < y && y < ORDER_UNSURE;
  }
  return aEnd - a < bEnd - b;
}
