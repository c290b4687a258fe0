import { parseArgs } from 'node:util';
import {
  decodeCabinetLine,
  decodeHidScannerReport,
  parseHostStatus,
  splitAimIdentifier,
  decodeHidScaleReport,
  hidScaleMeasurement,
  SERIAL_SCALE_DIALECTS,
  toGrams,
} from '../../hardware/index.ts';
import type { DecodeResult, ScaleFrameDecoding, ScaleMeasurement } from '../../hardware/index.ts';
import { isGs1Aim, parseGs1ElementString } from '../../shared/domain/index.ts';
import { printJson, UsageError } from './output.ts';

/** What one protocol's entry in the table does with the text the admin typed. */
export interface FrameDecoder {
  /** Shown in the usage text: what <data> looks like. */
  input: string;
  /** Turns the argument into bytes or text (throw UsageError if it is not in the accepted form) and decodes it. */
  decode(data: string, flags: { hex: boolean }): DecodeResult<unknown> & { measurement?: ScaleMeasurement | null; meaning?: string };
}

/** `0a 30 31` or `0a3031`: whitespace between bytes is allowed, nothing else. */
export function parseHex(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(compact)) {
    throw new UsageError(`"${text}" is not hex bytes: write pairs of hex digits, e.g. "03 04 0B FF 7B 00"`);
  }
  return Uint8Array.from(compact.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

const ESCAPES: Readonly<Record<string, string>> = { r: '\r', n: '\n', t: '\t', '0': '\0', '\\': '\\' };

/** Shell-friendly escapes: \r \n \t \0 \\ and \xHH, so control bytes can be typed. */
export function unescapeText(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|.)?/g, (whole, code: string | undefined) => {
    if (code === undefined) throw new UsageError('a trailing "\\" escapes nothing: write "\\\\" for a backslash');
    if (code.startsWith('x') && code.length === 3) return String.fromCharCode(parseInt(code.slice(1), 16));
    const plain = ESCAPES[code];
    if (plain === undefined) throw new UsageError(`unknown escape "${whole}": use \\r, \\n, \\t, \\0, \\\\ or \\xHH`);
    return plain;
  });
}

/** Codecs that report errors as text: the same {ok, frame | error} shape as the scale codecs. */
function asResult<T>(result: { ok: true; value: T } | { ok: false; error: string }, code: string): DecodeResult<T> {
  return result.ok ? { ok: true, frame: result.value } : { ok: false, error: { code, message: result.error } };
}

function withMeasurement<T>(result: DecodeResult<T>, measure: (frame: T) => ScaleMeasurement | null) {
  return result.ok ? { ...result, measurement: measure(result.frame) } : result;
}

/**
 * A serial scale protocol's frames, typed as its codec takes them: a line of text (escapes, or hex
 * bytes read as latin1) or bytes (hex, or the escaped text's latin1 bytes).
 */
function scaleFrameDecoder(frames: ScaleFrameDecoding): FrameDecoder {
  return {
    input: frames.input,
    decode: (data, { hex }) => {
      if (frames.form === 'line') return frames.decode(hex ? Buffer.from(parseHex(data)).toString('latin1') : unescapeText(data));
      return frames.decode(hex ? parseHex(data) : Buffer.from(unescapeText(data), 'latin1'));
    },
  };
}

/** Every serial scale protocol the driver speaks, by its station.json name: `mt-sics`, `nci`, …. */
const SERIAL_SCALE_DECODERS: Record<string, FrameDecoder> = Object.fromEntries(
  Object.entries(SERIAL_SCALE_DIALECTS).map(([protocol, support]) => [protocol, scaleFrameDecoder(support.frames)]),
);

// The extension point: one entry per protocol (a serial scale protocol comes with its dialect).
export const FRAME_DECODERS: Record<string, FrameDecoder> = {
  'hid-scale': {
    input: 'hex bytes of one input report, report ID first ("03 04 0B FF 7B 00")',
    decode: (data) => withMeasurement(decodeHidScaleReport(parseHex(data)), hidScaleMeasurement),
  },
  'hid-scanner': {
    input: 'hex bytes of one 64-byte HID POS scanner input report, report ID first',
    decode: (data) => {
      const decoded = decodeHidScannerReport(parseHex(data));
      if (!decoded.ok) return { ok: false, error: { code: 'hid-scanner', message: decoded.error } };
      // Bytes as text (latin1, as the driver decodes) and as hex: a Uint8Array has no readable JSON form.
      const bytes = Buffer.from(decoded.report.data);
      return { ok: true, frame: { ...decoded.report, data: bytes.toString('latin1'), dataHex: bytes.toString('hex') } };
    },
  },
  ...SERIAL_SCALE_DECODERS,
  'zpl-status': {
    input: 'a ~HS reply with escapes ("\\x02030,0,0,1245,000,0,0,0,000,0,0,0\\x03\\r\\n…"), or hex with --hex',
    decode: (data, { hex }) => {
      const parsed = parseHostStatus(hex ? parseHex(data) : unescapeText(data));
      return parsed.ok ? { ok: true, frame: parsed.status } : { ok: false, error: { code: parsed.error.code, message: parsed.error.message } };
    },
  },
  aim: {
    input: 'one scan as the scanner sent it ("]C1010950110153000310ABC123"); GS1 symbologies are split into AIs (GS as \\x1d)',
    decode: (data) => {
      const split = splitAimIdentifier(unescapeText(data));
      const gs1 = split.aim && isGs1Aim(split.aim) ? parseGs1ElementString(split.data) : null;
      return { ok: true, frame: { ...split, gs1 } };
    },
  },
  'xray-line': {
    input: 'one MSXR/1 line from a cabinet ("STATUS door=closed interlock=ok key=on beam=off fault=-")',
    decode: (data) => {
      const decoded = decodeCabinetLine(unescapeText(data).replace(/\r?\n$/, ''));
      return asResult(decoded.ok ? { ok: true, value: decoded.message } : decoded, 'xray-line');
    },
  },
};

function usage(): string {
  return [
    'decode needs a protocol and data: npm run -s cli -- decode <protocol> [--hex] <data>',
    ...Object.entries(FRAME_DECODERS).map(([name, d]) => `  ${name.padEnd(12)} ${d.input}`),
  ].join('\n');
}

/**
 * `decode <protocol> [--hex] <data>`: decodes one device frame offline and prints it as one JSON
 * line ({protocol, frame, measurement, grams, meaning}), so an admin can check what a scale sent without the
 * station running. A frame that does not decode is reported on stderr with exit code 2.
 */
export function decodeCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, options: { hex: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  const [protocol, ...rest] = positionals;
  if (!protocol || rest.length === 0) throw new UsageError(usage());
  const decoder = Object.hasOwn(FRAME_DECODERS, protocol) ? FRAME_DECODERS[protocol] : undefined;
  if (!decoder) throw new UsageError(`unknown protocol "${protocol}"\n${usage()}`);
  // Unquoted data arrives split on spaces; the frames' own spacing matters only inside quotes.
  const result = decoder.decode(rest.join(' '), { hex: values.hex });
  if (!result.ok) {
    process.stderr.write(`mailscreen: not a valid ${protocol} frame (${result.error.code}): ${result.error.message}\n`);
    return 2;
  }
  const measurement = result.measurement ?? null;
  const grams = measurement && measurement.value !== null ? toGrams(measurement.value, measurement.unit) : null;
  // `meaning`: the frame in words where the protocol defines them (MT-SICS `EL`, `S I`, …), else null.
  printJson({ protocol, frame: result.frame, measurement, grams, meaning: result.meaning ?? null });
  return 0;
}
