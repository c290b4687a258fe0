import { z } from 'zod';

// Defaults are what serial and USB-CDC scanners ship with (9600 8N1, CR suffix); hardware.md §3.4.
export const SerialScannerConfig = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** e.g. /dev/ttyACM0, or a stable udev symlink such as /dev/mailscanner0. */
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(9600),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  terminator: z.enum(['CR', 'LF', 'CRLF']).default('CR'),
});
/** The validated config, defaults filled in. */
export type SerialScannerConfig = z.infer<typeof SerialScannerConfig>;
/** What a caller (config file, admin screen) may pass: defaults may be left out. */
export type SerialScannerConfigInput = z.input<typeof SerialScannerConfig>;

/** Validates a scanner config; throws an Error that names every bad field. */
export function parseSerialScannerConfig(input: unknown): SerialScannerConfig {
  const result = SerialScannerConfig.safeParse(input);
  if (!result.success) {
    throw new Error(`invalid serial scanner config:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
