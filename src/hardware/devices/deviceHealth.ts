import type { DeviceHealth } from '../../shared/contract/index.ts';

/** What a scanner, scale or cabinet driver reports about itself (ScannerStatus, ScaleStatus, XrayHealth). */
export interface DeviceHealthStatus {
  deviceId: string;
  health: DeviceHealth;
  /** Why the device is not online, in words an operator or admin can act on; null when online. */
  detail: string | null;
}

/**
 * A driver's current health. set() answers with the new status only when health or detail
 * changed, because drivers promise never to repeat a `status` event for the same state.
 */
export class DeviceHealthState {
  #status: DeviceHealthStatus;

  constructor(deviceId: string) {
    this.#status = { deviceId, health: 'offline', detail: 'not started' };
  }

  /** A copy: callers may keep or change it. */
  get current(): DeviceHealthStatus {
    return { ...this.#status };
  }

  set(health: DeviceHealth, detail: string | null): DeviceHealthStatus | null {
    if (this.#status.health === health && this.#status.detail === detail) return null;
    this.#status = { deviceId: this.#status.deviceId, health, detail };
    return { ...this.#status };
  }
}
