// The ZPL `~HS` host status reply (docs/protocols/zpl.md, "~HS"): three strings, each STX … ETX CR LF, of
// comma-separated decimal fields. Pure: bytes in, a typed result out. Nothing here throws on
// bad bytes; a reply that is not what the manual describes is a `ZplStatusError` value, because
// a printer that garbles its status must show up as "no status", never crash the driver.
//
// Bytes are decoded as latin1 (one byte, one code point), so decoding can never fail and a stray
// high byte is reported as a bad field rather than silently replaced.

const STX = 0x02;
const ETX = 0x03;

/** Everything `~HS` reports, named as in the ZPL manual. */
export interface HostStatus {
  // String 1
  /** aaa: communication settings bitfield (baud, parity, handshake), decimal. */
  communicationSettings: number;
  paperOut: boolean;
  paused: boolean;
  labelLengthDots: number;
  /** Formats received but not yet printed. */
  formatsInBuffer: number;
  bufferFull: boolean;
  communicationsDiagnosticMode: boolean;
  partialFormatInProgress: boolean;
  corruptRam: boolean;
  underTemperature: boolean;
  overTemperature: boolean;
  // String 2
  /** mmm: function settings bitfield (m7 continuous media, m0 thermal transfer …), decimal. */
  functionSettings: number;
  headOpen: boolean;
  ribbonOut: boolean;
  thermalTransferMode: boolean;
  /** 0 rewind, 1 peel-off, 2 tear-off, 3 cutter, 4 applicator (newer firmware adds more). */
  printMode: number;
  printWidthMode: number;
  labelWaiting: boolean;
  labelsRemaining: number;
  formatWhilePrinting: boolean;
  graphicsStored: number;
  // String 3
  password: string;
  staticRamInstalled: boolean;
}

export type ZplStatusErrorCode =
  /** Not three STX…ETX strings (missing delimiters, text outside them, wrong count). */
  | 'framing'
  /** A string has the wrong number of comma-separated fields. */
  | 'field-count'
  /** A field is not the digits (or 0/1 flag) the manual specifies. */
  | 'bad-field'
  /** The framer was handed strings that do not start a reply, or a reply broken off by a new one. */
  | 'out-of-sequence';

export interface ZplStatusError {
  code: ZplStatusErrorCode;
  /** Which of the three strings (1-based), when the fault is in one. */
  string: 1 | 2 | 3 | null;
  message: string;
}

export type HostStatusResult = { ok: true; status: HostStatus } | { ok: false; error: ZplStatusError };

/** Field counts of strings 1–3; string 1's twelve fields is also how the framer spots a reply's start. */
export const HOST_STATUS_FIELD_COUNTS = [12, 11, 2] as const;

/** The longest string kept by the framer; a real one is under 40 bytes, so more is noise. */
export const MAX_STATUS_STRING_BYTES = 256;

const DIGITS = /^[0-9]+$/;

function fail(code: ZplStatusErrorCode, string: 1 | 2 | 3 | null, message: string): HostStatusResult {
  return { ok: false, error: { code, string, message } };
}

type Field = { kind: 'number'; width: number } | { kind: 'flag' } | { kind: 'text'; width: number };

const NUM = (width: number): Field => ({ kind: 'number', width });
const FLAG: Field = { kind: 'flag' };

// Widths are the manual's zero-padded widths. A number may be wider than its padding (a long
// label at 300 dpi can exceed dddd's 9999 dots on some firmware), never narrower than one digit.
const STRING_FIELDS: readonly (readonly Field[])[] = [
  [NUM(3), FLAG, FLAG, NUM(4), NUM(3), FLAG, FLAG, FLAG, NUM(3), FLAG, FLAG, FLAG],
  [NUM(3), NUM(1), FLAG, FLAG, FLAG, NUM(1), NUM(1), FLAG, NUM(8), FLAG, NUM(3)],
  [{ kind: 'text', width: 4 }, FLAG],
];

/** Checks one string's fields; returns them as numbers (text fields as -1) or an error. */
function readFields(text: string, index: 0 | 1 | 2): { ok: true; values: number[]; raw: string[] } | HostStatusResult {
  const which = (index + 1) as 1 | 2 | 3;
  const spec = STRING_FIELDS[index]!;
  const raw = text.split(',');
  if (raw.length !== spec.length) {
    return fail('field-count', which, `status string ${which} has ${raw.length} fields, expected ${spec.length}`);
  }
  const values: number[] = [];
  for (let i = 0; i < spec.length; i += 1) {
    const field = spec[i]!;
    const value = raw[i]!;
    if (field.kind === 'flag') {
      if (value !== '0' && value !== '1') {
        return fail('bad-field', which, `status string ${which} field ${i + 1} should be 0 or 1, got ${JSON.stringify(value)}`);
      }
      values.push(value === '1' ? 1 : 0);
    } else if (field.kind === 'number') {
      if (!DIGITS.test(value) || value.length > 10) {
        return fail('bad-field', which, `status string ${which} field ${i + 1} should be digits, got ${JSON.stringify(value)}`);
      }
      values.push(Number.parseInt(value, 10));
    } else {
      // The password is four digits on every printer we know of; anything printable is accepted
      // because it is never interpreted, only the framing around it matters.
      if (!/^[\x20-\x7e]*$/.test(value) || value.includes(',')) {
        return fail('bad-field', which, `status string ${which} field ${i + 1} is not printable text`);
      }
      values.push(-1);
    }
  }
  return { ok: true, values, raw };
}

/** Parses the three strings' contents (without STX/ETX). */
export function parseHostStatusStrings(strings: readonly string[]): HostStatusResult {
  if (strings.length !== 3) return fail('framing', null, `a host status reply has 3 strings, got ${strings.length}`);
  const one = readFields(strings[0]!, 0);
  if (!('values' in one)) return one;
  const two = readFields(strings[1]!, 1);
  if (!('values' in two)) return two;
  const three = readFields(strings[2]!, 2);
  if (!('values' in three)) return three;
  const a = one.values;
  const b = two.values;
  return {
    ok: true,
    status: {
      communicationSettings: a[0]!,
      paperOut: a[1] === 1,
      paused: a[2] === 1,
      labelLengthDots: a[3]!,
      formatsInBuffer: a[4]!,
      bufferFull: a[5] === 1,
      communicationsDiagnosticMode: a[6] === 1,
      partialFormatInProgress: a[7] === 1,
      corruptRam: a[9] === 1,
      underTemperature: a[10] === 1,
      overTemperature: a[11] === 1,
      functionSettings: b[0]!,
      headOpen: b[2] === 1,
      ribbonOut: b[3] === 1,
      thermalTransferMode: b[4] === 1,
      printMode: b[5]!,
      printWidthMode: b[6]!,
      labelWaiting: b[7] === 1,
      labelsRemaining: b[8]!,
      formatWhilePrinting: b[9] === 1,
      graphicsStored: b[10]!,
      password: three.raw[0]!,
      staticRamInstalled: three.values[1] === 1,
    },
  };
}

function toLatin1(input: Uint8Array | string): string {
  if (typeof input === 'string') return input;
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
}

/**
 * Parses one complete `~HS` reply: exactly three STX…ETX strings, each optionally followed by
 * CR LF (the manual's framing). Anything else between or around them is a framing error.
 */
export function parseHostStatus(input: Uint8Array | string): HostStatusResult {
  const text = toLatin1(input);
  const strings: string[] = [];
  let at = 0;
  while (at < text.length) {
    if (text.charCodeAt(at) !== STX) return fail('framing', null, `expected STX at offset ${at} of a host status reply`);
    const end = text.indexOf('\x03', at + 1);
    const body = end < 0 ? null : text.slice(at + 1, end);
    if (body === null || body.includes('\x02')) {
      return fail('framing', null, `status string at offset ${at} has no ETX`);
    }
    strings.push(body);
    at = end + 1;
    if (text.startsWith('\r\n', at)) at += 2;
  }
  return parseHostStatusStrings(strings);
}

function pad(value: number, width: number): string {
  return String(Math.max(0, Math.trunc(value))).padStart(width, '0');
}

const flag = (value: boolean): string => (value ? '1' : '0');

/** The bytes a printer in this state sends for `~HS` (simulators, and round-trip tests of the parser). */
export function formatHostStatus(status: HostStatus): Uint8Array {
  const s = status;
  const one = [
    pad(s.communicationSettings, 3), flag(s.paperOut), flag(s.paused), pad(s.labelLengthDots, 4),
    pad(s.formatsInBuffer, 3), flag(s.bufferFull), flag(s.communicationsDiagnosticMode),
    flag(s.partialFormatInProgress), '000', flag(s.corruptRam), flag(s.underTemperature), flag(s.overTemperature),
  ].join(',');
  const two = [
    pad(s.functionSettings, 3), '0', flag(s.headOpen), flag(s.ribbonOut), flag(s.thermalTransferMode),
    pad(s.printMode, 1), pad(s.printWidthMode, 1), flag(s.labelWaiting), pad(s.labelsRemaining, 8),
    flag(s.formatWhilePrinting), pad(s.graphicsStored, 3),
  ].join(',');
  const three = [s.password, flag(s.staticRamInstalled)].join(',');
  return Buffer.from([one, two, three].map((line) => `\x02${line}\x03\r\n`).join(''), 'latin1');
}

/**
 * Incremental framer for `~HS` replies arriving in arbitrary chunks over TCP, USB or serial.
 * There is no length header and no end token (docs/protocols/zpl.md): a reply is three STX…ETX
 * strings. Bytes outside STX…ETX (the CR LF separators, line noise) are skipped. A string with
 * string 1's twelve fields always starts a new reply, so the framer resynchronises on the next
 * reply after a lost or garbled string instead of staying one string out of step for ever.
 */
export class HostStatusFramer {
  readonly #string = new Uint8Array(MAX_STATUS_STRING_BYTES);
  #length = 0;
  #inString = false;
  #overflow = false;
  #strings: string[] = [];

  /** Feeds one chunk; returns one result per reply (or broken string) it completed, oldest first. */
  push(chunk: Uint8Array): HostStatusResult[] {
    const results: HostStatusResult[] = [];
    for (const byte of chunk) {
      if (byte === STX) {
        if (this.#inString) results.push(fail('framing', null, 'a status string was cut off by the next one'));
        this.#inString = true;
        this.#length = 0;
        this.#overflow = false;
      } else if (byte === ETX) {
        if (!this.#inString) continue;
        this.#inString = false;
        if (this.#overflow) {
          results.push(fail('framing', null, `a status string was longer than ${MAX_STATUS_STRING_BYTES} bytes`));
          continue;
        }
        const text = Buffer.from(this.#string.buffer, this.#string.byteOffset, this.#length).toString('latin1');
        const done = this.#onString(text);
        if (done) results.push(done);
      } else if (this.#inString) {
        if (this.#length === MAX_STATUS_STRING_BYTES) this.#overflow = true;
        else this.#string[this.#length++] = byte;
      }
    }
    return results;
  }

  /** Forgets any partial reply (after a reconnect its bytes belong to nothing). */
  reset(): void {
    this.#inString = false;
    this.#length = 0;
    this.#overflow = false;
    this.#strings = [];
  }

  #onString(text: string): HostStatusResult | null {
    const startsReply = text.split(',').length === HOST_STATUS_FIELD_COUNTS[0];
    if (startsReply) {
      const broken = this.#strings.length > 0;
      this.#strings = [text];
      return broken ? fail('out-of-sequence', null, 'a status reply was cut off by the next one') : null;
    }
    if (this.#strings.length === 0) {
      return fail('out-of-sequence', null, 'a status string arrived that does not start a host status reply');
    }
    this.#strings.push(text);
    if (this.#strings.length < 3) return null;
    const strings = this.#strings;
    this.#strings = [];
    return parseHostStatusStrings(strings);
  }
}
