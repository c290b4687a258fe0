import { SerialPort } from 'serialport';
import HID from 'node-hid';
import { DEVICE_DRIVERS } from './drivers.ts';

export interface SerialCandidate {
  kind: 'serial';
  path: string;
  vendorId: string | null;
  productId: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
}

export interface HidCandidate {
  kind: 'hid';
  path: string;
  vendorId: string;
  productId: string;
  manufacturer: string | null;
  product: string | null;
  usagePage: number | null;
  usage: number | null;
  /** What the usage page says the device is: the way to find scales and scanners without a vendor list. */
  role: 'scale' | 'scanner' | null;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** The usage pages that say what a HID device is, from the drivers that find their devices by one. */
const HID_ROLES: ReadonlyMap<number, 'scale' | 'scanner'> = new Map(
  Object.values(DEVICE_DRIVERS).flatMap((driver) => (driver.hid ? [[driver.hid.usagePage, driver.hid.role] as const] : [])),
);

/** What the admin can pick from: serial ports and HID devices with their VID/PID, never throws. */
export async function discoverDevices(): Promise<{ serial: SerialCandidate[]; hid: HidCandidate[]; errors: string[] }> {
  const errors: string[] = [];
  let serial: SerialCandidate[] = [];
  let hid: HidCandidate[] = [];
  try {
    serial = (await SerialPort.list()).map((p) => ({
      kind: 'serial' as const,
      path: p.path,
      vendorId: p.vendorId ?? null,
      productId: p.productId ?? null,
      manufacturer: p.manufacturer ?? null,
      serialNumber: p.serialNumber ?? null,
    }));
  } catch (error) {
    errors.push(`serial ports could not be listed: ${(error as Error).message}`);
  }
  try {
    hid = (await HID.devicesAsync())
      .filter((d) => d.path)
      .map((d) => ({
        kind: 'hid' as const,
        path: d.path!,
        vendorId: hex4(d.vendorId),
        productId: hex4(d.productId),
        manufacturer: d.manufacturer ?? null,
        product: d.product ?? null,
        usagePage: d.usagePage ?? null,
        usage: d.usage ?? null,
        role: d.usagePage === undefined ? null : (HID_ROLES.get(d.usagePage) ?? null),
      }));
  } catch (error) {
    errors.push(`HID devices could not be listed: ${(error as Error).message}`);
  }
  return { serial, hid, errors };
}
