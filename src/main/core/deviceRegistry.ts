import type { DeviceClass, DeviceHealth, DeviceStatus } from '../../shared/contract/index.ts';
import type { EventBus } from './eventBus.ts';

/** The last status each device reported, for the device bar; every change is published. */
export class DeviceRegistry {
  readonly #statuses = new Map<string, DeviceStatus>();
  readonly #bus: EventBus;
  readonly #now: () => Date;

  constructor(bus: EventBus, now: () => Date) {
    this.#bus = bus;
    this.#now = now;
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
    this.#bus.publish('device.status', status);
  }
}
