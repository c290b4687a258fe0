import { StationFailure, type Operator } from '../../shared/contract/index.ts';
import type { DeviceSupervisor } from './deviceSupervisor.ts';

type DevicesJson = Record<string, Array<Record<string, unknown>>>;

/** A plain-JSON copy: what leaves for the screen is never the running configuration object itself. */
const copy = (config: unknown): DevicesJson => JSON.parse(JSON.stringify(config)) as DevicesJson;

/** The device configuration as the admin screen reads and changes it. */
export class DeviceConfigService {
  readonly #supervisor: DeviceSupervisor | null;

  /** `supervisor`: null at a station that runs without a device manager (tests, the CLI). */
  constructor(supervisor: DeviceSupervisor | null) {
    this.#supervisor = supervisor;
  }

  #devices(): DeviceSupervisor {
    if (!this.#supervisor) throw new StationFailure('UNAVAILABLE', 'This station runs without a device manager.');
    return this.#supervisor;
  }

  view(): { devices: DevicesJson; simulated: boolean; configFile: string } {
    const supervisor = this.#devices();
    return { devices: copy(supervisor.config), simulated: supervisor.simulated, configFile: supervisor.configFile };
  }

  /** Validates, saves, records and restarts the devices with `next` (see DeviceSupervisor.reconfigure). */
  async configure(next: unknown, operator: Operator): Promise<{ devices: DevicesJson }> {
    const saved = await this.#devices().reconfigure(next, operator);
    return { devices: copy(saved) };
  }
}
