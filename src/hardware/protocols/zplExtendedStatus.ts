// The ZPL `~HQES` extended status reply (docs/protocols/zpl.md, "~HQES"). Pure and total like zplStatus.ts:
// bad input is an error value, never an exception. The station polls `~HS` (every Zebra answers
// it); this decoder is for printers whose `~HS` flags are too coarse, e.g. a cutter fault.
//
// Reply (inside STX … ETX): `PRINTER STATUS\r\n   ERRORS:   1 00000000 00010004\r\n   WARNINGS: 1 00000000 00000100`.
// Each line: a 0/1 flag, then group 2 and group 1 as 8 hex digits each; the named bits are in group 1.

export interface StatusGroup {
  flagged: boolean;
  group1: number;
  group2: number;
  /** The group-1 bits this decoder knows, in the manual's words. */
  names: string[];
}

export interface ExtendedStatus {
  errors: StatusGroup;
  warnings: StatusGroup;
}

export type ExtendedStatusResult = { ok: true; status: ExtendedStatus } | { ok: false; message: string };

const ERROR_BITS: ReadonlyArray<readonly [number, string]> = [
  [0x1, 'media out'],
  [0x2, 'ribbon out'],
  [0x4, 'head open'],
  [0x8, 'cutter fault'],
  [0x10, 'printhead over temperature'],
  [0x20, 'motor over temperature'],
  [0x40, 'bad printhead element'],
  [0x80, 'printhead detection error'],
  [0x100, 'invalid firmware configuration'],
  [0x200, 'printhead thermistor open'],
  // KR403 kiosk printers only (the manual's nibble table, not one parser's 0x400).
  [0x1000, 'paper jam during retract'],
  [0x2000, 'presenter not running'],
  [0x4000, 'paper feed error'],
  [0x8000, 'clear paper path failed'],
  [0x10000, 'paused'],
  [0x20000, 'retract timed out'],
  [0x40000, 'black mark calibrate error'],
  [0x80000, 'black mark not found'],
];

const WARNING_BITS: ReadonlyArray<readonly [number, string]> = [
  [0x1, 'need to calibrate media'],
  [0x2, 'clean printhead'],
  [0x4, 'replace printhead'],
  [0x8, 'paper near end'],
  ...Array.from({ length: 8 }, (_, i) => [0x10 << i, `sensor ${i + 1}`] as const),
];

function group(line: RegExpExecArray, bits: ReadonlyArray<readonly [number, string]>): StatusGroup {
  const group2 = Number.parseInt(line[2]!, 16);
  const group1 = Number.parseInt(line[3]!, 16);
  // All named bits are below 2^31, so `&` on the 32-bit value is exact.
  return { flagged: line[1] === '1', group1, group2, names: bits.filter(([bit]) => (group1 & bit) !== 0).map(([, name]) => name) };
}

/** Parses the text of a `~HQES` reply, with or without its STX/ETX. */
export function parseExtendedStatus(input: Uint8Array | string): ExtendedStatusResult {
  const text =
    typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  if (text.length > 1024) return { ok: false, message: 'extended status reply is too long' };
  if (!text.includes('PRINTER STATUS')) return { ok: false, message: 'not a ~HQES reply: no "PRINTER STATUS" line' };
  const errors = /ERRORS:\s+([01])\s+([0-9A-Fa-f]{8})\s+([0-9A-Fa-f]{8})/.exec(text);
  const warnings = /WARNINGS:\s+([01])\s+([0-9A-Fa-f]{8})\s+([0-9A-Fa-f]{8})/.exec(text);
  if (!errors || !warnings) return { ok: false, message: 'a ~HQES reply needs ERRORS and WARNINGS lines of a flag and two 8-digit hex groups' };
  return { ok: true, status: { errors: group(errors, ERROR_BITS), warnings: group(warnings, WARNING_BITS) } };
}

/** The reply a printer with these group-1 bits sends (simulators and tests). */
export function formatExtendedStatus(errorBits: number, warningBits: number): Uint8Array {
  const hex = (n: number): string => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
  const line = (bits: number): string => `${bits === 0 ? '0' : '1'} 00000000 ${hex(bits)}`;
  return Buffer.from(`\x02\r\n PRINTER STATUS\r\n   ERRORS:   ${line(errorBits)}\r\n   WARNINGS: ${line(warningBits)}\r\n\x03`, 'latin1');
}
