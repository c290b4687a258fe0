// Mettler Toledo MT-SICS: ASCII commands and replies, each line ended by CR LF, fields separated by
// spaces (values right-justified, so runs of spaces). docs/protocols/mt-sics.md (InstrumentKit
// mt_sics.py, Atlantis-Software/mt-sics). Replies echo the command: `S S     100.00 g`, `Z A`, `T S  12.00 g`.
import type { ScaleCondition, WeightUnit } from '../../shared/contract/index.ts';
import { normalizeDecimal, resolutionOfDecimal } from './scaleDecimal.ts';
import { decodeFailure, signedCondition } from './scaleMeasurement.ts';
import type { DecodeResult, ScaleMeasurement } from './scaleMeasurement.ts';

/** S stable weight, SI immediate weight, SIR immediate weight repeated, Z zero, T tare, @ reset. */
export type MtSicsCommand = 'S' | 'SI' | 'SIR' | 'Z' | 'T' | '@';

export function encodeMtSicsCommand(command: MtSicsCommand): Uint8Array {
  return Buffer.from(`${command}\r\n`, 'latin1');
}

/** Why a weight or tare command was refused: `I` not executable now, `+` overload, `-` underload. */
export type MtSicsRefusal = 'busy' | 'overload' | 'underload';
/** `Z A` done, `Z I` busy, `Z +` / `Z -` outside the zeroing range. */
export type MtSicsZeroOutcome = 'done' | 'busy' | 'aboveRange' | 'belowRange';

export interface MtSicsWeight {
  /** Value text normalised (see normalizeDecimal); resolution from its decimals. */
  value: string;
  resolution: string;
  /** The unit as sent (`g`, `kg`, `lb`, …) and its contract equivalent. */
  unitText: string;
  unit: WeightUnit;
}

export type MtSicsReply =
  | ({ kind: 'weight'; stable: boolean } & MtSicsWeight)
  | { kind: 'weightRefused'; reason: MtSicsRefusal }
  | { kind: 'zero'; outcome: MtSicsZeroOutcome }
  | ({ kind: 'tare' } & MtSicsWeight)
  | { kind: 'tareRefused'; reason: MtSicsRefusal }
  /** ES syntax error, ET transmission error, EL logical error: the scale refused the command itself. */
  | { kind: 'error'; code: 'ES' | 'ET' | 'EL' };

const UNITS: Readonly<Record<string, WeightUnit>> = {
  g: 'g',
  kg: 'kg',
  mg: 'mg',
  ct: 'ct',
  lb: 'lb',
  oz: 'oz',
  ozt: 'ozt',
  GN: 'gr',
  dwt: 'dwt',
  t: 't',
};

const REFUSALS: Readonly<Record<string, MtSicsRefusal>> = { I: 'busy', '+': 'overload', '-': 'underload' };
const ZERO_OUTCOMES: Readonly<Record<string, MtSicsZeroOutcome>> = { A: 'done', I: 'busy', '+': 'aboveRange', '-': 'belowRange' };
const GENERAL_ERRORS = new Set(['ES', 'ET', 'EL']);
/** Printable ASCII only: anything else is line noise or a wrong baud rate. */
const PRINTABLE = /^[\x20-\x7e]*$/;

function weightOf(valueText: string, unitText: string): MtSicsWeight | null {
  const value = normalizeDecimal(valueText);
  const resolution = resolutionOfDecimal(valueText);
  if (value === null || resolution === null) return null;
  return { value, resolution, unitText, unit: Object.hasOwn(UNITS, unitText) ? (UNITS[unitText] ?? 'unknown') : 'unknown' };
}

/** Decodes one reply line (with or without its CR LF). Never throws. */
export function decodeMtSicsReply(line: string): DecodeResult<MtSicsReply> {
  const text = line.endsWith('\r\n') ? line.slice(0, -2) : line;
  if (!PRINTABLE.test(text)) return decodeFailure('syntax', 'reply contains bytes that are not printable ASCII');
  const fields = text.trim().split(/ +/);
  const [command = '', status = '', ...rest] = fields;
  if (fields.length === 1 && GENERAL_ERRORS.has(command)) {
    return { ok: true, frame: { kind: 'error', code: command as 'ES' | 'ET' | 'EL' } };
  }
  const bad = decodeFailure('syntax', `not an MT-SICS reply to S, SI, SIR, Z or T: ${JSON.stringify(text)}`);
  if (command === 'S' || command === 'T') {
    if (rest.length === 0 && Object.hasOwn(REFUSALS, status)) {
      const reason = REFUSALS[status] ?? 'busy';
      return { ok: true, frame: command === 'S' ? { kind: 'weightRefused', reason } : { kind: 'tareRefused', reason } };
    }
    const dynamicAllowed = command === 'S';
    if (rest.length !== 2 || !(status === 'S' || (dynamicAllowed && status === 'D'))) return bad;
    const weight = weightOf(rest[0] ?? '', rest[1] ?? '');
    if (!weight) return decodeFailure('value', `weight ${JSON.stringify(rest[0])} is not a decimal number`);
    return { ok: true, frame: command === 'S' ? { kind: 'weight', stable: status === 'S', ...weight } : { kind: 'tare', ...weight } };
  }
  if (command === 'Z' && rest.length === 0 && Object.hasOwn(ZERO_OUTCOMES, status)) {
    return { ok: true, frame: { kind: 'zero', outcome: ZERO_OUTCOMES[status] ?? 'busy' } };
  }
  return bad;
}

/**
 * What a reply says about the load, or null when it says nothing (zero, tare, busy, errors).
 * MT-SICS has no "center of zero" or "under zero" flag on a weight, so a stable 0 is reported as
 * stableAtZero and a stable negative as underZero: neither may be recorded as an item's weight.
 */
export function mtSicsMeasurement(reply: MtSicsReply): ScaleMeasurement | null {
  if (reply.kind === 'weightRefused') {
    if (reply.reason === 'busy') return null;
    return { condition: reply.reason === 'overload' ? 'overCapacity' : 'underZero', value: null, unit: 'unknown', resolution: null };
  }
  if (reply.kind !== 'weight') return null;
  let condition: ScaleCondition = 'inMotion';
  if (reply.stable) condition = signedCondition(reply.value);
  return { condition, value: reply.value, unit: reply.unit, resolution: reply.resolution };
}
