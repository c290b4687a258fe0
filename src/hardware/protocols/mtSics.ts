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

/**
 * Why a weight or tare command was refused (MT-SICS reference manual §2.1.3.1, docs/protocols/mt-sics.md):
 * `I` understood but not executable now (busy, or no stability in time), `L` understood but not
 * executable (a parameter is wrong), `+` overload, `-` underload.
 */
export type MtSicsRefusal = 'busy' | 'notExecutable' | 'overload' | 'underload';
/** `Z A` (`ZI S`, `ZI D`) done, `Z I` busy, `Z L` not executable, `Z +` / `Z -` outside the zeroing range. */
export type MtSicsZeroOutcome = 'done' | 'busy' | 'notExecutable' | 'aboveRange' | 'belowRange';
/** The three general errors any command may get: syntax, transmission, logical. */
export type MtSicsErrorCode = 'ES' | 'ET' | 'EL';

export interface MtSicsWeight {
  /** Value text normalised (see normalizeDecimal); resolution from its decimals. */
  value: string;
  resolution: string;
  /** The unit as sent (`g`, `kg`, `lb`, …) and its contract equivalent. */
  unitText: string;
  unit: WeightUnit;
}

/**
 * `command` names the command a refusal echoes when it is not S, T or Z itself (`SI +`, `TI I`,
 * `ZI -`, `SIC1 +`): the manual's SI, SIR and SIU answer `S …`, but other commands echo their own
 * name, and the admin should see which one was refused.
 */
export type MtSicsReply =
  | ({ kind: 'weight'; stable: boolean } & MtSicsWeight)
  | { kind: 'weightRefused'; reason: MtSicsRefusal; command?: string }
  | { kind: 'zero'; outcome: MtSicsZeroOutcome; command?: string }
  | ({ kind: 'tare' } & MtSicsWeight)
  | { kind: 'tareRefused'; reason: MtSicsRefusal; command?: string }
  /** Any other command refused with a command-specific status (`I4 I`, `UPD L`, `C1 +`). */
  | { kind: 'commandRefused'; command: string; reason: MtSicsRefusal }
  /** ES syntax error, ET transmission error, EL logical error: the scale refused the command itself. */
  | { kind: 'error'; code: MtSicsErrorCode };

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

const REFUSALS: Readonly<Record<string, MtSicsRefusal>> = { I: 'busy', L: 'notExecutable', '+': 'overload', '-': 'underload' };
const ZERO_OUTCOMES: Readonly<Record<string, MtSicsZeroOutcome>> = { A: 'done', I: 'busy', L: 'notExecutable', '+': 'aboveRange', '-': 'belowRange' };
/** ZI and ZC answer `S` (zeroed when stable) or `D` (zeroed while moving) where Z answers `A`. */
const ZEROED_NOW: ReadonlySet<string> = new Set(['S', 'D']);
/** A command's name as MT-SICS spells them: capitals and digits (`S`, `SIC1`, `I10`, `TAC`). */
const COMMAND_NAME = /^[A-Z][A-Z0-9]{0,7}$/;
/** The weight, zero and tare commands of the reference manual (§3); their refusals keep their kind. */
const WEIGHT_COMMANDS: ReadonlySet<string> = new Set(['S', 'SC', 'SI', 'SIC1', 'SIC2', 'SIR', 'SIRU', 'SIS', 'SIU', 'SIUM', 'SNR', 'SNRU', 'SR', 'SRU', 'ST', 'SU', 'SUM']);
const ZERO_COMMANDS: ReadonlySet<string> = new Set(['Z', 'ZC', 'ZI']);
const TARE_COMMANDS: ReadonlySet<string> = new Set(['T', 'TA', 'TAC', 'TC', 'TI']);
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
    return { ok: true, frame: { kind: 'error', code: command as MtSicsErrorCode } };
  }
  const bad = decodeFailure('syntax', `not an MT-SICS reply to S, SI, SIR, Z or T: ${JSON.stringify(text)}`);
  if (rest.length === 0 && COMMAND_NAME.test(command)) {
    const refusal = refusalOf(command, status);
    if (refusal) return { ok: true, frame: refusal };
  }
  if (command === 'S' || command === 'T') {
    const dynamicAllowed = command === 'S';
    if (rest.length !== 2 || !(status === 'S' || (dynamicAllowed && status === 'D'))) return bad;
    const weight = weightOf(rest[0] ?? '', rest[1] ?? '');
    if (!weight) return decodeFailure('value', `weight ${JSON.stringify(rest[0])} is not a decimal number`);
    return { ok: true, frame: command === 'S' ? { kind: 'weight', stable: status === 'S', ...weight } : { kind: 'tare', ...weight } };
  }
  return bad;
}

/** `<command> <status>` with nothing after it: a zero outcome, or a command-specific refusal. */
function refusalOf(command: string, status: string): MtSicsReply | null {
  const echo = (plain: string) => (command === plain ? {} : { command });
  if (ZERO_COMMANDS.has(command)) {
    // Z says A when done; ZI and ZC say S (zeroed when stable) or D (zeroed while moving).
    const done = command === 'Z' ? status === 'A' : ZEROED_NOW.has(status);
    const outcome = done ? 'done' : status !== 'A' && Object.hasOwn(ZERO_OUTCOMES, status) ? ZERO_OUTCOMES[status] : undefined;
    return outcome === undefined ? null : { kind: 'zero', outcome, ...echo('Z') };
  }
  if (!Object.hasOwn(REFUSALS, status)) return null;
  const reason = REFUSALS[status] ?? 'busy';
  if (WEIGHT_COMMANDS.has(command)) return { kind: 'weightRefused', reason, ...echo('S') };
  if (TARE_COMMANDS.has(command)) return { kind: 'tareRefused', reason, ...echo('T') };
  return { kind: 'commandRefused', command, reason };
}

/**
 * What a reply says about the load, or null when it says nothing (zero, tare, busy, errors).
 * MT-SICS has no "center of zero" or "under zero" flag on a weight, so a stable 0 is reported as
 * stableAtZero and a stable negative as underZero: neither may be recorded as an item's weight.
 */
export function mtSicsMeasurement(reply: MtSicsReply): ScaleMeasurement | null {
  if (reply.kind === 'weightRefused') {
    // Busy or a wrong parameter says nothing about the load.
    if (reply.reason === 'busy' || reply.reason === 'notExecutable') return null;
    return { condition: reply.reason === 'overload' ? 'overCapacity' : 'underZero', value: null, unit: 'unknown', resolution: null };
  }
  if (reply.kind !== 'weight') return null;
  let condition: ScaleCondition = 'inMotion';
  if (reply.stable) condition = signedCondition(reply.value);
  return { condition, value: reply.value, unit: reply.unit, resolution: reply.resolution };
}
