import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSocatPair, ScannerSimulator, SerialScanner, type PtyPair } from '../../hardware/index.ts';
import { Store } from '../store/index.ts';
import type { StationEndpoint } from './connection.ts';
import { Station } from './station.ts';
import { loadStationConfig } from './stationConfig.ts';
import { SopLibrary } from './sopLibrary.ts';

export interface StartStationOptions {
  /** Folder for the database, images and configuration (created owner-only: it holds personal data). */
  dataDir: string;
  /** Explicit database file; defaults to <dataDir>/mailscreen.sqlite. */
  dbPath?: string | undefined;
  /** Simulated devices instead of the configured ones. */
  demo: boolean;
  /** The app's version (Electron: app.getVersion()); read from package.json when not given. */
  version?: string | undefined;
}

export interface RunningStation {
  endpoint: StationEndpoint;
  station: Station;
  close(): Promise<void>;
}

function packageVersion(): string {
  try {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Opens the store, starts the devices and returns the endpoint the hosts connect screens to. */
export async function startStation(options: StartStationOptions): Promise<RunningStation> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const config = loadStationConfig(path.join(options.dataDir, 'station.json'));
  const store = Store.open(options.dbPath ?? path.join(options.dataDir, 'mailscreen.sqlite'));
  const protocols = new SopLibrary({ dataDir: options.dataDir, siteDir: path.join(options.dataDir, 'sop') });
  protocols.load();
  const station = new Station({
    store,
    protocols,
    mode: options.demo ? 'demo' : 'live',
    version: options.version ?? packageVersion(),
    simulatedDevices: options.demo,
    validateContract: process.env.MAILSCREEN_VALIDATE_RESPONSES === '1' || process.env.NODE_ENV === 'development',
  });

  const scanners: SerialScanner[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const addScanner = (scanner: SerialScanner, simulated: boolean) => {
    station.devices.register({ deviceId: scanner.config.id, deviceClass: 'scanner', name: scanner.config.name, simulated });
    scanner.on('status', ({ health, detail }) => station.devices.report(scanner.config.id, { health, detail }));
    station.attachScanner({
      id: scanner.config.id,
      onScan: (listener) => scanner.on('scan', ({ data, symbology }) => listener({ data, symbology })),
    });
    scanners.push(scanner);
    scanner.start();
  };

  try {
    if (options.demo) {
      const pair: PtyPair = await createSocatPair();
      cleanups.push(() => pair.close());
      const simulator = new ScannerSimulator({ path: pair.devicePath, aim: ']C0', terminator: 'CR' });
      await simulator.open();
      cleanups.unshift(() => simulator.close());
      station.scannerSimulator = simulator;
      addScanner(new SerialScanner({ id: 'scanner-sim', name: 'Scanner (simulated, serial)', path: pair.stationPath, terminator: 'CR' }), true);
    } else {
      for (const scannerConfig of config.devices.serialScanners) addScanner(new SerialScanner(scannerConfig), false);
    }
  } catch (error) {
    for (const scanner of scanners) await scanner.stop();
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    station.close();
    throw error;
  }

  return {
    endpoint: station,
    station,
    close: async () => {
      for (const scanner of scanners) await scanner.stop();
      for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      station.close();
    },
  };
}
