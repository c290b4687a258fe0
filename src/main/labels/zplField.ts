/**
 * Field data for ZPL with ^FH (hex escapes, `_` as the indicator): `^`, `~` and `_` in a name
 * or an address would otherwise end the field or start a command on the printer.
 */
export function zplField(text: string): string {
  const escaped = text.replace(/[\^~_\\]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `^FH_^FD${escaped}^FS`;
}
