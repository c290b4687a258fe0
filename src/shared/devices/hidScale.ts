import { z } from 'zod';
import { deviceId, deviceName, hidDeviceSelection, parseDeviceConfig, scaleCapacityKg } from './deviceSettings.ts';

// A HID scale is found by enumeration (usage page 0x8D); see hardware/devices/hidDevice.ts for how it is picked.
export const HidScaleConfig = z.object({
  id: deviceId,
  name: deviceName,
  ...hidDeviceSelection,
  capacityKg: scaleCapacityKg,
});
export type HidScaleConfig = z.infer<typeof HidScaleConfig>;
export type HidScaleConfigInput = z.input<typeof HidScaleConfig>;

/** Validates a HID scale config; throws an Error that names every bad field. */
export function parseHidScaleConfig(input: unknown): HidScaleConfig {
  return parseDeviceConfig(HidScaleConfig, 'HID scale', input);
}
