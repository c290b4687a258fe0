/**
 * A scan's text from its frame. Frames are decoded as latin1 (one byte, one character: see
 * lineFraming.ts), which is right for a scanner set to latin1 but turns a scanner's UTF-8 into
 * mojibake: "Zoë" arrives as "ZoÃ«", "東京" as "æ\u009d±äº¬". Bytes that form valid UTF-8 with
 * at least one multi-byte sequence are read as UTF-8; anything else stays latin1, as before.
 * (A latin1 label that happens to be valid UTF-8 needs "Ã" followed by a symbol from 0x80–0xBF:
 * not something a mail label carries.)
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function scanText(frame: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII is the same in both readings
  if (/^[\u0000-\u007f]*$/.test(frame)) return frame;
  const bytes = Uint8Array.from(frame, (ch) => ch.charCodeAt(0) & 0xff);
  try {
    return utf8.decode(bytes);
  } catch {
    return frame;
  }
}
