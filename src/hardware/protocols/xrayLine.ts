// MSXR/1, the Mailscreen X-ray cabinet line protocol (docs/xray-line-protocol.md). No cabinet
// vendor publishes a control protocol (docs/xray-line-protocol.md, "Why a protocol of our own"), so this is the one a per-model bridge
// or a cabinet's integration box speaks to the station. Pure: lines in, typed messages out.
// Decoding is total (a malformed line is a value, never an exception) because every byte from a
// device is untrusted; encoding validates what it is given for the same reason on the way out.

import type { CabinetStatus } from '../../shared/contract/index.ts';

export const MSXR_PROTOCOL = 'MSXR';
export const MSXR_VERSION = 1;
/** A line longer than this (terminator excluded) is dropped by the framer as a parse error. */
export const MSXR_MAX_LINE_BYTES = 512;

/** A scan reference: what the station calls the item (a custody ID). Kept to a token-safe set. */
const SCAN_REF = /^[A-Za-z0-9._:-]{1,64}$/;
/** An image file name in the hot folder: a bare name, never a path (no `/`, no `..` tricks). */
const IMAGE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const TEXT_MAX = 200;

export function isScanRef(value: string): boolean {
  return SCAN_REF.test(value);
}

export function isImageFileName(value: string): boolean {
  return IMAGE_FILE.test(value) && !value.includes('..');
}

/** Why a cabinet refused a scan; `other` keeps a future cabinet's new code readable. */
export const CABINET_REFUSAL_CODES = ['door-open', 'interlock-open', 'key-off', 'fault', 'busy', 'not-ready', 'other'] as const;
export type CabinetRefusalCode = (typeof CABINET_REFUSAL_CODES)[number];

/** The safety telemetry as the cabinet reported it; fields it left out are 'unknown'. */
export interface CabinetReport {
  door: CabinetStatus['door'];
  interlock: CabinetStatus['interlock'];
  keySwitch: CabinetStatus['keySwitch'];
  beam: CabinetStatus['beam'];
  /** The fault text, null for `fault=-`. */
  fault: string | null;
  /** False when the line had no (readable) `fault=` field: "no fault" must be said, not assumed. */
  faultReported: boolean;
  /** The cabinet's own `ready=`; null when it did not say. */
  ready: boolean | null;
}

export type StationCommand =
  | { kind: 'status?' }
  | { kind: 'scan'; ref: string }
  | { kind: 'ping' };

export type CabinetMessage =
  | { kind: 'hello'; protocol: string; version: number; model: string; serial: string }
  | { kind: 'status'; report: CabinetReport }
  | { kind: 'scanAccepted'; ref: string }
  | { kind: 'scanRefused'; ref: string; code: CabinetRefusalCode; text: string }
  | { kind: 'scanDone'; ref: string; file: string }
  | { kind: 'scanFailed'; ref: string; text: string }
  | { kind: 'pong' }
  | { kind: 'error'; text: string };

export type Decoded<T> = { ok: true; message: T } | { ok: false; error: string };
export type Encoded = { ok: true; line: string } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Printable ASCII only, bounded: cabinet text ends up on screen and in the audit log. */
function cleanText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').trim().slice(0, TEXT_MAX);
}

/** Lines travel as latin1 (lineFraming.ts); anything outside printable ASCII is a broken line. */
function isAsciiLine(line: string): boolean {
  return /^[\x20-\x7e]*$/.test(line);
}

// ---- station -> cabinet ----------------------------------------------------------------------

export function encodeStationCommand(command: StationCommand): Encoded {
  switch (command.kind) {
    case 'status?':
      return { ok: true, line: 'STATUS?' };
    case 'ping':
      return { ok: true, line: 'PING' };
    case 'scan':
      return isScanRef(command.ref) ? { ok: true, line: `SCAN ${command.ref}` } : fail(`invalid scan reference ${JSON.stringify(command.ref.slice(0, 80))}`);
  }
}

export function decodeStationLine(line: string): Decoded<StationCommand> {
  if (line.length > MSXR_MAX_LINE_BYTES || !isAsciiLine(line)) return fail('not a printable ASCII line within the length limit');
  if (line === 'STATUS?') return { ok: true, message: { kind: 'status?' } };
  if (line === 'PING') return { ok: true, message: { kind: 'ping' } };
  const scan = /^SCAN (\S+)$/.exec(line);
  if (scan?.[1] !== undefined) {
    return isScanRef(scan[1]) ? { ok: true, message: { kind: 'scan', ref: scan[1] } } : fail('invalid scan reference');
  }
  return fail(`unknown command ${JSON.stringify(line.slice(0, 40))}`);
}

// ---- cabinet -> station ----------------------------------------------------------------------

/** `%XX` escapes so fault text may hold spaces and `=`; null when the escape is malformed. */
function percentDecode(value: string): string | null {
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) return null;
  return value.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function percentEncode(value: string): string {
  return value.replace(/[^A-Za-z0-9._~-]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : '%3F';
  });
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[]): T | 'unknown' {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : 'unknown';
}

function decodeStatus(fields: string[]): CabinetReport {
  // Later duplicates win; unknown keys are skipped so a newer cabinet may add telemetry.
  const values = new Map<string, string>();
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq > 0) values.set(field.slice(0, eq), field.slice(eq + 1));
  }
  const rawFault = values.get('fault');
  let fault: string | null = null;
  let faultReported = false;
  if (rawFault === '-') faultReported = true;
  else if (rawFault !== undefined && rawFault.length > 0) {
    const decoded = percentDecode(rawFault);
    faultReported = true;
    // An unreadable fault is still a fault: the station must not read it as "none".
    fault = decoded === null ? 'unreadable fault report' : cleanText(decoded) || 'fault';
  }
  const ready = values.get('ready');
  return {
    door: pick(values.get('door'), ['closed', 'open'] as const),
    interlock: pick(values.get('interlock'), ['ok', 'open'] as const),
    keySwitch: pick(values.get('key'), ['on', 'off'] as const),
    beam: pick(values.get('beam'), ['off', 'on'] as const),
    fault,
    faultReported,
    ready: ready === 'yes' ? true : ready === 'no' ? false : null,
  };
}

function decodeScan(rest: string): Decoded<CabinetMessage> {
  const [verb = '', ref = '', ...tail] = rest.split(' ');
  if (!isScanRef(ref)) return fail('invalid scan reference');
  switch (verb) {
    case 'ACCEPTED':
      return tail.length === 0 ? { ok: true, message: { kind: 'scanAccepted', ref } } : fail('SCAN ACCEPTED takes only a reference');
    case 'REFUSED': {
      const [rawCode = '', ...text] = tail;
      const code = (CABINET_REFUSAL_CODES as readonly string[]).includes(rawCode) ? (rawCode as CabinetRefusalCode) : 'other';
      // An unrecognised code is kept in the text so the operator still sees what the cabinet said.
      const words = code === 'other' && rawCode !== 'other' ? [rawCode, ...text] : text;
      return { ok: true, message: { kind: 'scanRefused', ref, code, text: cleanText(words.join(' ')) } };
    }
    case 'DONE': {
      const [file = '', ...extra] = tail;
      if (extra.length > 0 || !isImageFileName(file)) return fail('SCAN DONE needs a bare image file name');
      return { ok: true, message: { kind: 'scanDone', ref, file } };
    }
    case 'FAILED':
      return { ok: true, message: { kind: 'scanFailed', ref, text: cleanText(tail.join(' ')) } };
    default:
      return fail(`unknown SCAN reply ${JSON.stringify(verb.slice(0, 20))}`);
  }
}

export function decodeCabinetLine(line: string): Decoded<CabinetMessage> {
  if (line.length > MSXR_MAX_LINE_BYTES || !isAsciiLine(line)) return fail('not a printable ASCII line within the length limit');
  const space = line.indexOf(' ');
  const word = space < 0 ? line : line.slice(0, space);
  const rest = space < 0 ? '' : line.slice(space + 1);
  switch (word) {
    case 'PONG':
      return rest === '' ? { ok: true, message: { kind: 'pong' } } : fail('PONG takes no arguments');
    case 'STATUS':
      return { ok: true, message: { kind: 'status', report: decodeStatus(rest.split(' ')) } };
    case 'SCAN':
      return decodeScan(rest);
    case 'ERR':
      return { ok: true, message: { kind: 'error', text: cleanText(rest) } };
    case 'HELLO': {
      const hello = /^([A-Z]+)\/(\d{1,4}) (\S{1,64}) (\S{1,64})$/.exec(rest);
      if (!hello) return fail('HELLO needs <protocol>/<version> <model> <serial>');
      const [, protocol = '', version = '', model = '', serial = ''] = hello;
      return { ok: true, message: { kind: 'hello', protocol, version: Number(version), model, serial } };
    }
    default:
      return fail(`unknown message ${JSON.stringify(word.slice(0, 20))}`);
  }
}

/** Used by the simulator (and by anyone writing a bridge for a real cabinet). */
export function encodeCabinetMessage(message: CabinetMessage): Encoded {
  const text = (value: string): string => cleanText(value);
  switch (message.kind) {
    case 'pong':
      return { ok: true, line: 'PONG' };
    case 'error':
      return { ok: true, line: `ERR ${text(message.text)}`.trimEnd() };
    case 'hello':
      if (!/^\S{1,64}$/.test(message.model) || !/^\S{1,64}$/.test(message.serial) || !/^[A-Z]+$/.test(message.protocol)) {
        return fail('HELLO model and serial must be single tokens');
      }
      return { ok: true, line: `HELLO ${message.protocol}/${message.version} ${message.model} ${message.serial}` };
    case 'status': {
      const r = message.report;
      const fault = r.fault === null ? '-' : percentEncode(text(r.fault) || 'fault');
      const ready = r.ready === null ? '' : ` ready=${r.ready ? 'yes' : 'no'}`;
      return { ok: true, line: `STATUS door=${r.door} interlock=${r.interlock} key=${r.keySwitch} beam=${r.beam} fault=${fault}${ready}` };
    }
    default:
      break;
  }
  if (!isScanRef(message.ref)) return fail('invalid scan reference');
  switch (message.kind) {
    case 'scanAccepted':
      return { ok: true, line: `SCAN ACCEPTED ${message.ref}` };
    case 'scanRefused':
      return { ok: true, line: `SCAN REFUSED ${message.ref} ${message.code} ${text(message.text)}`.trimEnd() };
    case 'scanDone':
      return isImageFileName(message.file) ? { ok: true, line: `SCAN DONE ${message.ref} ${message.file}` } : fail('invalid image file name');
    case 'scanFailed':
      return { ok: true, line: `SCAN FAILED ${message.ref} ${text(message.text)}`.trimEnd() };
  }
}
