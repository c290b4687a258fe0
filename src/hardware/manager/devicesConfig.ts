import { z } from 'zod';
import { SerialScannerConfig } from '../devices/serialScannerConfig.ts';
import { HidScannerConfig } from '../devices/hidScanner.ts';
import { HidScaleConfig } from '../devices/hidScaleConfig.ts';
import { SerialScaleConfig } from '../devices/serialScaleConfig.ts';
import { LabelPrinterConfig } from '../devices/labelPrinterConfig.ts';
import { XrayCabinetConfig } from '../devices/xrayCabinetConfig.ts';
import { deviceHost, deviceId, deviceName, devicePath } from '../devices/deviceConfig.ts';

/**
 * Which device is on which port or address, with its line settings: the `devices` part of the
 * station configuration. Every device has an id unique across classes, used in records and events.
 */
export const DevicesConfig = z
  .object({
    serialScanners: z.array(SerialScannerConfig).default([]),
    hidScanners: z.array(HidScannerConfig).default([]),
    hidScales: z.array(HidScaleConfig).default([]),
    serialScales: z.array(SerialScaleConfig).default([]),
    labelPrinters: z.array(LabelPrinterConfig).default([]),
    xrayCabinets: z.array(XrayCabinetConfig).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, string>();
    for (const [list, devices] of Object.entries(config)) {
      devices.forEach((device: { id: string }, index: number) => {
        const earlier = seen.get(device.id);
        if (earlier) ctx.addIssue({ code: 'custom', path: [list, index, 'id'], message: `device id "${device.id}" is already used by ${earlier}` });
        else seen.set(device.id, `${list}[${index}]`);
      });
    }
    config.xrayCabinets.forEach((cabinet, index) => capCabinetText(cabinet, index, ctx));
  });
export type DevicesConfig = z.infer<typeof DevicesConfig>;

/**
 * The X-ray cabinet's schema lives with its hot folder (xrayCabinetConfig.ts); its free text gets the
 * same caps as every other device's here, field by field, so a 10,000-character name is refused
 * with its place named like any other.
 */
function capCabinetText(cabinet: XrayCabinetConfig, index: number, ctx: z.RefinementCtx): void {
  const fields: Array<[z.ZodType, unknown, Array<string | number>]> = [
    [deviceId, cabinet.id, ['id']],
    [deviceName, cabinet.name, ['name']],
    [devicePath.optional(), cabinet.hotFolder, ['hotFolder']],
    cabinet.transport.kind === 'tcp' ? [deviceHost, cabinet.transport.host, ['transport', 'host']] : [devicePath, cabinet.transport.path, ['transport', 'path']],
  ];
  for (const [schema, value, path] of fields) {
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: ['xrayCabinets', index, ...path], message: issue.message });
    }
  }
}
export type DevicesConfigInput = z.input<typeof DevicesConfig>;

export const NO_DEVICES: DevicesConfig = DevicesConfig.parse({});
