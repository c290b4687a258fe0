// The shape every device driver takes in the registry (drivers.ts): how its config is validated,
// how one is built, how what it reports reaches the manager's one stream, and where it is to be
// found. The manager, discovery and the `devices` CLI read the registry; none names a device kind.
import type { z } from 'zod';
import type { CabinetStatus, DeviceHealth, ScaleReading } from '../../shared/contract/index.ts';
import type { BackoffOptions } from '../devices/index.ts';
import type { HidScaleOptions } from '../devices/index.ts';
import type { HidScale } from '../devices/index.ts';
import type { HidScannerOptions } from '../devices/index.ts';
import type { LabelPrinter, PrinterStatus } from '../devices/index.ts';
import type { SerialScale } from '../devices/index.ts';
import type { XrayImage, XrayWarning } from '../devices/index.ts';
import type { LineProtocolCabinet } from '../devices/index.ts';

/** What the devices report, merged into the manager's stream (health is added per device by the manager). */
export interface DeviceReports {
  scan: { deviceId: string; data: string; symbology: string | null };
  reading: ScaleReading;
  cabinet: CabinetStatus;
  image: XrayImage;
  cabinetWarning: XrayWarning;
  printer: PrinterStatus;
}

export interface DeviceManagerOptions {
  /** Where cabinets copy their images: `<data folder>/xray-images`. */
  imageStore: string;
  /** The largest image file a cabinet's hot folder takes, asked each time (the site setting). */
  hotFolderMaxBytes?: () => number;
  /** Per-device transports for HID devices (demo mode feeds in-memory ones). */
  hidScannerOptions?: Record<string, HidScannerOptions>;
  hidScaleOptions?: Record<string, HidScaleOptions>;
  reconnect?: BackoffOptions;
}

export interface Startable {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export type ScaleDriver = HidScale | SerialScale;

/** Where one device's reports go: the manager's stream, bound to that device. */
export interface DeviceOutlet {
  /** The device's health as it changes: the device bar. */
  health(change: { health: DeviceHealth; detail: string | null }): void;
  report<K extends keyof DeviceReports>(event: K, payload: DeviceReports[K]): void;
  /** Makes the device one that the manager's look-ups (scale(), printer(), cabinet()) find. */
  provides: { scale(device: ScaleDriver): void; printer(device: LabelPrinter): void; cabinet(device: LineProtocolCabinet): void };
}

/** Where a configured device is to be found: what `devices` prints as its address, and checks is there. */
export type DeviceLocation =
  | { link: 'serial'; path: string }
  | { link: 'hid'; role: 'scale' | 'scanner'; selection: { path?: string | undefined; vendorId?: number | undefined; productId?: number | undefined } }
  /** A device node opened as a file (a USB printer class device). */
  | { link: 'node'; path: string }
  /** Only connecting tells whether it answers. */
  | { link: 'network'; host: string; port: number };

export interface DeviceDriver<Config, Device extends Startable> {
  /** The config of one device (from shared/devices, the same one station.json is validated with). */
  configSchema: z.ZodType<Config, unknown>;
  create(config: Config, options: DeviceManagerOptions): Device;
  /** Connects what the device reports to its outlet; health first, so the bar sees every change. */
  wire(device: Device, outlet: DeviceOutlet): void;
  locate(config: Config): DeviceLocation;
  /** HID devices of this kind are recognized by their usage page (discovery's role of a device). */
  hid?: { usagePage: number; role: 'scale' | 'scanner' };
}
