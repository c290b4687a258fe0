// NCI / Weigh-Tronix SCP-01 ("NCI standard / 3825") and Brecknell SCP-12: one-letter commands
// ended by CR, replies framed by ETX. docs/protocols/nci.md (serial-nci-scale; a Weigh-Tronix simulator).
//
//   weight   <LF>0001.25LB<CR><LF>hh<CR><ETX>      SCP-01
//            <LF>0001.25LB<CR>hh<ETX>              SCP-12 (no LF before, no CR after the status)
//            <LF> 1.250LB<CR><LF>Shh<CR><ETX>      SCP-02 (`S` before the status)
//   lb-oz    <LF> 2lb  3.5oz<CR><LF>hh<CR><ETX>
//   status   <LF>hh<CR><ETX>                       reply to S and Z
//   unknown  <LF>?<CR><ETX>
//
// The protocol is 7-bit ASCII. A port opened 8N1 on a 7E1 line sees the parity in bit 7, so every
// byte is masked to 7 bits first; that is the "bit 7 = parity" of the status table.
import type { ScaleCondition, WeightUnit } from '../../shared/contract/index.ts';
import { lbOzText, normalizeDecimal, resolutionOfDecimal } from './scaleDecimal.ts';
import { decodeFailure, signedCondition } from './scaleMeasurement.ts';
import type { DecodeResult, ScaleMeasurement } from './scaleMeasurement.ts';

export const ETX = 0x03;
/** Real frames are about 20 bytes; anything far longer is noise, not a reply. */
export const NCI_MAX_FRAME_BYTES = 256;

/** W weight, S status, Z zero. */
export type NciCommand = 'W' | 'S' | 'Z';

export function encodeNciCommand(command: NciCommand): Uint8Array {
  return Buffer.from(`${command}\r`, 'latin1');
}

export interface NciStatus {
  inMotion: boolean;
  atZero: boolean;
  ramError: boolean;
  eepromError: boolean;
  underCapacity: boolean;
  overCapacity: boolean;
  romError: boolean;
  faultyCalibration: boolean;
  /** From the optional third byte; null when the scale sent only two. */
  range: number | null;
  net: boolean | null;
  initialZeroError: boolean | null;
  /** The status bytes (parity masked), hex, for logs. */
  bytes: string;
}

export type NciFrame =
  | { kind: 'weight'; value: string; unitText: string; unit: WeightUnit; resolution: string; status: NciStatus; condition: ScaleCondition }
  /** A non-numeric display (dashes, a unit name after `U`): the status still says what is wrong. */
  | { kind: 'display'; text: string; status: NciStatus; condition: ScaleCondition }
  | { kind: 'status'; status: NciStatus; condition: ScaleCondition }
  /** `?`: the scale did not understand the command. */
  | { kind: 'unrecognized' };

const UNITS: Readonly<Record<string, WeightUnit>> = { LB: 'lb', KG: 'kg', OZ: 'oz', G: 'g', GM: 'g' };

const WEIGHT_FIELD = /^ *(-?) *(\d+(?:\.\d*)?|\.\d+) *([A-Za-z]{1,3}) *$/;
const LB_OZ_FIELD = /^ *(-?) *(\d+) *lb +(\d+(?:\.\d+)?) *oz *$/i;
const DISPLAY_FIELD = /^[\x20-\x7e]+$/;

function bit(byte: number, n: number): boolean {
  return (byte & (1 << n)) !== 0;
}

/** Status bytes have bits 4 and 5 set; bit 6 of byte 2 onwards says another byte follows. */
function parseStatus(text: string): NciStatus | null {
  const codes = Array.from(text, (c) => c.charCodeAt(0));
  const [b1, b2] = codes;
  if (b1 === undefined || b2 === undefined || (b1 & 0x70) !== 0x30 || (b2 & 0x30) !== 0x30) return null;
  let count = 2;
  let more = bit(b2, 6);
  while (more) {
    const next = codes[count];
    if (next === undefined || (next & 0x30) !== 0x30) return null;
    more = bit(next, 6);
    count += 1;
  }
  if (count !== codes.length) return null;
  const b3 = codes[2];
  return {
    inMotion: bit(b1, 0),
    atZero: bit(b1, 1),
    ramError: bit(b1, 2),
    eepromError: bit(b1, 3),
    underCapacity: bit(b2, 0),
    overCapacity: bit(b2, 1),
    romError: bit(b2, 2),
    faultyCalibration: bit(b2, 3),
    range: b3 === undefined ? null : b3 & 0x03,
    net: b3 === undefined ? null : bit(b3, 2),
    initialZeroError: b3 === undefined ? null : bit(b3, 3),
    bytes: codes.map((c) => c.toString(16).padStart(2, '0')).join(' '),
  };
}

/** Worst first: a memory fault outranks the load, the load outranks motion. */
export function nciCondition(status: NciStatus, value: string | null): ScaleCondition {
  if (status.ramError || status.eepromError || status.romError) return 'fault';
  if (status.faultyCalibration) return 'needsCalibration';
  if (status.initialZeroError) return 'needsRezero';
  if (status.overCapacity) return 'overCapacity';
  if (status.underCapacity) return 'underZero';
  if (status.inMotion) return 'inMotion';
  if (status.atZero) return 'stableAtZero';
  return value === null ? 'stable' : signedCondition(value);
}

function decodeField(field: string, status: NciStatus): NciFrame | null {
  const lbOz = LB_OZ_FIELD.exec(field);
  if (lbOz) {
    const value = lbOzText(lbOz[1] === '-', lbOz[2] ?? '', lbOz[3] ?? '');
    // The ounces carry the scale's step, so the resolution is in ounces.
    const resolution = resolutionOfDecimal(lbOz[3] ?? '');
    if (value === null || resolution === null) return null;
    return { kind: 'weight', value, unitText: 'lb oz', unit: 'lb-oz', resolution, status, condition: nciCondition(status, value) };
  }
  const weight = WEIGHT_FIELD.exec(field);
  if (weight) {
    const digits = weight[2] ?? '';
    const value = normalizeDecimal(`${weight[1] ?? ''}${digits}`);
    const resolution = resolutionOfDecimal(digits.endsWith('.') ? digits.slice(0, -1) : digits);
    if (value === null || resolution === null) return null;
    const unitText = weight[3] ?? '';
    const upper = unitText.toUpperCase();
    const unit = Object.hasOwn(UNITS, upper) ? (UNITS[upper] ?? 'unknown') : 'unknown';
    return { kind: 'weight', value, unitText, unit, resolution, status, condition: nciCondition(status, value) };
  }
  if (DISPLAY_FIELD.test(field)) return { kind: 'display', text: field.trim(), status, condition: nciCondition(status, null) };
  return null;
}

/**
 * Decodes one reply, with or without its ETX (the framer strips it). Bytes before the first LF are
 * dropped: they are the tail of an earlier, broken frame. Never throws.
 */
export function decodeNciFrame(frame: Uint8Array): DecodeResult<NciFrame> {
  if (frame.length > NCI_MAX_FRAME_BYTES) return decodeFailure('length', `frame of ${frame.length} bytes is longer than any NCI reply`);
  let text = String.fromCharCode(...Array.from(frame, (b) => b & 0x7f));
  if (text.endsWith('\x03')) text = text.slice(0, -1);
  if (text.includes('\x03')) return decodeFailure('syntax', 'more than one frame (ETX inside)');
  const lf = text.indexOf('\n');
  if (lf < 0) return decodeFailure('syntax', 'no LF: an NCI reply starts with LF');
  let body = text.slice(lf + 1);
  if (body.endsWith('\r')) body = body.slice(0, -1);
  if (body === '?') return { ok: true, frame: { kind: 'unrecognized' } };

  const cr = body.indexOf('\r');
  if (cr < 0) {
    const status = parseStatus(body.startsWith('S') ? body.slice(1) : body);
    if (!status) return decodeFailure('status', `not a status reply: ${JSON.stringify(body)}`);
    return { ok: true, frame: { kind: 'status', status, condition: nciCondition(status, null) } };
  }
  let statusText = body.slice(cr + 1);
  if (statusText.startsWith('\n')) statusText = statusText.slice(1);
  // `S` can never be a status byte (bit 5 clear), so the SCP-02 prefix is unambiguous.
  if (statusText.startsWith('S')) statusText = statusText.slice(1);
  const status = parseStatus(statusText);
  if (!status) return decodeFailure('status', `bad status bytes ${JSON.stringify(statusText)}`);
  const decoded = decodeField(body.slice(0, cr), status);
  if (!decoded) return decodeFailure('value', `bad weight field ${JSON.stringify(body.slice(0, cr))}`);
  return { ok: true, frame: decoded };
}

/** What a frame says about the load, or null for status-only and `?` replies. */
export function nciMeasurement(frame: NciFrame): ScaleMeasurement | null {
  if (frame.kind === 'weight') return { condition: frame.condition, value: frame.value, unit: frame.unit, resolution: frame.resolution };
  if (frame.kind === 'display') return { condition: frame.condition, value: null, unit: 'unknown', resolution: null };
  return null;
}
