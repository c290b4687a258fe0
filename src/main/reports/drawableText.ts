/**
 * Text as the report font can draw it. A character the embedded font has no glyph for (東京, 📦
 * with DejaVu Sans) would print as an empty box and come out of the PDF's text as nothing, so a
 * name on a form for the police would silently lose letters. Such characters are written as
 * their code points instead, runs together: "東京" -> "[U+6771 U+4EAC]". Line breaks and tabs are
 * layout, not glyphs, and stay as they are.
 */
export function drawableText(text: string, hasGlyph: (codePoint: number) => boolean): string {
  // Nearly all text is drawable as it is: then it is returned as it is, nothing allocated (pdfkit
  // measures every word of every table cell through here, several times: a daily log of 1,400
  // items built 400 MB of copies of its own text).
  if (drawableAsItIs(text, hasGlyph)) return text;
  let out = '';
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) out += `[${run.join(' ')}]`;
    run = [];
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Variation selectors and the zero-width joiner only shape the character before them.
    const shaping = cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f);
    if (cp < 0x20 || shaping || hasGlyph(cp)) {
      if (!shaping) {
        flush();
        out += ch;
      }
      continue;
    }
    run.push(`U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  flush();
  return out;
}

/** True when every character is one the font draws, or a control character, none of them shaping or beyond the BMP. */
function drawableAsItIs(text: string, hasGlyph: (codePoint: number) => boolean): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    // A surrogate (a character beyond the BMP), the zero-width joiner or a variation selector: the long way.
    if ((unit >= 0xd800 && unit <= 0xdfff) || unit === 0x200d || (unit >= 0xfe00 && unit <= 0xfe0f)) return false;
    if (unit >= 0x20 && !hasGlyph(unit)) return false;
  }
  return true;
}
