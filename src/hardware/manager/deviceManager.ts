import type { DeviceClass, DeviceHealth } from '../../shared/contract/index.ts';
import { DEVICE_LIST_KEYS, DEVICE_LISTS } from '../../shared/devices/index.ts';
import type { DevicesConfig } from '../../shared/devices/index.ts';
import { TypedEmitter } from '../typedEmitter.ts';
import type { LabelPrinter } from '../devices/index.ts';
import type { LineProtocolCabinet } from '../devices/index.ts';
import type { ScanRequestResult } from '../devices/index.ts';
import type { DeviceDriver, DeviceManagerOptions, DeviceOutlet, DeviceReports, ScaleDriver, Startable } from './deviceDriver.ts';
import { DEVICE_DRIVERS } from './drivers.ts';

export type { DeviceManagerOptions } from './deviceDriver.ts';

export interface ManagedDevice {
  id: string;
  deviceClass: DeviceClass;
  name: string;
}

export interface DeviceHealthChange extends ManagedDevice {
  health: DeviceHealth;
  detail: string | null;
}

export interface DeviceManagerEvents extends DeviceReports {
  health: DeviceHealthChange;
}

/**
 * Builds every configured device, starts it, and merges what they report into one stream. Each
 * device reconnects by itself with backoff when unplugged, so a pulled cable shows offline and
 * comes back without a restart; nothing a device does escapes as an exception. Which devices there
 * are, and how each is built and wired, is the driver registry's (drivers.ts).
 */
export class DeviceManager extends TypedEmitter<DeviceManagerEvents> {
  readonly devices: ManagedDevice[] = [];
  readonly #running: Startable[] = [];
  readonly #printers = new Map<string, LabelPrinter>();
  readonly #cabinets = new Map<string, LineProtocolCabinet>();
  readonly #scales = new Map<string, ScaleDriver>();

  constructor(config: DevicesConfig, options: DeviceManagerOptions) {
    super();
    for (const key of DEVICE_LIST_KEYS) {
      // Each list's configs are its driver's own: the registry and the config are keyed alike.
      const driver = DEVICE_DRIVERS[key] as DeviceDriver<DevicesConfig[typeof key][number], Startable>;
      for (const deviceConfig of config[key]) {
        const managed: ManagedDevice = { id: deviceConfig.id, deviceClass: DEVICE_LISTS[key].deviceClass, name: deviceConfig.name };
        const device = driver.create(deviceConfig, options);
        this.devices.push(managed);
        this.#running.push(device);
        driver.wire(device, this.#outlet(managed));
      }
    }
  }

  #outlet(device: ManagedDevice): DeviceOutlet {
    return {
      health: ({ health, detail }) => this.emit('health', { ...device, health, detail }),
      report: (event, payload) => this.emit(event, payload as DeviceManagerEvents[typeof event]),
      provides: {
        scale: (scale) => this.#scales.set(device.id, scale),
        printer: (printer) => this.#printers.set(device.id, printer),
        cabinet: (cabinet) => this.#cabinets.set(device.id, cabinet),
      },
    };
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

  scale(id?: string): ScaleDriver | null {
    return (id ? this.#scales.get(id) : this.#scales.values().next().value) ?? null;
  }

  /** Asks a cabinet (the named one, or the only one) for a scan. */
  async requestScan(id: string | undefined, scanRef: string): Promise<ScanRequestResult & { deviceId: string | null }> {
    const cabinet = this.cabinet(id);
    if (!cabinet) return { accepted: false, reason: 'offline', by: 'station', detail: 'No X-ray cabinet is configured at this station.', deviceId: null };
    return { ...(await cabinet.requestScan(scanRef)), deviceId: cabinet.id };
  }
}
