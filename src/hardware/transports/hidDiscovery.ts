/** A HID device found by enumeration, as the device drivers pick and open it. */
export interface HidDeviceInfo {
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
 * The devices that expose one top-level collection. HID POS devices are matched by collection, not
 * by a VID:PID list, which is never complete (docs/protocols/hid-pos-scale.md, barcode-scanners.md). On Linux usagePage/usage are
 * filled in only by the default hidraw driver; a record with no path cannot be opened, so it is left out.
 */
export function selectHidCollection(devices: readonly HidDeviceRecord[], usagePage: number, usage: number): HidDeviceInfo[] {
  const found: HidDeviceInfo[] = [];
  for (const d of devices) {
    if (d.usagePage !== usagePage || d.usage !== usage || !d.path) continue;
    found.push({ path: d.path, vendorId: d.vendorId, productId: d.productId, product: d.product ?? null, manufacturer: d.manufacturer ?? null });
  }
  return found;
}
