import { z } from 'zod';
import { SerialScannerConfig } from '../devices/serialScannerConfig.ts';
import { HidScannerConfig } from '../devices/hidScanner.ts';
import { HidScaleConfig } from '../devices/hidScaleConfig.ts';
import { SerialScaleConfig } from '../devices/serialScaleConfig.ts';
import { LabelPrinterConfig } from '../devices/labelPrinterConfig.ts';
import { XrayCabinetConfig } from '../devices/xrayCabinetConfig.ts';

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
  });
export type DevicesConfig = z.infer<typeof DevicesConfig>;
export type DevicesConfigInput = z.input<typeof DevicesConfig>;

export const NO_DEVICES: DevicesConfig = DevicesConfig.parse({});
