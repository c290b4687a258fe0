import { existsSync } from 'node:fs';
import { z } from 'zod';
import { StationFailure, type Operator } from '../../shared/contract/index.ts';
import { DeviceManager, DevicesConfig, type DeviceManagerOptions } from '../../hardware/index.ts';
import { readSiteFileSync } from '../../hardware/index.ts';
import { writeFileAtomically } from '../files/index.ts';
import { loadStationConfig, MAX_STATION_CONFIG_BYTES } from './stationConfig.ts';
import { wireDevices, type DeviceWiringPorts } from './deviceWiring.ts';

/**
 * Owns the running DeviceManager so the admin can change the device configuration without
 * restarting the station: the new configuration is validated, written to station.json (the
 * previous file kept as station.json.bak), audited, and the devices restart with it.
 */
export class DeviceSupervisor {
  readonly #station: DeviceWiringPorts;
  readonly #configFile: string;
  readonly #options: DeviceManagerOptions;
  readonly #simulated: boolean;
  #config: DevicesConfig;
  #manager: DeviceManager;
  #unwire: () => void = () => undefined;

  /** `station`: the parts the devices' events reach (see wireDevices), and where a reconfiguration is recorded. */
  constructor(station: DeviceWiringPorts, config: DevicesConfig, options: { configFile: string; simulated: boolean; manager: DeviceManagerOptions }) {
    this.#station = station;
    this.#configFile = options.configFile;
    this.#options = options.manager;
    this.#simulated = options.simulated;
    this.#config = config;
    this.#manager = this.#build(config);
  }

  get manager(): DeviceManager {
    return this.#manager;
  }

  get config(): DevicesConfig {
    return this.#config;
  }

  get simulated(): boolean {
    return this.#simulated;
  }

  get configFile(): string {
    return this.#configFile;
  }

  #build(config: DevicesConfig): DeviceManager {
    const manager = new DeviceManager(config, this.#options);
    this.#unwire = wireDevices(this.#station, manager, this.#simulated);
    return manager;
  }

  start(): void {
    this.#manager.start();
  }

  async stop(): Promise<void> {
    await this.#manager.stop();
    this.#unwire();
  }

  async reconfigure(raw: unknown, operator: Operator): Promise<DevicesConfig> {
    if (this.#simulated) {
      throw new StationFailure('INVALID_STATE', 'Demo mode runs the simulated devices; device configuration is changed on a station with real devices.');
    }
    const parsed = DevicesConfig.safeParse(raw);
    if (!parsed.success) {
      throw new StationFailure('INVALID_ARGUMENTS', `The device configuration was not saved:\n${z.prettifyError(parsed.error)}`);
    }
    const next = parsed.data;
    this.#write(next);
    const w = this.#station.workflow;
    w.store.transaction(() =>
      w.store.audit.append({
        actor: w.actor(operator),
        kind: 'devices.reconfigured',
        subjectType: 'station',
        subjectId: w.store.stationId,
        mode: w.mode,
        payload: { devices: JSON.parse(JSON.stringify(next)) as Record<string, unknown> },
      }),
    );
    const old = this.#manager;
    await old.stop();
    this.#unwire();
    for (const device of old.devices) this.#station.registry.unregister(device.id);
    this.#config = next;
    this.#manager = this.#build(next);
    this.#manager.start();
    return next;
  }

  /** station.json is replaced whole and atomically; what else it holds is kept. */
  #write(devices: DevicesConfig): void {
    const current = existsSync(this.#configFile) ? loadStationConfig(this.#configFile) : null;
    const text = `${JSON.stringify({ ...(current ?? {}), devices }, null, 2)}\n`;
    if (existsSync(this.#configFile)) writeFileAtomically(`${this.#configFile}.bak`, readSiteFileSync(this.#configFile, { maxBytes: MAX_STATION_CONFIG_BYTES }));
    writeFileAtomically(this.#configFile, text);
  }
}
