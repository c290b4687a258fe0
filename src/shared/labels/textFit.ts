/**
 * Text fitting without a font at hand. Labels are laid out in shared code (no DOM, no font files),
 * so widths are estimated from per-character advance widths of ZPL font 0 (a bold condensed sans),
 * as a fraction of the character cell height, rounded up: an estimate that errs wide wraps or
 * shrinks a line that would have fitted, never lets one run off the label or into a barcode.
 */

// Measured on a rendering of font 0 (zpl-renderer-js) at ^A0N,100,100 and rounded up; the hyphen
// is drawn as wide as a dash there, so it is counted so.
const NARROW = new Set([...'il.,:;|!\'`ijtfr()[]{}I1/ ']);
const WIDE = new Set([...'MWmw@%\u2014-']);

function advance(char: string): number {
  if (char === ' ') return 0.26;
  if (NARROW.has(char)) return 0.34;
  if (WIDE.has(char)) return 0.8;
  if (/[0-9]/.test(char)) return 0.52;
  if (/\p{Lu}|[#&]/u.test(char)) return 0.62;
  return 0.52;
}

/** Estimated printed width of one line, mm, at this character cell height. */
export function textWidthMm(text: string, fontHeight: number): number {
  let width = 0;
  for (const char of text) width += advance(char);
  return width * fontHeight;
}

export interface FittedText {
  fontHeight: number;
  lines: string[];
}

const ELLIPSIS = '...'; // three full stops: the resident font may have no U+2026

function breakWord(word: string, width: number, fontHeight: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece && textWidthMm(piece + char, fontHeight) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

function wrap(text: string, width: number, fontHeight: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidthMm(candidate, fontHeight) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const piece of breakWord(word, width, fontHeight)) {
      if (line) lines.push(line);
      line = piece;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

function truncate(line: string, width: number, fontHeight: number): string {
  let kept = [...line];
  while (kept.length > 0 && textWidthMm(kept.join('') + ELLIPSIS, fontHeight) > width) kept = kept.slice(0, -1);
  return kept.join('').trimEnd() + ELLIPSIS;
}

/**
 * The largest height (from `maxHeight` down to `minHeight`, 0.25 mm steps) at which the text fits
 * the width in at most `maxLines` lines; at the smallest height, whatever does not fit ends in "...".
 */
export function fitText(text: string, width: number, maxHeight: number, minHeight: number, maxLines: number): FittedText {
  const clean = text.replace(/\s+/g, ' ').trim();
  for (let h = maxHeight; h >= minHeight - 1e-9; h -= 0.25) {
    const lines = wrap(clean, width, h);
    if (lines.length <= maxLines) return { fontHeight: h, lines };
  }
  const lines = wrap(clean, width, minHeight);
  const kept = lines.slice(0, maxLines);
  kept[kept.length - 1] = truncate(lines.slice(maxLines - 1).join(' '), width, minHeight);
  return { fontHeight: minHeight, lines: kept };
}
