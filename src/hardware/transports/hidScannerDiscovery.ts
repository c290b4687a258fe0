import { devicesAsync } from 'node-hid';
import { HID_SCANNER_USAGE, HID_SCANNER_USAGE_PAGE } from '../protocols/index.ts';
import { selectHidCollection } from './hidDiscovery.ts';
import type { HidDeviceInfo, HidDeviceRecord } from './hidDiscovery.ts';

export type HidScannerInfo = HidDeviceInfo;

/**
 * HID POS barcode scanners among enumerated devices: usage page 0x8C, usage 0x02, as
 * WebHidBarcodeScanner matches them (docs/protocols/barcode-scanners.md, "HID POS scanners"). A scanner in keyboard
 * mode has no such collection and belongs to the OS (same file, "Keyboard-wedge scanners"): it is not listed.
 */
export function selectHidScanners(devices: readonly HidDeviceRecord[]): HidScannerInfo[] {
  return selectHidCollection(devices, HID_SCANNER_USAGE_PAGE, HID_SCANNER_USAGE);
}

/** Enumerates the USB bus: slow, so call it on hotplug or a backoff, never in a loop (§6.2). */
export async function findHidScanners(): Promise<HidScannerInfo[]> {
  return selectHidScanners(await devicesAsync());
}
