import { devicesAsync } from 'node-hid';
import { HID_SCANNER_USAGE, HID_SCANNER_USAGE_PAGE } from '../protocols/hidScanner.ts';
import type { HidDeviceRecord } from './hidScaleDiscovery.ts';

export interface HidScannerInfo {
  path: string;
  vendorId: number;
  productId: number;
  product: string | null;
  manufacturer: string | null;
}

/**
 * HID POS barcode scanners among enumerated devices, matched by collection (usage page 0x8C,
 * usage 0x02) as WebHidBarcodeScanner does, not by a VID:PID list (hardware.md §3.2). A scanner
 * in keyboard mode has no such collection and belongs to the OS (§3.1): it is not listed.
 */
export function selectHidScanners(devices: readonly HidDeviceRecord[]): HidScannerInfo[] {
  const out: HidScannerInfo[] = [];
  for (const d of devices) {
    if (d.usagePage !== HID_SCANNER_USAGE_PAGE || d.usage !== HID_SCANNER_USAGE || !d.path) continue;
    out.push({ path: d.path, vendorId: d.vendorId, productId: d.productId, product: d.product ?? null, manufacturer: d.manufacturer ?? null });
  }
  return out;
}

/** Enumerates the USB bus: slow, so call it on hotplug or a backoff, never in a loop (§6.2). */
export async function findHidScanners(): Promise<HidScannerInfo[]> {
  return selectHidScanners(await devicesAsync());
}
