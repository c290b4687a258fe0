import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceManager } from '../../hardware/index.ts';
import { DemoRig } from '../../hardware/index.ts';
import { stderrLog } from '../log.ts';
import { ChainWatch, Store } from '../store/index.ts';
import type { StationEndpoint } from './connection.ts';
import { Station } from './station.ts';
import { loadStationConfig, StationConfigInvalid } from './stationConfig.ts';
import { fileInFolder, readSiteFileSync, siteFileText } from '../../hardware/index.ts';
import { onSiteRoster, PostgresSiteCustody, PostgresSiteDirectory, PostgresSiteLink, PostgresSiteReviews, PostgresSiteRoster, redactSecrets, RosterSync, SiteDirectorySync, type SiteConnection, type SiteDirectory, type SiteLink, type SiteReviews, type SiteRoster } from '../site/index.ts';
import { secureDataFolder } from './ownerOnly.ts';
import { SopLibrary } from './sopLibrary.ts';
import { demoControls } from './demoControls.ts';
import { backup, BackupScheduler } from '../records/index.ts';
import { DEFAULT_RESERVE_BYTES, FileReserve, RESERVE_FILE, type DiskSpaceOptions } from './diskSpace.ts';
import { MemoryRelease } from './memoryRelease.ts';

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
  /**
   * Opens the link to the site database of station.json's `"site"` (the PostgreSQL one; a test's
   * fake). Asked only when a site is configured: a station alone opens nothing.
   */
  openSiteLink?: ((site: SiteConnection) => SiteLink) | undefined;
  /**
   * Opens the site's operator roster (the PostgreSQL one when the host gives no site link of its
   * own; none with a test's fake link unless the test gives one too).
   */
  openSiteRoster?: ((site: SiteConnection) => SiteRoster) | undefined;
  /** Opens the site's recipient directory (as the roster: the PostgreSQL one unless the host gives its own link). */
  openSiteDirectory?: ((site: SiteConnection) => SiteDirectory) | undefined;
  /** Opens the site's remote second reviews (the PostgreSQL ones when the host gives no site link of its own). */
  openSiteReviews?: ((site: SiteConnection, stationId: string) => SiteReviews) | undefined;
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

/** The mail server's CA file: a bare name in the data folder, read as a site file (no symlink, at most 256 KB). */
function noticeCa(dataDir: string, caFile: string | undefined): string | null {
  if (caFile === undefined) return null;
  try {
    return siteFileText(readSiteFileSync(fileInFolder(dataDir, caFile), { maxBytes: 256 * 1024 }));
  } catch (error) {
    throw new StationConfigInvalid(`station.json: notices.smtp.caFile: ${(error as Error).message}. Put the CA certificate (PEM) in the data folder and name it there.`);
  }
}

/** The roster's copy at this station: its operators are managed at the site, changes applied as they come, sessions of changed operators ended. */
function siteRosterSync(station: Station, roster: SiteRoster, redact: (text: string) => string, mode: 'demo' | 'live', log: ReturnType<typeof stderrLog>): RosterSync {
  station.operators.manageRosterAtSite((operatorId) => onSiteRoster(station.store, operatorId));
  const sync = new RosterSync({
    store: station.store,
    roster,
    mode,
    log: log.as('site roster'),
    redact,
    onApplied: (operatorIds) => {
      for (const id of operatorIds) station.sessions.endFor(id);
    },
  });
  sync.start();
  return sync;
}

/** The site directory's copy at this station: its directory is the site's, revisions applied as they come, local changes refused. */
function siteDirectorySync(station: Station, directory: SiteDirectory, redact: (text: string) => string, mode: 'demo' | 'live', log: ReturnType<typeof stderrLog>): SiteDirectorySync {
  station.directory.manageAtSite();
  const sync = new SiteDirectorySync({ store: station.store, directory, mode, log: log.as('site directory'), redact });
  sync.start();
  return sync;
}

/**
 * Opens the store, starts the devices (or their simulators) and returns the endpoint the hosts
 * connect screens to. The files and folders come from the data folder; the station itself is
 * composed in one place, Station's constructor.
 */
export async function startStation(options: StartStationOptions): Promise<RunningStation> {
  secureDataFolder(options.dataDir, options.dbPath ?? path.join(options.dataDir, 'mailscreen.sqlite'));
  const configFile = path.join(options.dataDir, 'station.json');
  const config = loadStationConfig(configFile);
  const log = stderrLog();
  const rig = options.demo ? await DemoRig.start() : null;
  let store: Store | null = null;
  let rosterSync: RosterSync | null = null;
  let directorySync: SiteDirectorySync | null = null;
  try {
    const { reserveBytes, ...diskWatch } = options.disk ?? {};
    const dbFile = path.resolve(options.dbPath ?? path.join(options.dataDir, 'mailscreen.sqlite'));
    store = Store.open(dbFile);
    const imageStore = path.join(options.dataDir, 'xray-images');
    mkdirSync(imageStore, { recursive: true, mode: 0o700 });
    const protocols = new SopLibrary({
      dataDir: options.dataDir,
      siteDir: path.join(options.dataDir, 'sop'),
      ...(options.resourcesDir ? { defaultsDir: path.join(options.resourcesDir, 'sop') } : {}),
      log: log.as('SOP'),
    });
    protocols.load();
    const mode = options.demo ? 'demo' : 'live';
    const site = config.site ?? null;
    // The site's PostgreSQL database, unless the host gives another link (a test's fake).
    const openSiteLink = options.openSiteLink ?? ((connection: SiteConnection) => new PostgresSiteLink(connection.postgres, { applicationName: `mailscreen-station ${store?.stationId ?? ''}`.trim() }));
    const openSiteReviews = options.openSiteReviews ?? (options.openSiteLink ? null : (connection: SiteConnection, stationId: string) => new PostgresSiteReviews(connection.postgres, stationId));
    const station = new Station({
      store,
      protocols,
      mode,
      version: options.version ?? packageVersion(),
      simulatedDevices: options.demo,
      scanTerminator: config.wedge.terminator,
      webhooks: config.webhooks,
      // With a site, the directory is the site's (its LDAP sync runs there: site directory sync).
      ...(config.directory?.ldap && !site ? { directorySync: { settings: config.directory.ldap, dataFolder: options.dataDir } } : {}),
      ...(config.notices ? { notices: { settings: config.notices, ca: noticeCa(options.dataDir, config.notices.smtp.caFile) } } : {}),
      validateContract: process.env.MAILSCREEN_VALIDATE_RESPONSES === '1' || process.env.NODE_ENV === 'development',
      devices: { config: rig ? rig.config : config.devices, configFile, simulated: options.demo, manager: { imageStore }, demo: rig ? demoControls(rig) : null },
      imageStore,
      site: site
        ? {
            link: openSiteLink(site),
            redact: (text) => redactSecrets(text, site.postgres),
            reviews: openSiteReviews ? openSiteReviews(site, store.stationId) : null,
            // The site's custody pairs, on the site's PostgreSQL database (none when the host gives another link: a test's fake).
            ...(options.openSiteLink ? {} : { custody: new PostgresSiteCustody(site.postgres, { applicationName: `mailscreen-station ${store?.stationId ?? ''} custody`.trim() }) }),
          }
        : null,
      backupTarget: () => (config.backup ? { folder: config.backup.folder, keep: config.backup.keep, verifyChain: config.backup.verifyChain } : null),
      log,
      // The reserve sits beside the database: it is that disk whose filling must not lock people out.
      disk: { ...diskWatch, reserve: new FileReserve(path.join(path.dirname(dbFile), RESERVE_FILE), reserveBytes ?? DEFAULT_RESERVE_BYTES) },
    });
    const supervisor = station.deviceSupervisor;
    if (!supervisor) throw new Error('startStation: a station given devices has a device supervisor');
    station.start();
    // With a site, the operators are the site roster's: kept here as its last copy (rosterSync.ts).
    const openSiteRoster = options.openSiteRoster ?? (options.openSiteLink ? null : (connection: SiteConnection) => new PostgresSiteRoster(connection.postgres, { applicationName: `mailscreen-station ${store?.stationId ?? ''} roster`.trim() }));
    rosterSync = site && openSiteRoster ? siteRosterSync(station, openSiteRoster(site), (text) => redactSecrets(text, site.postgres), mode, log) : null;
    const openRosterSync = rosterSync;
    const openSiteDirectory = options.openSiteDirectory ?? (options.openSiteLink ? null : (connection: SiteConnection) => new PostgresSiteDirectory(connection.postgres, { applicationName: `mailscreen-station ${store?.stationId ?? ''} directory`.trim() }));
    if (site && config.directory?.ldap) log.as('site directory').warn('station.json\'s directory.ldap is not used by a station in a site: the directory is the site\'s, synced there (site directory sync)');
    directorySync = site && openSiteDirectory ? siteDirectorySync(station, openSiteDirectory(site), (text) => redactSecrets(text, site.postgres), mode, log) : null;
    const openDirectorySync = directorySync;
    const schedule = config.backup;
    const openStore = store;
    const scheduler = schedule
      ? new BackupScheduler({
          schedule,
          run: () => backup({ store: openStore, imageStore, to: schedule.folder, by: 'scheduler', keep: schedule.keep, verifyChain: schedule.verifyChain, mode }),
          onResult: (outcome) => {
            if (!outcome.ok) log.error(`scheduled backup failed: ${outcome.error.message}`);
          },
        })
      : null;
    scheduler?.start();
    // The everyday check of the audit chain: at start, then hourly, what is new since the last checkpoint.
    const chainLog = log.as('audit chain');
    const chainWatch = new ChainWatch({
      db: openStore.db,
      onResult: (verdict) => {
        if (!verdict.ok) chainLog.error(`${verdict.problems.join('; ')} — run \`verify --db <file> --full\` and restore from a backup if it fails`);
      },
      onError: (error) => chainLog.error('the check could not run', error),
    });
    chainWatch.start();
    // Memory given back at idle moments after work that took a lot (memoryRelease.ts): every screen's calls count.
    const memory = new MemoryRelease();
    const endpoint: StationEndpoint = {
      connect: () => {
        const connection = station.connect();
        return {
          ...connection,
          call: (command, args) => {
            memory.callStarted();
            return connection.call(command, args).finally(() => memory.callEnded());
          },
        };
      },
    };
    return {
      endpoint,
      station,
      get devices() {
        return supervisor.manager;
      },
      close: async () => {
        memory.stop();
        chainWatch.stop();
        scheduler?.stop();
        await openRosterSync?.stop();
        await openDirectorySync?.stop();
        await station.shutdown();
        await rig?.stop();
      },
    };
  } catch (error) {
    await rosterSync?.stop();
    await directorySync?.stop();
    store?.close();
    await rig?.stop();
    throw error;
  }
}
