import { z } from 'zod';
import { deviceId, deviceName, devicePath, parseDeviceConfig, serialDataBits, serialParity, serialStopBits } from './deviceSettings.ts';

/** What ends a scan on the line; the admin form offers exactly these. */
export const ScanTerminator = z.enum(['CR', 'LF', 'CRLF']);

// Defaults are what serial and USB-CDC scanners ship with (9600 8N1, CR suffix); docs/protocols/barcode-scanners.md.
export const SerialScannerConfig = z.object({
  id: deviceId,
  name: deviceName,
  /** e.g. /dev/ttyACM0, or a stable udev symlink such as /dev/mailscanner0. */
  path: devicePath,
  baudRate: z.number().int().positive().default(9600),
  dataBits: serialDataBits.default(8),
  parity: serialParity.default('none'),
  stopBits: serialStopBits.default(1),
  terminator: ScanTerminator.default('CR'),
});
/** The validated config, defaults filled in. */
export type SerialScannerConfig = z.infer<typeof SerialScannerConfig>;
/** What a caller (config file, admin screen) may pass: defaults may be left out. */
export type SerialScannerConfigInput = z.input<typeof SerialScannerConfig>;

/** Validates a scanner config; throws an Error that names every bad field. */
export function parseSerialScannerConfig(input: unknown): SerialScannerConfig {
  return parseDeviceConfig(SerialScannerConfig, 'serial scanner', input);
}
