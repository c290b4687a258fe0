import type { DeviceClass, DeviceHealth, DeviceStatus } from '../../shared/contract/index.ts';
import type { EventBus } from './eventBus.ts';
import { stderrLog, type Log } from '../log.ts';

/** The last status each device reported, for the device bar; every change is published. */
export class DeviceRegistry {
  readonly #statuses = new Map<string, DeviceStatus>();
  readonly #bus: EventBus;
  readonly #now: () => Date;
  readonly #onChange: (status: DeviceStatus) => void;

  /** `onChange` keeps the health history (uptime); it must not throw into device I/O. */
  readonly #log: Log;

  constructor(bus: EventBus, now: () => Date, onChange: (status: DeviceStatus) => void = () => undefined, log: Log = stderrLog()) {
    this.#log = log;
    this.#bus = bus;
    this.#now = now;
    this.#onChange = onChange;
  }

  register(device: { deviceId: string; deviceClass: DeviceClass; name: string; simulated: boolean }): void {
    this.#set({ ...device, health: 'offline', detail: 'starting', lastReading: null, at: this.#now().toISOString() });
  }

  /** A device taken out of the configuration: its last status says so, then it is gone from the list. */
  unregister(deviceId: string): void {
    const current = this.#statuses.get(deviceId);
    if (!current) return;
    this.#bus.publish('device.status', { ...current, health: 'offline', detail: 'removed from the configuration', at: this.#now().toISOString() });
    this.#statuses.delete(deviceId);
  }

  report(deviceId: string, change: { health?: DeviceHealth; detail?: string | null; lastReading?: string | null }): void {
    const current = this.#statuses.get(deviceId);
    if (!current) return;
    this.#set({ ...current, ...change, at: this.#now().toISOString() });
  }

  list(): DeviceStatus[] {
    return [...this.#statuses.values()];
  }

  #set(status: DeviceStatus): void {
    this.#statuses.set(status.deviceId, status);
    try {
      this.#onChange(status);
    } catch (error) {
      this.#log.error(`device health history not recorded: ${(error as Error).message}`);
    }
    this.#bus.publish('device.status', status);
  }
}
