import { z } from 'zod';
import { deviceHost, deviceId, deviceName, devicePath, parseDeviceConfig, serialDataBits, serialParity, serialStopBits } from './deviceSettings.ts';

const TcpLink = z.object({
  kind: z.literal('tcp'),
  host: deviceHost,
  port: z.number().int().min(1).max(65535).default(9100),
});

const UsbLink = z.object({
  kind: z.literal('usb'),
  /** `/dev/usb/lp0`, or a stable udev symlink such as `/dev/zebra0`. */
  path: devicePath,
});

// Zebra serial defaults (docs/protocols/zpl.md, "Transports"): 9600 8N1.
const SerialLink = z.object({
  kind: z.literal('serial'),
  path: devicePath,
  baudRate: z.number().int().positive().default(9600),
  dataBits: serialDataBits.default(8),
  parity: serialParity.default('none'),
  stopBits: serialStopBits.default(1),
});

/** The resolutions a label layout is rendered at. */
export const PrinterDpi = z.union([z.literal(203), z.literal(300)]);

export const LabelPrinterConfig = z.object({
  id: deviceId,
  name: deviceName,
  transport: z.discriminatedUnion('kind', [TcpLink, UsbLink, SerialLink]),
  /** How often `~HS` is asked while idle: how stale the device bar may be. */
  statusPollMs: z.number().int().min(100).max(600_000).default(5000),
  /** A `~HS` unanswered this long means the printer is gone (a reply takes milliseconds). */
  replyTimeoutMs: z.number().int().min(100).max(60_000).default(2000),
  /**
   * How long print() waits for the printer to report the label printed. A fault during that
   * time (paper runs out mid-job) keeps the label in the printer's buffer, and it comes out once
   * the operator fixes the fault, so this is generous.
   */
  confirmTimeoutMs: z.number().int().min(1000).max(3_600_000).default(120_000),
  dpi: PrinterDpi.default(203),
});
/** The validated config, defaults filled in. */
export type LabelPrinterConfig = z.infer<typeof LabelPrinterConfig>;
/** What a caller (config file, admin screen) may pass: defaults may be left out. */
export type LabelPrinterConfigInput = z.input<typeof LabelPrinterConfig>;
export type LabelPrinterLink = LabelPrinterConfig['transport'];

/** Validates a printer config; throws an Error that names every bad field. */
export function parseLabelPrinterConfig(input: unknown): LabelPrinterConfig {
  return parseDeviceConfig(LabelPrinterConfig, 'label printer', input);
}
