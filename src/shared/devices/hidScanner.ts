import { z } from 'zod';
import { deviceId, deviceName, hidDeviceSelection, parseDeviceConfig } from './deviceSettings.ts';

// Picked like a HID scale (hardware/devices/hidDevice.ts): path pins one device when several
// scanners are plugged in; otherwise the first one found is used.
export const HidScannerConfig = z.object({
  id: deviceId,
  name: deviceName,
  ...hidDeviceSelection,
});
export type HidScannerConfig = z.infer<typeof HidScannerConfig>;
export type HidScannerConfigInput = z.input<typeof HidScannerConfig>;

export function parseHidScannerConfig(input: unknown): HidScannerConfig {
  return parseDeviceConfig(HidScannerConfig, 'HID scanner', input);
}
