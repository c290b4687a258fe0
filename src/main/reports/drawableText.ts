/**
 * Text as the report font can draw it. A character the embedded font has no glyph for (東京, 📦
 * with DejaVu Sans) would print as an empty box and come out of the PDF's text as nothing, so a
 * name on a form for the police would silently lose letters. Such characters are written as
 * their code points instead, runs together: "東京" -> "[U+6771 U+4EAC]". Line breaks and tabs are
 * layout, not glyphs, and stay as they are.
 */
export function drawableText(text: string, hasGlyph: (codePoint: number) => boolean): string {
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
