import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DevicesConfig } from '../../shared/devices/index.ts';
import { DevicesConfig as DevicesConfigSchema } from '../../shared/devices/index.ts';
import { createSocatPair, type PtyPair } from './socatPair.ts';
import { ScannerSimulator } from './scannerSimulator.ts';
import { SerialScaleSimulator } from './serialScaleSimulator.ts';
import { XrayCabinetSimulator } from './xrayCabinetSimulator.ts';
import { ZplPrinterSimulator } from './zplPrinterSimulator.ts';

export const DEMO_DEVICE_IDS = {
  scanner: 'scanner-sim',
  scale: 'scale-sim',
  printer: 'printer-sim',
  cabinet: 'xray-sim',
} as const;
export type DemoDeviceId = (typeof DEMO_DEVICE_IDS)[keyof typeof DEMO_DEVICE_IDS];

/** A pty pair at a fixed folder, so an "unplug" (socat gone) and a "replug" (new socat) reuse the same paths. */
class PluggablePair {
  readonly dir: string;
  pair: PtyPair | null = null;

  constructor(dir: string) {
    this.dir = dir;
  }

  get devicePath(): string {
    return path.join(this.dir, 'device');
  }

  get stationPath(): string {
    return path.join(this.dir, 'station');
  }

  async plug(): Promise<void> {
    if (!this.pair) this.pair = await createSocatPair({ dir: this.dir });
  }

  async unplug(): Promise<void> {
    await this.pair?.close();
    this.pair = null;
  }
}

/**
 * Every device class, simulated over the transports the real ones use: a serial scanner and an
 * MT-SICS scale on socat pty pairs, a ZPL printer and an X-ray cabinet (with its hot folder) on
 * loopback TCP. Demo mode runs the station's real drivers against these.
 */
export class DemoRig {
  readonly config: DevicesConfig;
  readonly scanner: ScannerSimulator;
  readonly scale: SerialScaleSimulator;
  readonly printer: ZplPrinterSimulator;
  readonly cabinet: XrayCabinetSimulator;
  readonly #root: string;
  readonly #scannerLine: PluggablePair;
  readonly #scaleLine: PluggablePair;

  private constructor(root: string, scannerLine: PluggablePair, scaleLine: PluggablePair, printer: ZplPrinterSimulator, cabinet: XrayCabinetSimulator) {
    this.#root = root;
    this.#scannerLine = scannerLine;
    this.#scaleLine = scaleLine;
    this.printer = printer;
    this.cabinet = cabinet;
    this.scanner = new ScannerSimulator({ path: scannerLine.devicePath, aim: ']C0', terminator: 'CR' });
    this.scale = new SerialScaleSimulator({ path: scaleLine.devicePath, protocol: 'mt-sics', capacityGrams: 30_000 });
    this.config = DevicesConfigSchema.parse({
      serialScanners: [{ id: DEMO_DEVICE_IDS.scanner, name: 'Scanner (simulated, serial)', path: scannerLine.stationPath, terminator: 'CR' }],
      serialScales: [{ id: DEMO_DEVICE_IDS.scale, name: 'Scale (simulated, MT-SICS)', path: scaleLine.stationPath, protocol: 'mt-sics', pollMs: 200 }],
      labelPrinters: [{ id: DEMO_DEVICE_IDS.printer, name: 'Label printer (simulated, ZPL)', transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port }, statusPollMs: 1000 }],
      xrayCabinets: [
        {
          id: DEMO_DEVICE_IDS.cabinet,
          name: 'X-ray cabinet (simulated)',
          transport: { kind: 'tcp', host: '127.0.0.1', port: cabinet.port },
          hotFolder: path.join(root, 'xray-hot-folder'),
          heartbeatMs: 1000,
          offlineAfterMs: 3000,
        },
      ],
    });
  }

  static async start(): Promise<DemoRig> {
    const root = await mkdtemp(path.join(tmpdir(), 'mailscreen-demo-'));
    const scannerLine = new PluggablePair(path.join(root, 'scanner'));
    const scaleLine = new PluggablePair(path.join(root, 'scale'));
    const { mkdir } = await import('node:fs/promises');
    await Promise.all([mkdir(scannerLine.dir), mkdir(scaleLine.dir), mkdir(path.join(root, 'xray-hot-folder'))]);
    await Promise.all([scannerLine.plug(), scaleLine.plug()]);
    const printer = new ZplPrinterSimulator({ printMs: 300 });
    await printer.start();
    const cabinet = new XrayCabinetSimulator({ hotFolder: path.join(root, 'xray-hot-folder'), model: 'DemoRay-100', serial: 'SIM-0001', exposureMs: 800 });
    await cabinet.start();
    const rig = new DemoRig(root, scannerLine, scaleLine, printer, cabinet);
    await Promise.all([rig.scanner.open(), rig.scale.open()]);
    return rig;
  }

  /** Pulls or puts back a device's cable: its link goes away and comes back, the station must notice. */
  async setPlugged(deviceId: DemoDeviceId, plugged: boolean): Promise<void> {
    switch (deviceId) {
      case DEMO_DEVICE_IDS.scanner:
        return this.#replug(this.#scannerLine, this.scanner, plugged);
      case DEMO_DEVICE_IDS.scale:
        return this.#replug(this.#scaleLine, this.scale, plugged);
      case DEMO_DEVICE_IDS.printer:
        return plugged ? void (await this.printer.start()) : this.printer.stop();
      case DEMO_DEVICE_IDS.cabinet:
        return plugged ? this.cabinet.start() : this.cabinet.stop();
    }
  }

  async #replug(line: PluggablePair, simulator: { open(): Promise<void>; close(): Promise<void> }, plugged: boolean): Promise<void> {
    if (plugged) {
      await line.plug();
      await simulator.open();
    } else {
      await simulator.close();
      await line.unplug();
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.scanner.close(), this.scale.close()]);
    await Promise.allSettled([this.#scannerLine.unplug(), this.#scaleLine.unplug(), this.printer.stop(), this.cabinet.stop()]);
    await rm(this.#root, { recursive: true, force: true });
  }
}
