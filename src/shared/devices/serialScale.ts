import { z } from 'zod';
import { deviceId, deviceName, devicePath, parseDeviceConfig, scaleCapacityKg, serialDataBits, serialParity, serialStopBits } from './deviceSettings.ts';

// Line defaults are each protocol's own (docs/protocols/mt-sics.md, nci.md): MT-SICS 9600 8N1 (CR LF lines),
// NCI 9600 7E1. So the protocol picks the defaults, and a config only names what differs.
const common = {
  id: deviceId,
  name: deviceName,
  /** e.g. /dev/ttyUSB0, or a stable udev symlink such as /dev/mailscale0. */
  path: devicePath,
  baudRate: z.number().int().positive().default(9600),
  stopBits: serialStopBits.default(1),
  /** How often to ask for the weight (MT-SICS SI, NCI W). */
  pollMs: z.number().int().min(20).max(60_000).default(200),
  /** A request unanswered this long (or, streaming, this long without a line) means the scale is gone. */
  replyTimeoutMs: z.number().int().min(50).max(60_000).default(1000),
  capacityKg: scaleCapacityKg,
};

// One member per protocol the station speaks (the driver's dialect table in
// hardware/devices/serialScaleDialects.ts is keyed by these names, so the compiler asks for a
// dialect for each); settings only one protocol has go in its member.
export const SerialScaleConfig = z.discriminatedUnion('protocol', [
  z.object({
    ...common,
    protocol: z.literal('mt-sics'),
    dataBits: serialDataBits.default(8),
    parity: serialParity.default('none'),
    /** Send SIR once and let the scale stream, instead of polling SI every pollMs. */
    stream: z.boolean().default(false),
  }),
  z.object({
    ...common,
    protocol: z.literal('nci'),
    dataBits: serialDataBits.default(7),
    parity: serialParity.default('even'),
  }),
]);
export type SerialScaleConfig = z.infer<typeof SerialScaleConfig>;
export type SerialScaleConfigInput = z.input<typeof SerialScaleConfig>;
export type SerialScaleProtocol = SerialScaleConfig['protocol'];

/** What the admin sees for each protocol (the form's choices and the device list's heading). */
export const SERIAL_SCALE_PROTOCOLS: Readonly<Record<SerialScaleProtocol, { label: string }>> = {
  'mt-sics': { label: 'MT-SICS' },
  nci: { label: 'NCI' },
};

/** Validates a serial scale config; throws an Error that names every bad field. */
export function parseSerialScaleConfig(input: unknown): SerialScaleConfig {
  return parseDeviceConfig(SerialScaleConfig, 'serial scale', input);
}
