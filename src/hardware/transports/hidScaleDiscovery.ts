import { devicesAsync } from 'node-hid';
import { HID_SCALE_USAGE, HID_SCALE_USAGE_PAGE } from '../protocols/hidScale.ts';

export interface HidScaleInfo {
  path: string;
  vendorId: number;
  productId: number;
  product: string | null;
  manufacturer: string | null;
}

/** The subset of node-hid's device record discovery looks at (so tests can pass plain objects). */
export interface HidDeviceRecord {
  path?: string | undefined;
  vendorId: number;
  productId: number;
  product?: string | undefined;
  manufacturer?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/**
 * HID POS scales among enumerated devices, matched by their collection (usage page 0x8D "Scales",
 * usage 0x20 "Scale Device") rather than a VID:PID list, which is never complete (hardware.md §1.1,
 * §1.5). On Linux usagePage/usage are filled in only by the default hidraw driver.
 */
export function selectHidScales(devices: readonly HidDeviceRecord[]): HidScaleInfo[] {
  const scales: HidScaleInfo[] = [];
  for (const d of devices) {
    if (d.usagePage !== HID_SCALE_USAGE_PAGE || d.usage !== HID_SCALE_USAGE || !d.path) continue;
    scales.push({ path: d.path, vendorId: d.vendorId, productId: d.productId, product: d.product ?? null, manufacturer: d.manufacturer ?? null });
  }
  return scales;
}

/**
 * Enumerates the USB bus (slow: every call is a full enumeration, so call it on a hotplug event or
 * a backoff, never in a tight loop; hardware.md §6.2).
 */
export async function findHidScales(): Promise<HidScaleInfo[]> {
  return selectHidScales(await devicesAsync());
}
