/**
 * Field data for ZPL with ^FH (hex escapes, `_` as the indicator): `^`, `~` and `_` in a name
 * or an address would otherwise end the field or start a command on the printer, and `\` is a
 * line break inside a ^FB block. Everything else, UTF-8 included, is sent as is under ^CI28.
 */
export function zplEscape(text: string): string {
  return text.replace(/[\^~_\\]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function zplField(text: string): string {
  return `^FH_^FD${zplEscape(text)}^FS`;
}
