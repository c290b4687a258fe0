import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceManager } from '../../hardware/manager/index.ts';
import { DemoRig, type DemoDeviceId, DEMO_DEVICE_IDS } from '../../hardware/simulators/demoRig.ts';
import { Store } from '../store/index.ts';
import type { StationEndpoint } from './connection.ts';
import { Station, type DemoControls } from './station.ts';
import { loadStationConfig } from './stationConfig.ts';
import { secureDataFolder } from './ownerOnly.ts';
import { SopLibrary } from './sopLibrary.ts';
import { PrintQueue } from './printQueue.ts';
import { cabinetControl, publishPrintJob } from './deviceWiring.ts';
import { subscribeLabelPrinting } from './labelPrinting.ts';
import { LabelService } from './labelService.ts';
import { itemDetail } from './itemDetail.ts';
import { DeviceSupervisor } from './deviceSupervisor.ts';
import { backup, BackupScheduler } from '../records/index.ts';
import { DEFAULT_RESERVE_BYTES, FileReserve, RESERVE_FILE, type DiskSpaceOptions } from './diskSpace.ts';

export interface StartStationOptions {
  /** Folder for the database, images and configuration (created owner-only: it holds personal data). */
  dataDir: string;
  /** Explicit database file; defaults to <dataDir>/mailscreen.sqlite. */
  dbPath?: string | undefined;
  /** Simulated devices instead of the configured ones. */
  demo: boolean;
  /** The app's version (Electron: app.getVersion()); read from package.json when not given. */
  version?: string | undefined;
  /** The shipped resources folder (default SOP files); the checkout's resources/ when not given. */
  resourcesDir?: string | undefined;
  /** The full-disk floor, the reserve's size and how often to measure (tests on a small disk). */
  disk?: (Partial<Pick<DiskSpaceOptions, 'floorBytes' | 'checkMs' | 'measure'>> & { reserveBytes?: number }) | undefined;
}

export interface RunningStation {
  endpoint: StationEndpoint;
  station: Station;
  devices: DeviceManager;
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

function demoControls(rig: DemoRig): DemoControls {
  return {
    scan: (code) => rig.scanner.scan(code),
    scale: (grams) => (grams === null ? rig.scale.remove() : rig.scale.place(grams)),
    cabinet: ({ door, key, fault, threatInNextImage }) => {
      if (door) rig.cabinet.setDoor(door);
      if (key) rig.cabinet.setKey(key);
      if (fault !== undefined) rig.cabinet.setFault(fault);
      if (threatInNextImage !== undefined) rig.cabinet.setThreatInNextScan(threatInNextImage);
    },
    printer: ({ paperOut, headOpen }) => {
      if (paperOut !== undefined) rig.printer.setPaperOut(paperOut);
      if (headOpen !== undefined) rig.printer.setHeadOpen(headOpen);
    },
    setPlugged: async (deviceId, plugged) => {
      if (!(Object.values(DEMO_DEVICE_IDS) as string[]).includes(deviceId)) throw new Error(`no simulated device ${deviceId}`);
      await rig.setPlugged(deviceId as DemoDeviceId, plugged);
    },
  };
}

/** Opens the store, starts the devices (or their simulators) and returns the endpoint the hosts connect screens to. */
export async function startStation(options: StartStationOptions): Promise<RunningStation> {
  secureDataFolder(options.dataDir, options.dbPath ?? path.join(options.dataDir, 'mailscreen.sqlite'));
  const config = loadStationConfig(path.join(options.dataDir, 'station.json'));
  const rig = options.demo ? await DemoRig.start() : null;
  let store: Store | null = null;
  try {
    const { reserveBytes, ...diskWatch } = options.disk ?? {};
    const dbFile = path.resolve(options.dbPath ?? path.join(options.dataDir, 'mailscreen.sqlite'));
    store = Store.open(dbFile);
    const imageStore = path.join(options.dataDir, 'xray-images');
    mkdirSync(imageStore, { recursive: true, mode: 0o700 });
    let supervisor: DeviceSupervisor | null = null;
    const devices = () => supervisor!.manager;
    const protocols = new SopLibrary({
      dataDir: options.dataDir,
      siteDir: path.join(options.dataDir, 'sop'),
      ...(options.resourcesDir ? { defaultsDir: path.join(options.resourcesDir, 'sop') } : {}),
    });
    protocols.load();
    const mode = options.demo ? 'demo' : 'live';
    let station: Station | null = null;
    const stationRef = () => station!;
    const printQueue = new PrintQueue(store, mode, (id) => devices().printer(id) ?? undefined, publishPrintJob(stationRef));
    station = new Station({
      store,
      protocols,
      mode,
      version: options.version ?? packageVersion(),
      simulatedDevices: options.demo,
      validateContract: process.env.MAILSCREEN_VALIDATE_RESPONSES === '1' || process.env.NODE_ENV === 'development',
      cabinets: cabinetControl(devices),
      imageStore,
      backupTarget: () => (config.backup ? { folder: config.backup.folder, keep: config.backup.keep, verifyChain: config.backup.verifyChain } : null),
      // The reserve sits beside the database: it is that disk whose filling must not lock people out.
      disk: { ...diskWatch, reserve: new FileReserve(path.join(path.dirname(dbFile), RESERVE_FILE), reserveBytes ?? DEFAULT_RESERVE_BYTES) },
    });
    station.printQueue = printQueue;
    const built = station;
    station.labels = new LabelService({
      itemDetail: (custodyId) => itemDetail(built.workflow, custodyId),
      incident: (incidentId) => built.incidents.view(incidentId),
      operatorName: (operatorId) => built.store.operators.byId(operatorId)?.name ?? null,
      siteName: () => built.workflow.settings.read().siteName,
      queue: printQueue,
      printer: () => devices().printer(),
    });
    subscribeLabelPrinting(station.workflow.domainEvents, station.labels, () => devices().printer(), (message) => console.error(`mailscreen: ${message}`));
    if (rig) station.demo = demoControls(rig);
    supervisor = new DeviceSupervisor(station, rig ? rig.config : config.devices, {
      configFile: path.join(options.dataDir, 'station.json'),
      simulated: options.demo,
      // Asked at each image: a change of the site setting applies to the next file without a restart.
      manager: { imageStore, hotFolderMaxBytes: () => built.workflow.settings.read().hotFolderMaxMegabytes * 1024 * 1024 },
    });
    station.deviceSupervisor = supervisor;
    supervisor.start();
    printQueue.start();
    const schedule = config.backup;
    const openStore = store;
    const scheduler = schedule
      ? new BackupScheduler({
          schedule,
          run: () => backup({ store: openStore, imageStore, to: schedule.folder, by: 'scheduler', keep: schedule.keep, verifyChain: schedule.verifyChain, mode }),
          onResult: (outcome) => {
            if (!outcome.ok) console.error(`mailscreen: scheduled backup failed: ${outcome.error.message}`);
          },
        })
      : null;
    scheduler?.start();
    const running = station;
    const runningSupervisor = supervisor;
    return {
      endpoint: running,
      station: running,
      get devices() {
        return runningSupervisor.manager;
      },
      close: async () => {
        scheduler?.stop();
        printQueue.stop();
        await runningSupervisor.stop();
        await rig?.stop();
        running.close();
      },
    };
  } catch (error) {
    store?.close();
    await rig?.stop();
    throw error;
  }
}
