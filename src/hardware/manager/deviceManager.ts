import type { CabinetStatus, DeviceClass, DeviceHealth, ScaleReading } from '../../shared/contract/index.ts';
import { TypedEmitter } from '../typedEmitter.ts';
import { SerialScanner } from '../devices/serialScanner.ts';
import { HidScanner, type HidScannerOptions } from '../devices/hidScanner.ts';
import { HidScale, type HidScaleOptions } from '../devices/hidScale.ts';
import { SerialScale } from '../devices/serialScale.ts';
import { LabelPrinter, type PrinterStatus } from '../devices/labelPrinter.ts';
import { LineProtocolCabinet } from '../devices/xrayLineProtocolCabinet.ts';
import type { ScanRequestResult, XrayImage, XrayWarning } from '../devices/xrayCabinet.ts';
import type { BackoffOptions } from '../devices/backoff.ts';
import type { DevicesConfig } from '../../shared/devices/devicesConfig.ts';

export interface ManagedDevice {
  id: string;
  deviceClass: DeviceClass;
  name: string;
}

export interface DeviceHealthChange extends ManagedDevice {
  health: DeviceHealth;
  detail: string | null;
}

export interface DeviceManagerEvents {
  health: DeviceHealthChange;
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

interface Startable {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds every configured device, starts it, and merges what they report into one stream. Each
 * device reconnects by itself with backoff when unplugged, so a pulled cable shows offline and
 * comes back without a restart; nothing a device does escapes as an exception.
 */
export class DeviceManager extends TypedEmitter<DeviceManagerEvents> {
  readonly devices: ManagedDevice[] = [];
  readonly #running: Startable[] = [];
  readonly #printers = new Map<string, LabelPrinter>();
  readonly #cabinets = new Map<string, LineProtocolCabinet>();
  readonly #scales = new Map<string, HidScale | SerialScale>();

  constructor(config: DevicesConfig, options: DeviceManagerOptions) {
    super();
    const reconnect = options.reconnect ? { reconnect: options.reconnect } : {};
    const add = (device: ManagedDevice, startable: Startable, onStatus: (listener: (s: { health: DeviceHealth; detail: string | null }) => void) => void) => {
      this.devices.push(device);
      this.#running.push(startable);
      onStatus(({ health, detail }) => this.emit('health', { ...device, health, detail }));
    };

    for (const c of config.serialScanners) {
      const scanner = new SerialScanner(c, reconnect);
      add({ id: c.id, deviceClass: 'scanner', name: c.name }, scanner, (l) => scanner.on('status', l));
      scanner.on('scan', ({ deviceId, data, symbology }) => this.emit('scan', { deviceId, data, symbology }));
    }
    for (const c of config.hidScanners) {
      const scanner = new HidScanner(c, { ...reconnect, ...options.hidScannerOptions?.[c.id] });
      add({ id: c.id, deviceClass: 'scanner', name: c.name }, scanner, (l) => scanner.on('status', l));
      scanner.on('scan', ({ deviceId, data, symbology }) => this.emit('scan', { deviceId, data, symbology }));
    }
    for (const c of config.hidScales) {
      const scale = new HidScale(c, { ...reconnect, ...options.hidScaleOptions?.[c.id] });
      this.#scales.set(c.id, scale);
      add({ id: c.id, deviceClass: 'scale', name: c.name }, scale, (l) => scale.on('status', l));
      scale.on('reading', (r) => this.emit('reading', r));
    }
    for (const c of config.serialScales) {
      const scale = new SerialScale(c, reconnect);
      this.#scales.set(c.id, scale);
      add({ id: c.id, deviceClass: 'scale', name: c.name }, scale, (l) => scale.on('status', l));
      scale.on('reading', (r) => this.emit('reading', r));
    }
    for (const c of config.labelPrinters) {
      const printer = new LabelPrinter(c, reconnect);
      this.#printers.set(c.id, printer);
      add({ id: c.id, deviceClass: 'printer', name: c.name }, printer, (l) => printer.on('status', l));
      printer.on('status', (s) => this.emit('printer', s));
    }
    for (const c of config.xrayCabinets) {
      const cabinet = new LineProtocolCabinet(c, { imageStore: options.imageStore, ...(options.hotFolderMaxBytes ? { hotFolderMaxBytes: options.hotFolderMaxBytes } : {}), ...reconnect });
      this.#cabinets.set(c.id, cabinet);
      add({ id: c.id, deviceClass: 'xray', name: c.name }, cabinet, (l) => cabinet.on('health', l));
      cabinet.on('status', (s) => this.emit('cabinet', s));
      cabinet.on('image', (i) => this.emit('image', i));
      cabinet.on('warning', (w) => this.emit('cabinetWarning', w));
    }
  }

  start(): void {
    for (const device of this.#running) void device.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.#running.map((device) => device.stop()));
  }

  printer(id?: string): LabelPrinter | null {
    return (id ? this.#printers.get(id) : this.#printers.values().next().value) ?? null;
  }

  printers(): LabelPrinter[] {
    return [...this.#printers.values()];
  }

  cabinet(id?: string): LineProtocolCabinet | null {
    return (id ? this.#cabinets.get(id) : this.#cabinets.values().next().value) ?? null;
  }

  scale(id?: string): HidScale | SerialScale | null {
    return (id ? this.#scales.get(id) : this.#scales.values().next().value) ?? null;
  }

  /** Asks a cabinet (the named one, or the only one) for a scan. */
  async requestScan(id: string | undefined, scanRef: string): Promise<ScanRequestResult & { deviceId: string | null }> {
    const cabinet = this.cabinet(id);
    if (!cabinet) return { accepted: false, reason: 'offline', by: 'station', detail: 'No X-ray cabinet is configured at this station.', deviceId: null };
    return { ...(await cabinet.requestScan(scanRef)), deviceId: cabinet.id };
  }
}
