import path from 'node:path';
import { events, type CabinetStatus, type EventName, type RecordMode, type StationInfo } from '../../shared/contract/index.ts';
import { CustodyFollower, Publisher, RemoteReviewFollower, type PublisherOptions, type SiteCustody, type SiteLink, type SiteReviews } from '../site/index.ts';
import type { ScanTerminator } from '../../shared/domain/index.ts';
import type { DeviceManagerOptions, DevicesConfig } from '../../hardware/index.ts';
import type { Session } from '../commands/index.ts';
import { Disposables } from '../disposables.ts';
import { stderrLog, type Log } from '../log.ts';
import type { Store } from '../store/index.ts';
import { DeviceHealthLog } from '../store/index.ts';
import { ReportService } from '../reports/index.ts';
import { RecordsService, type BackupTarget } from '../records/index.ts';
import type { StationConnection, StationEndpoint } from './connection.ts';
import { createDispatcher, type Dispatch } from './dispatcher.ts';
import { CallScheduler, type CallLimits } from './callQueue.ts';
import { commandHandlers } from './handlers/index.ts';
import { EventBus } from './eventBus.ts';
import { Sessions } from './sessions.ts';
import { OperatorService } from './operatorService.ts';
import { IntakeService } from './intakeService.ts';
import { DeviceRegistry } from './deviceRegistry.ts';
import { WorkflowContext } from './workflowContext.ts';
import { ScreeningService, type CabinetControl } from './screeningService.ts';
import { IncidentService, type ProtocolSource } from './incidentService.ts';
import { CustodyService } from './custodyService.ts';
import { StationTransfers } from './custodyBetweenStations.ts';
import { CollectionService } from './collectionService.ts';
import { CollectionReceipts } from './collectionReceipt.ts';
import { collectionReceiptZpl } from './collectionLabel.ts';
import { ScaleReadings } from './scaleReadings.ts';
import { PrintQueue } from './printQueue.ts';
import { DeviceSupervisor } from './deviceSupervisor.ts';
import { cabinetControl, type DeviceWiringPorts } from './deviceWiring.ts';
import { subscribeLabelPrinting } from './labelPrinting.ts';
import { subscribeWebhooks } from './webhookReactions.ts';
import { DirectoryService, NoticeDeliveries, WebhookDeliveries, type DirectorySyncScheduler, type LdapDirectorySettings, type NoticeSettings, type RecipientLookup, type WebhookEndpoint } from '../notify/index.ts';
import { NoticeReactions } from './noticeReactions.ts';
import { directorySyncScheduler } from './directorySync.ts';
import type { JobQueueOptions } from '../jobs/index.ts';
import { DeviceConfigService } from './deviceConfigService.ts';
import { LabelService } from './labelService.ts';
import { SiteSettingsService } from './siteSettingsService.ts';
import { scanRouting, type ScanRouting } from './hardwareScan.ts';
import { itemDetail } from './itemDetail.ts';
import { reportSources } from './reportSources.ts';
import type { DemoControls } from './demoControls.ts';
import { DiskSpace, GB, refuseOnFullDisk, type DiskSpaceOptions } from './diskSpace.ts';
import { applyRemoteReview } from './remoteReview.ts';

/** The station's devices, real or simulated. Without them the station runs with none (tests, benchmarks). */
export interface StationDevices {
  config: DevicesConfig;
  /** station.json: where a reconfiguration from the admin screen is saved. */
  configFile: string;
  /** The simulators, not real devices: their configuration is not changed from the screen. */
  simulated: boolean;
  /** The hot folder's size limit is the site setting's, added by the station. */
  manager: Omit<DeviceManagerOptions, 'hotFolderMaxBytes'>;
  /** The demo drawer's controls of the simulators (demo mode only). */
  demo?: DemoControls | null;
}

/** The site this station publishes its record to (station.json `"site"`). */
export interface StationSite {
  /** The way to the site database (the PostgreSQL one, or a test's); the station closes it. */
  link: SiteLink;
  /** Takes the site's password out of a line before it is logged or shown. */
  redact: (text: string) => string;
  /** The site's custody pairs (custody between stations); none: hand-overs to another station are recorded, receipts are taken from the paperwork. */
  custody?: SiteCustody;
  /** The publisher's batch size, waits and timeouts (tests); its defaults otherwise. */
  tuning?: Partial<Pick<PublisherOptions, 'batchSize' | 'retry' | 'callTimeoutMs' | 'pollMs' | 'statusEveryMs'>>;
  /** The site's remote second reviews (answers to this station's inconclusive scans, the queue for its reviewers); none when not given. The station closes it. */
  reviews?: SiteReviews | null;
  /** How often answers to this station's scans are read (5 s). */
  reviewPollMs?: number;
  /** How often the site's stations and the hand-overs arriving here are read (5 s). */
  custodyPollMs?: number;
}

export interface StationOptions {
  store: Store;
  mode: RecordMode;
  version: string;
  simulatedDevices: boolean;
  /** What ends a keyboard-wedge scan (station.json `wedge.terminator`); Enter by default. */
  scanTerminator?: ScanTerminator;
  validateContract: boolean;
  protocols: ProtocolSource;
  /** The devices, their print queue and labels; none when not given. */
  devices?: StationDevices;
  /** A cabinet stand-in (tests); by default the devices' cabinets, or none. */
  cabinets?: CabinetControl;
  /** `<data>/xray-images`, for backups and purges; null when the station keeps no images. */
  imageStore?: string | null;
  /** Where an on-demand backup goes: the site's configured backup folder. */
  backupTarget?: () => BackupTarget | null;
  now?: () => Date;
  /** Where the station's lines go: stderr by default. */
  log?: Log;
  /** How often idle sessions are checked for auto-lock; 0 turns the timer off (tests drive it). */
  idleCheckMs?: number;
  /**
   * One operator at a time (the default, and what both hosts get): a login on one screen locks the
   * others. False only for tests that drive several operators' screens side by side for convenience.
   */
  oneOperatorAtATime?: boolean;
  /** The data folder's disk watch: by default the database's folder, every 30 s, with no reserve. */
  disk?: Partial<Pick<DiskSpaceOptions, 'folder' | 'measure' | 'reserve' | 'floorBytes' | 'checkMs'>>;
  /** How many calls one screen may have waiting and running (default: DEFAULT_CALL_LIMITS). */
  callLimits?: CallLimits;
  /** The site's other systems told of items and incidents (station.json `webhooks`); none by default. */
  webhooks?: readonly WebhookEndpoint[];
  /** E-mail notices (station.json `notices`, its CA file's content); they address the station's directory unless given another. None by default. */
  /** The directory's scheduled LDAP sync (station.json `directory.ldap`, its password file in the data folder); none by default. */
  directorySync?: { settings: LdapDirectorySettings; dataFolder: string; startDelayMs?: number };
  notices?: { settings: NoticeSettings; ca: string | null; recipients?: RecipientLookup; queue?: JobQueueOptions; timeoutMs?: number };
  /** The site to publish to; none (a station alone, nothing of the site starts) when absent. */
  site?: StationSite | null;
}

/** How often reminders and escalations are looked for: they are counted in days, so hourly is prompt enough. */
const NOTICE_SCHEDULE_MS = 60 * 60 * 1000;

const NO_CABINET: CabinetControl = {
  requestScan: async () => ({ accepted: false, reason: 'no X-ray cabinet is configured at this station' }),
};

/**
 * The composition root of the station core: store, services, devices and the connected screens,
 * built once, in dependency order, by the constructor; each part receives the narrow ports it
 * uses, never the station. Hosts reach it only through connect().
 */
export class Station implements StationEndpoint {
  readonly store: Store;
  readonly mode: RecordMode;
  readonly log: Log;
  readonly bus: EventBus;
  readonly workflow: WorkflowContext;
  readonly disk: DiskSpace;
  readonly site: SiteSettingsService;
  readonly operators: OperatorService;
  readonly sessions: Sessions;
  readonly intake: IntakeService;
  readonly incidents: IncidentService;
  readonly protocols: ProtocolSource;
  readonly scales: ScaleReadings;
  /** The last status each X-ray cabinet reported, as reported. */
  readonly cabinets = new Map<string, CabinetStatus>();
  readonly deviceHealth: DeviceHealthLog;
  readonly devices: DeviceRegistry;
  readonly printQueue: PrintQueue | null;
  readonly labels: LabelService | null;
  /** Deliveries to the site's other systems; null when station.json names none. */
  readonly webhooks: WebhookDeliveries | null;
  /** E-mail notices; null when station.json configures none. */
  readonly notices: { deliveries: NoticeDeliveries; reactions: NoticeReactions } | null;
  readonly screening: ScreeningService;
  readonly custody: CustodyService;
  readonly reports: ReportService;
  readonly records: RecordsService;
  /** The recipient directory; `directory.recipients` is what notices ask of an item's recipient. */
  readonly directory: DirectoryService;
  /** The directory's LDAP sync; null when station.json configures none. */
  readonly directorySync: DirectorySyncScheduler | null;
  /** What the devices' events reach: wired to every device manager the supervisor builds. */
  readonly deviceWiring: DeviceWiringPorts;
  readonly deviceSupervisor: DeviceSupervisor | null;
  readonly demo: DemoControls | null;
  /** Sends the record to the site; null for a station alone. */
  readonly publisher: Publisher | null;
  /** Writes the second reviews answered through the site for this station's scans; null without the site's reviews. */
  readonly remoteReviews: RemoteReviewFollower | null;
  /** Reads the site's stations and the hand-overs arriving here; null without the site's custody pairs. */
  readonly custodyFollower: CustodyFollower | null;
  readonly #info: Omit<StationInfo, 'needsSetup'>;
  readonly #scans: ScanRouting;
  readonly #dispatch: Dispatch;
  readonly #calls: CallScheduler;
  /** Everything the station must give back when it closes, in one place. */
  readonly #owned: Disposables;

  constructor(options: StationOptions) {
    const now = options.now ?? (() => new Date());
    const log = options.log ?? stderrLog();
    const owned = new Disposables((error) => log.error('a part of the station did not close cleanly:', error));
    const store = options.store;
    owned.add(() => store.close());
    const mode = options.mode;
    const bus = new EventBus(options.validateContract, log);
    const workflow = new WorkflowContext(store, bus, mode, now, log);
    const settings = workflow.settings;

    const disk = new DiskSpace({
      folder: path.dirname(path.resolve(store.db.name)),
      ...options.disk,
      warningBytes: () => settings.read().diskWarningGigabytes * GB,
      now,
      onChange: (status) => bus.publish('disk.status', status),
      log,
    });
    store.guardDisk(disk);
    disk.start();
    owned.add(() => disk.stop());
    const site = new SiteSettingsService(workflow, () => disk.check());

    const operators = new OperatorService(store, workflow.training, mode, { maxFailedPins: 5, lockoutMinutes: () => settings.read().lockoutMinutes }, now);
    const secondPerson = operators.secondPerson.bind(operators);
    const sessions = new Sessions({ bus, operators, workflow, now, log, oneOperatorAtATime: options.oneOperatorAtATime ?? true });
    owned.add(() => sessions.closeAll());
    const intake = new IntakeService(store, bus, mode, now, workflow.domainEvents);
    const incidents = new IncidentService(workflow, options.protocols, secondPerson);
    const scales = new ScaleReadings(bus, () => sessions.currentWork());
    const deviceHealth = new DeviceHealthLog(store.db);
    const devices = new DeviceRegistry(bus, now, (status) => deviceHealth.record(status.deviceId, status.deviceClass, status.health, status.detail, status.at), log);

    // The devices come last: their events reach the services built here. The print queue, the
    // labels and the X-ray step reach the devices only through `manager()`, asked when an operator
    // acts, by which time the supervisor exists.
    const deviceOptions = options.devices ?? null;
    const manager = () => {
      if (!supervisor) throw new Error('the station has no device manager');
      return supervisor.manager;
    };
    const printQueue = deviceOptions ? new PrintQueue(store, mode, (id) => manager().printer(id) ?? undefined, (job) => bus.publish('print.job', job)) : null;
    const labels = printQueue
      ? new LabelService({
          itemDetail: (custodyId) => itemDetail(workflow, custodyId),
          incident: (incidentId) => incidents.view(incidentId),
          operatorName: (operatorId) => store.operators.byId(operatorId)?.name ?? null,
          siteName: () => settings.read().siteName,
          stationId: () => store.stationId,
          queue: printQueue,
          printer: () => manager().printer(),
        })
      : null;
    // Clearance labels follow the domain event, after the clearance has committed.
    if (labels) owned.add(subscribeLabelPrinting(workflow.domainEvents, labels, () => manager().printer(), (message) => log.error(message)));
    const webhooks = options.webhooks?.length ? new WebhookDeliveries({ store, endpoints: options.webhooks, now }) : null;
    if (webhooks) owned.add(subscribeWebhooks(workflow.domainEvents, webhooks, workflow, (message) => log.error(message)));
    const returnAfterDays = options.notices?.settings.returnAfterDays;
    const directory = new DirectoryService({ store, mode, now, ...(returnAfterDays !== undefined ? { returnAfterDays } : {}) });
    const sync = options.directorySync;
    const directorySync = sync ? directorySyncScheduler({ store, mode, settings: sync.settings, dataFolder: sync.dataFolder, log, ...(sync.startDelayMs !== undefined ? { startDelayMs: sync.startDelayMs } : {}) }) : null;
    const noticeOptions = options.notices ?? null;
    const notices = noticeOptions
      ? (() => {
          const { settings: noticeSettings, ca, queue, timeoutMs } = noticeOptions;
          const deliveries = new NoticeDeliveries({ store, smtp: noticeSettings.smtp, ca, now, ...(queue ? { queue } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
          const reactions = new NoticeReactions({ events: workflow.domainEvents, deliveries, settings: noticeOptions.settings, recipients: noticeOptions.recipients ?? directory.recipients, sources: workflow, now, report: (message) => log.error(message) });
          owned.add(reactions.subscribe());
          const receipts = new CollectionReceipts(deliveries, noticeSettings, noticeOptions.recipients ?? directory.recipients, store.stationId);
          return { deliveries, reactions, receipts };
        })()
      : null;
    const screening = new ScreeningService(workflow, incidents, {
      scales,
      cabinets: options.cabinets ?? (deviceOptions ? cabinetControl(manager) : NO_CABINET),
    });
    // A hand-over to another station is checked against the site's list of stations (made below, asked only when one is recorded).
    const custody = new CustodyService(workflow, secondPerson, { joinedSite: options.site != null, addressee: (to, unlisted) => stationTransfers.addressee(to, unlisted) });
    const reports = new ReportService(reportSources(workflow), incidents);
    const records = new RecordsService({
      store,
      imageStore: options.imageStore ?? null,
      mode,
      backupTarget: options.backupTarget ?? (() => null),
      now,
    });

    // The site link: the audit log is its outbox; it is woken by appends (start()) and never in a step's way.
    const siteOptions = options.site ?? null;
    const publisher = siteOptions
      ? new Publisher({
          station: store.stationId,
          link: siteOptions.link,
          events: store.reader.publishing,
          inTransaction: () => store.db.inTransaction,
          imageStore: options.imageStore ?? null,
          recordAlarm: (alarm) =>
            store.transaction(() =>
              store.audit.append({
                actor: 'station',
                kind: 'site.chainRefused',
                subjectType: 'station',
                subjectId: store.stationId,
                mode,
                payload: { problem: alarm.problem, localSeq: alarm.localSeq, siteSeq: alarm.siteHead?.seq ?? null, siteHash: alarm.siteHead?.hash ?? null, atSeq: alarm.atSeq, detail: alarm.detail },
              }),
            ),
          onStatus: (status) => bus.publish('site.link', status),
          redact: siteOptions.redact,
          log: log.as('site link'),
          now,
          ...siteOptions.tuning,
        })
      : null;
    // Owned after the store: the publisher stops (and closes its link) before the store closes.
    if (publisher) owned.add(() => publisher.stop());
    // The remote second review: answers to this station's scans are written through its own core.
    const reviews = siteOptions?.reviews ?? null;
    const remoteReviews = reviews
      ? new RemoteReviewFollower({
          answers: reviews,
          apply: (answer) => applyRemoteReview({ store, workflow, screening }, answer),
          inTransaction: () => store.db.inTransaction,
          log: log.as('site reviews'),
          redact: siteOptions!.redact,
          ...(siteOptions?.reviewPollMs ? { pollMs: siteOptions.reviewPollMs } : {}),
        })
      : null;
    if (remoteReviews) owned.add(() => remoteReviews.stop());
    const siteCustody = siteOptions?.custody ?? null;
    if (siteCustody) owned.add(() => siteCustody.close());
    const stationTransfers = new StationTransfers({
      store,
      mode,
      nowIso: () => workflow.nowIso(),
      joinedSite: siteOptions !== null,
      site: siteCustody,
      report: (message) => log.error(siteOptions ? siteOptions.redact(message) : message),
    });
    // The site's stations kept for offline hand-overs, and the arriving list pushed to the screens as it changes at the site.
    const custodyFollower = siteCustody
      ? new CustodyFollower({
          station: store.stationId,
          site: siteCustody,
          copy: stationTransfers.stationsCopy,
          inTransaction: () => store.db.inTransaction,
          onChange: (what) => bus.publish('custody.arriving', what),
          log: log.as('site custody'),
          redact: siteOptions!.redact,
          ...(siteOptions?.custodyPollMs ? { pollMs: siteOptions.custodyPollMs } : {}),
        })
      : null;
    if (custodyFollower) owned.add(() => custodyFollower.stop());

    const scans = scanRouting({ sessions, intake, registry: devices, bus });
    const deviceWiring: DeviceWiringPorts = {
      registry: devices,
      scales,
      cabinets: this.cabinets,
      bus,
      takeScan: scans.take,
      attachImage: (scanRef, sha256, file) => screening.attachImage(scanRef, sha256, file),
      workflow,
    };
    const supervisor = deviceOptions
      ? new DeviceSupervisor(deviceWiring, deviceOptions.config, {
          configFile: deviceOptions.configFile,
          simulated: deviceOptions.simulated,
          // Asked at each image: a change of the site setting applies to the next file without a restart.
          manager: { ...deviceOptions.manager, hotFolderMaxBytes: () => settings.read().hotFolderMaxMegabytes * 1024 * 1024 },
        })
      : null;
    const demo = deviceOptions?.demo ?? null;

    const info = { stationId: store.stationId, version: options.version, mode, simulatedDevices: options.simulatedDevices, scanTerminator: options.scanTerminator ?? 'Enter' };
    const handlers = commandHandlers({
      info: () => ({ ...info, needsSetup: operators.needsSetup() }),
      disk,
      operators,
      sessions,
      intake,
      screening,
      workflow,
      incidents,
      custody,
      stationTransfers,
      site,
      siteLink: publisher ? () => publisher.status() : null,
      siteReviews: reviews,
      protocols: options.protocols,
      registry: devices,
      scales,
      cabinets: this.cabinets,
      deviceConfig: new DeviceConfigService(supervisor),
      demo,
      labels,
      printQueue,
      nowIso: () => workflow.nowIso(),
      store,
      deviceHealth,
      now,
      reports,
      records,
      directory,
      collection: new CollectionService(workflow, {
        receipts: notices?.receipts ?? null,
        // The printed receipt goes through the label pipeline's print queue (audited as print.queued), after the hand-over commits.
        printReceipt: printQueue
          ? (receipt) => {
              const printer = manager().printer();
              if (!printer) return;
              const zpl = collectionReceiptZpl({ siteName: settings.read().siteName, ...receipt }, printer.config.dpi);
              printQueue.enqueue({ printerId: printer.id, template: 'receipt', subject: receipt.items[0]?.custodyId ?? null, zpl, actor: workflow.actor(receipt.operator) });
            }
          : null,
        report: (message) => log.error(message),
      }),
    });
    const dispatch = createDispatcher(refuseOnFullDisk(handlers, disk, disk.folder), { validateResponses: options.validateContract, log });
    const calls = new CallScheduler(options.callLimits, log);
    const idleCheckMs = options.idleCheckMs ?? 5_000;
    if (idleCheckMs > 0) owned.interval(() => sessions.lockIdle(), idleCheckMs);

    this.store = store;
    this.mode = mode;
    this.log = log;
    this.bus = bus;
    this.workflow = workflow;
    this.disk = disk;
    this.site = site;
    this.operators = operators;
    this.sessions = sessions;
    this.intake = intake;
    this.incidents = incidents;
    this.protocols = options.protocols;
    this.scales = scales;
    this.deviceHealth = deviceHealth;
    this.devices = devices;
    this.printQueue = printQueue;
    this.labels = labels;
    this.webhooks = webhooks;
    this.notices = notices;
    this.screening = screening;
    this.custody = custody;
    this.reports = reports;
    this.records = records;
    this.directory = directory;
    this.directorySync = directorySync;
    this.deviceWiring = deviceWiring;
    this.deviceSupervisor = supervisor;
    this.demo = demo;
    this.publisher = publisher;
    this.remoteReviews = remoteReviews;
    this.custodyFollower = custodyFollower;
    this.#info = info;
    this.#scans = scans;
    this.#dispatch = dispatch;
    this.#calls = calls;
    this.#owned = owned;
  }

  info(): StationInfo {
    return { ...this.#info, needsSetup: this.operators.needsSetup() };
  }

  /** Starts the devices, the print queue, the site publisher, the webhook deliveries and the notices; each stops when the station closes. */
  start(): void {
    const supervisor = this.deviceSupervisor;
    const printQueue = this.printQueue;
    const webhooks = this.webhooks;
    const notices = this.notices;
    const directorySync = this.directorySync;
    const publisher = this.publisher;
    if (publisher) {
      this.#owned.add(this.store.watchAppends(() => publisher.wake()));
      publisher.start();
    }
    this.remoteReviews?.start();
    this.custodyFollower?.start();
    if (supervisor) {
      supervisor.start();
      this.#owned.add(() => supervisor.stop());
    }
    printQueue?.start();
    webhooks?.start();
    notices?.deliveries.start();
    // The job queues stop together: each waits up to a few seconds for an attempt in progress (a
    // print, a webhook, an SMTP send) to be recorded, and none needs another stopped first, so a
    // close waits for the slowest, not for the sum. Added after the devices, they stop before them
    // (the printer stays up for a print in progress), and before the store closes.
    const queues = [printQueue, webhooks, notices?.deliveries].filter((queue) => queue !== null && queue !== undefined);
    this.#owned.addTogether(queues.map((queue) => () => queue.stop()));
    if (directorySync) {
      directorySync.start();
      this.#owned.add(() => directorySync.stop());
    }
    if (notices) {
      notices.reactions.runSchedule();
      this.#owned.interval(() => notices.reactions.runSchedule(), NOTICE_SCHEDULE_MS);
    }
  }

  /** A scan from a scanner outside the device manager (the Electron keyboard wedge): as a device's. */
  takeScan(deviceId: string, data: string, symbology: string | null): void {
    this.deviceWiring.takeScan(deviceId, data, symbology);
  }

  /** A scan such a scanner read but could not use (no terminator): the screen in front says so. */
  refuseScan(deviceId: string, message: string): void {
    this.#scans.refuse(deviceId, message);
  }

  /** Auto-lock: a screen left alone longer than the site's setting locks; its work stays recorded. */
  lockIdleSessions(): void {
    this.sessions.lockIdle();
  }

  /**
   * One screen's way in. Its calls wait in its own lane and are served in turn with every other
   * screen's (see CallScheduler), so both hosts get the same bound and the same fairness: the
   * Electron IPC path is one trusted window, but a renderer bug looping on a call must not starve
   * the devices either.
   */
  connect(): StationConnection {
    const session = this.sessions.open();
    const unsubscribers = new Set<() => void>();
    const lane = this.#calls.lane();
    return {
      call: (command, args) => lane.submit(() => this.#dispatch(session, command, args)),
      onEvent: (listener) => {
        const unsubscribe = this.bus.subscribe(({ event, payload, sessionId }) => {
          if (!this.#mayReceive(session, event, sessionId)) return;
          listener(event, payload);
        });
        unsubscribers.add(unsubscribe);
        return () => {
          unsubscribe();
          unsubscribers.delete(unsubscribe);
        };
      },
      close: () => {
        lane.close();
        for (const unsubscribe of unsubscribers) unsubscribe();
        unsubscribers.clear();
        this.sessions.close(session);
      },
    };
  }

  #mayReceive(session: Session, event: EventName, sessionId: string | null): boolean {
    const audience = events[event].audience;
    if (audience === 'session') return sessionId === session.id;
    // A locked-screen event for one screen (the badge scan) reaches only that one.
    if (audience === 'locked') return session.operator === null && (sessionId === null || sessionId === session.id);
    return session.operator !== null;
  }

  /** Stops what start() started (the job queues together, then the devices, waited for), then the timers, the disk watch and the store. */
  async shutdown(): Promise<void> {
    await this.#owned.close();
  }

  /** The same, without waiting for the devices to finish stopping (a station that never started them closes at once). */
  close(): void {
    this.#owned.closeNow();
  }
}
