import { devicesAsync } from 'node-hid';
import { HID_SCALE_USAGE, HID_SCALE_USAGE_PAGE } from '../protocols/index.ts';
import { selectHidCollection } from './hidDiscovery.ts';
import type { HidDeviceInfo, HidDeviceRecord } from './hidDiscovery.ts';

export type { HidDeviceRecord } from './hidDiscovery.ts';
export type HidScaleInfo = HidDeviceInfo;

/** HID POS scales among enumerated devices: usage page 0x8D "Scales", usage 0x20 "Scale Device" (docs/protocols/hid-pos-scale.md). */
export function selectHidScales(devices: readonly HidDeviceRecord[]): HidScaleInfo[] {
  return selectHidCollection(devices, HID_SCALE_USAGE_PAGE, HID_SCALE_USAGE);
}

/**
 * Enumerates the USB bus (slow: every call is a full enumeration, so call it on a hotplug event or
 * a backoff, never in a tight loop; docs/protocols/linux-usb.md).
 */
export async function findHidScales(): Promise<HidScaleInfo[]> {
  return selectHidScales(await devicesAsync());
}
