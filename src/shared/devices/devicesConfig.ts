import { z } from 'zod';
import type { DeviceClass } from '../contract/index.ts';
import { deviceHost, deviceId, deviceName, devicePath } from './deviceSettings.ts';
import { HidScaleConfig } from './hidScale.ts';
import { HidScannerConfig } from './hidScanner.ts';
import { LabelPrinterConfig } from './labelPrinter.ts';
import { SerialScaleConfig } from './serialScale.ts';
import { SerialScannerConfig } from './serialScanner.ts';
import { XrayCabinetConfig } from './xrayCabinet.ts';

/** What every list of devices in station.json says about itself. */
export interface DeviceListSpec {
  /** The class the device bar and the records know the device by. */
  deviceClass: DeviceClass;
  /** One device's settings, validated field by field. */
  schema: z.ZodType;
  /** The list's heading for the admin. */
  label: string;
  /** One device of the list, in a sentence ("Add a serial scale", "invalid serial scale config"). */
  one: string;
}

/**
 * The kinds of device a station takes, in the order station.json, the admin screen and the CLI list
 * them. Each key is one list of station.json's `devices`; the hardware's driver registry is keyed by
 * the same names, so a device kind added here is one the compiler asks a driver for.
 */
export const DEVICE_LISTS = {
  serialScanners: { deviceClass: 'scanner', schema: SerialScannerConfig, label: 'Serial scanners', one: 'serial scanner' },
  hidScanners: { deviceClass: 'scanner', schema: HidScannerConfig, label: 'HID scanners', one: 'HID scanner' },
  hidScales: { deviceClass: 'scale', schema: HidScaleConfig, label: 'HID scales', one: 'HID scale' },
  serialScales: { deviceClass: 'scale', schema: SerialScaleConfig, label: 'Serial scales', one: 'serial scale' },
  labelPrinters: { deviceClass: 'printer', schema: LabelPrinterConfig, label: 'Label printers', one: 'label printer' },
  xrayCabinets: { deviceClass: 'xray', schema: XrayCabinetConfig, label: 'X-ray cabinets', one: 'X-ray cabinet' },
} as const satisfies Record<string, DeviceListSpec>;

export type DeviceListKey = keyof typeof DEVICE_LISTS;
export const DEVICE_LIST_KEYS = Object.keys(DEVICE_LISTS) as DeviceListKey[];
/** One device's validated config, by the list it is in. */
export type DeviceConfigOf<K extends DeviceListKey> = z.output<(typeof DEVICE_LISTS)[K]['schema']>;

type DeviceListsShape = { [K in DeviceListKey]: z.ZodDefault<z.ZodArray<(typeof DEVICE_LISTS)[K]['schema']>> };
const lists = Object.fromEntries(DEVICE_LIST_KEYS.map((key) => [key, z.array(DEVICE_LISTS[key].schema).default([])])) as DeviceListsShape;

/**
 * Which device is on which port or address, with its line settings: the `devices` part of the
 * station configuration. Every device has an id unique across classes, used in records and events.
 */
export const DevicesConfig = z
  .object(lists)
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
export type DevicesConfigInput = z.input<typeof DevicesConfig>;

/**
 * The X-ray cabinet's schema lives with its hot folder (xrayCabinet.ts); its free text gets the
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

export const NO_DEVICES: DevicesConfig = DevicesConfig.parse({});
