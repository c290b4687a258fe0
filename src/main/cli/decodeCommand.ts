import { parseArgs } from 'node:util';
import {
  decodeHidScaleReport,
  decodeMtSicsReply,
  decodeNciFrame,
  hidScaleMeasurement,
  mtSicsMeasurement,
  nciMeasurement,
  toGrams,
} from '../../hardware/index.ts';
import type { DecodeResult, ScaleMeasurement } from '../../hardware/index.ts';
import { printJson, UsageError } from './output.ts';

/** What one protocol's entry in the table does with the text the admin typed. */
export interface FrameDecoder {
  /** Shown in the usage text: what <data> looks like. */
  input: string;
  /** Turns the argument into bytes or text (throw UsageError if it is not in the accepted form) and decodes it. */
  decode(data: string, flags: { hex: boolean }): DecodeResult<unknown> & { measurement?: ScaleMeasurement | null };
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

function withMeasurement<T>(result: DecodeResult<T>, measure: (frame: T) => ScaleMeasurement | null) {
  return result.ok ? { ...result, measurement: measure(result.frame) } : result;
}

// The extension point: one entry per protocol. Others add 'hid-scanner', 'zpl-status', 'aim', ….
export const FRAME_DECODERS: Record<string, FrameDecoder> = {
  'hid-scale': {
    input: 'hex bytes of one input report, report ID first ("03 04 0B FF 7B 00")',
    decode: (data) => withMeasurement(decodeHidScaleReport(parseHex(data)), hidScaleMeasurement),
  },
  'mt-sics': {
    input: 'one reply line ("S S     100.00 g"; \\r\\n allowed)',
    decode: (data, { hex }) => {
      const line = hex ? Buffer.from(parseHex(data)).toString('latin1') : unescapeText(data);
      return withMeasurement(decodeMtSicsReply(line), mtSicsMeasurement);
    },
  },
  nci: {
    input: 'one reply with escapes ("\\n0001.25LB\\r\\n00\\r\\x03"), or hex with --hex',
    decode: (data, { hex }) => {
      const bytes = hex ? parseHex(data) : Buffer.from(unescapeText(data), 'latin1');
      return withMeasurement(decodeNciFrame(bytes), nciMeasurement);
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
 * line ({protocol, frame, measurement, grams}), so an admin can check what a scale sent without the
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
  printJson({ protocol, frame: result.frame, measurement, grams });
  return 0;
}
