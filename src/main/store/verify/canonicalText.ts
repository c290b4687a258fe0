import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, DIGIT_0, DIGIT_1, DIGIT_9, MAX_DEPTH, MAX_INTEGER_DIGITS, MINUS, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './jsonCodes.ts';

/**
 * Whether `text` is a JSON object written exactly as `canonicalJson(JSON.parse(text))` writes it
 * back, judged by reading it once, without parsing it into values (a parse costs verify more than
 * hashing the whole event does).
 *
 * It answers yes only for text of a narrow form, for which the answer is sure:
 * - no whitespace between tokens;
 * - strings of plain characters only: no escape at all, no control character (< U+0020), no lone
 *   surrogate. JSON.parse then gives the characters as written, and JSON.stringify (which
 *   canonicalJson uses for strings) writes them back as written;
 * - numbers that are integers of at most 15 digits, with no leading zero and no '-0', no fraction,
 *   no exponent: each is a double exactly, and JSON.stringify writes it back digit for digit;
 * - true, false, null;
 * - every object's keys in strictly increasing UTF-16 code unit order: the order canonicalJson
 *   sorts them in (Array.prototype.sort's), and strictly, so no key comes twice (JSON.parse would
 *   keep only its last value). Keys are plain strings, so the text of a key is the key;
 * - at most MAX_DEPTH levels of nesting.
 * Then JSON.parse succeeds and gives an object, and canonicalJson of it is the text itself. Any
 * other text (a fraction, an escape, a key out of order, spacing, not JSON at all…) gets no: the
 * caller takes the exact way (parse, then canonicalJson), so a no costs time, never a verdict.
 */
export function isCanonicalObjectText(text: string): boolean {
  const end = text.length;
  if (end < 2 || text.charCodeAt(0) !== OPEN_BRACE) return false;
  if (text.charCodeAt(1) === CLOSE_BRACE) return end === 2;
  let depth = 0;
  inArray[0] = 0;
  lastKeyStart[0] = -1;
  let i = 1;
  for (;;) {
    if (inArray[depth] === 0) {
      // A key, after '{' or ','.
      if (i >= end || text.charCodeAt(i) !== QUOTE) return false;
      const keyStart = i + 1;
      const keyEnd = plainStringEnd(text, keyStart, end);
      if (keyEnd < 0) return false;
      const prev = lastKeyStart[depth]!;
      if (prev >= 0 && !sortsBefore(text, prev, lastKeyEnd[depth]!, keyStart, keyEnd)) return false;
      lastKeyStart[depth] = keyStart;
      lastKeyEnd[depth] = keyEnd;
      i = keyEnd + 1;
      if (i >= end || text.charCodeAt(i) !== COLON) return false;
      i += 1;
    }
    // A value.
    if (i >= end) return false;
    let c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = plainStringEnd(text, i + 1, end);
      if (close < 0) return false;
      i = close + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth + 1 >= MAX_DEPTH) return false;
      const array = c === OPEN_BRACKET;
      i += 1;
      if (i < end && text.charCodeAt(i) === (array ? CLOSE_BRACKET : CLOSE_BRACE)) {
        i += 1;
      } else {
        depth += 1;
        inArray[depth] = array ? 1 : 0;
        lastKeyStart[depth] = -1;
        continue;
      }
    } else if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) {
      i = integerEnd(text, i, end);
      if (i < 0) return false;
    } else if (c === 0x74 /* t */ && text.startsWith('true', i)) {
      i += 4;
    } else if (c === 0x66 /* f */ && text.startsWith('false', i)) {
      i += 5;
    } else if (c === 0x6e /* n */ && text.startsWith('null', i)) {
      i += 4;
    } else {
      return false;
    }
    // After a value: a ',' for the next one, or the closing of its container(s).
    for (;;) {
      if (i >= end) return false;
      c = text.charCodeAt(i);
      if (c === COMMA) {
        i += 1;
        break;
      }
      if (c !== (inArray[depth] === 1 ? CLOSE_BRACKET : CLOSE_BRACE)) return false;
      i += 1;
      if (depth === 0) return i === end;
      depth -= 1;
    }
  }
}

// Per open container: whether it is an array, and (for an object) where its last key's text is.
const inArray = new Uint8Array(MAX_DEPTH);
const lastKeyStart = new Int32Array(MAX_DEPTH);
const lastKeyEnd = new Int32Array(MAX_DEPTH);

const HIGH_SURROGATE_FIRST = 0xd800;
const LOW_SURROGATE_FIRST = 0xdc00;
const SURROGATE_LAST = 0xdfff;

/** Where the string whose characters start at `i` closes (its '"'), or -1 if a character in it is not plain. */
function plainStringEnd(t: string, i: number, end: number): number {
  for (let j = i; j < end; j += 1) {
    const c = t.charCodeAt(j);
    if (c === QUOTE) return j;
    if (c < 0x20 || c === BACKSLASH) return -1;
    if (c >= HIGH_SURROGATE_FIRST && c <= SURROGATE_LAST) {
      // A pair is two plain code units; a lone half is what canonicalJson refuses.
      if (c >= LOW_SURROGATE_FIRST || j + 1 >= end) return -1;
      const low = t.charCodeAt(j + 1);
      if (low < LOW_SURROGATE_FIRST || low > SURROGATE_LAST) return -1;
      j += 1;
    }
  }
  return -1;
}

/** Where the integer at `i` ends (at most 15 digits, no leading zero, no '-0'), or -1; what follows is the caller's to check. */
function integerEnd(t: string, i: number, end: number): number {
  const digitsFrom = t.charCodeAt(i) === MINUS ? i + 1 : i;
  const first = digitsFrom < end ? t.charCodeAt(digitsFrom) : -1;
  if (first === DIGIT_0) return digitsFrom === i ? i + 1 : -1;
  if (first < DIGIT_1 || first > DIGIT_9) return -1;
  let j = digitsFrom + 1;
  while (j < end) {
    const c = t.charCodeAt(j);
    if (c < DIGIT_0 || c > DIGIT_9) break;
    j += 1;
  }
  return j - digitsFrom <= MAX_INTEGER_DIGITS ? j : -1;
}

/** Whether t[a, aEnd) sorts strictly before t[b, bEnd) by UTF-16 code units. */
function sortsBefore(t: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let k = 0; k < n; k += 1) {
    const x = t.charCodeAt(a + k);
    const y = t.charCodeAt(b + k);
    if (x !== y) return x < y;
  }
  return aEnd - a < bEnd - b;
}
