import path from 'node:path';
import {
  events,
  type CabinetStatus,
  OPEN_ITEM_STATES,
  type EventName,
  type Operator,
  type RecordMode,
  type StationInfo,
} from '../../shared/contract/index.ts';
import type { Store } from '../store/index.ts';
import type { StationConnection, StationEndpoint } from './connection.ts';
import { createDispatcher, type Dispatch } from './dispatcher.ts';
import { CallScheduler, type CallLimits } from './callQueue.ts';
import { commandHandlers } from './commandHandlers.ts';
import { EventBus } from './eventBus.ts';
import { Session } from '../commands/index.ts';
import { OperatorService } from './operatorService.ts';
import { IntakeService } from './intakeService.ts';
import { DeviceRegistry } from './deviceRegistry.ts';
import { WorkflowContext } from './workflowContext.ts';
import { ScreeningService, type CabinetControl, type LabelSink } from './screeningService.ts';
import { IncidentService, type ProtocolSource } from './incidentService.ts';
import { CustodyService } from './custodyService.ts';
import { ScaleReadings } from './scaleReadings.ts';
import type { PrintQueue } from './printQueue.ts';
import type { DeviceSupervisor } from './deviceSupervisor.ts';
import type { LabelService } from './labelService.ts';
import { DeviceHealthLog } from '../store/deviceHealthLog.ts';
import { ReportService } from '../reports/index.ts';
import { reportSources } from './reportSources.ts';
import { RecordsService, type BackupTarget } from '../records/index.ts';
import { DiskSpace, GB, refuseOnFullDisk, type DiskSpaceOptions } from './diskSpace.ts';

/**
 * What the demo drawer can make the simulated devices do. Each acts on the simulator at the far
 * end of the real transport, so the station's drivers see exactly what real hardware would send.
 */
export interface DemoControls {
  scan(code: string): Promise<void>;
  scale(grams: number | null): void;
  cabinet(change: { door?: 'open' | 'closed' | undefined; key?: 'on' | 'off' | undefined; fault?: string | null | undefined; threatInNextImage?: boolean | undefined }): void;
  printer(change: { paperOut?: boolean | undefined; headOpen?: boolean | undefined }): void;
  setPlugged(deviceId: string, plugged: boolean): Promise<void>;
}

export interface StationOptions {
  store: Store;
  mode: RecordMode;
  version: string;
  simulatedDevices: boolean;
  validateContract: boolean;
  protocols: ProtocolSource;
  cabinets?: CabinetControl;
  /** `<data>/xray-images`, for backups and purges; null when the station keeps no images. */
  imageStore?: string | null;
  /** Where an on-demand backup goes: the site's configured backup folder. */
  backupTarget?: () => BackupTarget | null;
  labels?: LabelSink;
  now?: () => Date;
  /** How often idle sessions are checked for auto-lock; 0 turns the timer off (tests drive it). */
  idleCheckMs?: number;
  /** The data folder's disk watch: by default the database's folder, every 30 s, with no reserve. */
  disk?: Partial<Pick<DiskSpaceOptions, 'folder' | 'measure' | 'reserve' | 'floorBytes' | 'checkMs'>>;
  /** How many calls one screen may have waiting and running (default: DEFAULT_CALL_LIMITS). */
  callLimits?: CallLimits;
}

const NO_CABINET: CabinetControl = {
  requestScan: async () => ({ accepted: false, reason: 'no X-ray cabinet is configured at this station' }),
};
const NO_LABELS: LabelSink = { clearanceLabel: () => undefined };

/**
 * The composition root of the station core: store, services, devices and the connected screens.
 * Hosts reach it only through connect().
 */
export class Station implements StationEndpoint {
  readonly store: Store;
  readonly mode: RecordMode;
  readonly bus: EventBus;
  readonly workflow: WorkflowContext;
  readonly operators: OperatorService;
  readonly intake: IntakeService;
  readonly screening: ScreeningService;
  readonly incidents: IncidentService;
  readonly custody: CustodyService;
  readonly devices: DeviceRegistry;
  readonly scales: ScaleReadings;
  /** The last status each X-ray cabinet reported, as reported. */
  readonly cabinets = new Map<string, CabinetStatus>();
  readonly protocols: ProtocolSource;
  readonly reports: ReportService;
  readonly records: RecordsService;
  readonly deviceHealth: DeviceHealthLog;
  readonly disk: DiskSpace;
  demo: DemoControls | null = null;
  printQueue: PrintQueue | null = null;
  deviceSupervisor: DeviceSupervisor | null = null;
  labels: LabelService | null = null;
  readonly #options: StationOptions;
  readonly #now: () => Date;
  readonly #sessions = new Set<Session>();
  readonly #dispatch: Dispatch;
  readonly #calls: CallScheduler;
  readonly #idleTimer: NodeJS.Timeout | null;
  #lastItem: string | null = null;

  constructor(options: StationOptions) {
    const now = options.now ?? (() => new Date());
    this.#now = now;
    this.#options = options;
    this.store = options.store;
    this.mode = options.mode;
    this.bus = new EventBus(options.validateContract);
    this.workflow = new WorkflowContext(this.store, this.bus, this.mode, now);
    const settings = this.workflow.settings;
    this.disk = new DiskSpace({
      folder: path.dirname(path.resolve(this.store.db.name)),
      ...options.disk,
      warningBytes: () => settings.read().diskWarningGigabytes * GB,
      now,
      onChange: (status) => this.bus.publish('disk.status', status),
    });
    this.store.guardDisk(this.disk);
    this.disk.start();
    this.operators = new OperatorService(this.store, this.workflow.training, this.mode, { maxFailedPins: 5, lockoutMinutes: () => settings.read().lockoutMinutes }, now);
    const secondPerson = this.operators.secondPerson.bind(this.operators);
    this.intake = new IntakeService(this.store, this.bus, this.mode, now);
    this.incidents = new IncidentService(this.workflow, options.protocols, secondPerson);
    this.scales = new ScaleReadings(this.bus);
    this.protocols = options.protocols;
    this.screening = new ScreeningService(this.workflow, this.incidents, {
      scales: this.scales,
      cabinets: options.cabinets ?? NO_CABINET,
      labels: options.labels ?? NO_LABELS,
    });
    this.custody = new CustodyService(this.workflow, secondPerson);
    this.deviceHealth = new DeviceHealthLog(this.store.db);
    this.devices = new DeviceRegistry(this.bus, now, (status) => this.deviceHealth.record(status.deviceId, status.deviceClass, status.health, status.detail, status.at));
    this.reports = new ReportService(reportSources(this.workflow), this.incidents);
    this.records = new RecordsService({
      store: this.store,
      imageStore: options.imageStore ?? null,
      mode: this.mode,
      backupTarget: options.backupTarget ?? (() => null),
      now,
    });
    this.#dispatch = createDispatcher(refuseOnFullDisk(commandHandlers(this), this.disk, this.disk.folder), { validateResponses: options.validateContract });
    this.#calls = new CallScheduler(options.callLimits);
    const idleCheckMs = options.idleCheckMs ?? 5_000;
    this.#idleTimer = idleCheckMs > 0 ? setInterval(() => this.lockIdleSessions(), idleCheckMs) : null;
    this.#idleTimer?.unref();
  }

  info(): StationInfo {
    return {
      stationId: this.store.stationId,
      version: this.#options.version,
      mode: this.mode,
      simulatedDevices: this.#options.simulatedDevices,
      needsSetup: this.operators.needsSetup(),
    };
  }

  actorOf(session: Session): string {
    return `operator:${this.operatorOf(session).id}`;
  }

  operatorOf(session: Session): Operator {
    const operator = session.operator;
    if (!operator) throw new Error('operatorOf: the dispatcher lets no anonymous session reach a service that records');
    return operator;
  }

  /** The item last worked on at this station, if it is still open: any operator resumes it after a lock. */
  workInProgress(): string | null {
    if (!this.#lastItem) return null;
    const item = this.store.items.byCustodyId(this.#lastItem);
    if (!item) return null;
    if (OPEN_ITEM_STATES.includes(item.state)) return item.custodyId;
    // Handed over or released, its incident still open (the coordinator has yet to close it): the
    // incident is the work in progress, and the item's screen leads straight back into it.
    return this.workflow.incidents.list(false).some((incident) => incident.custody_id === item.custodyId) ? item.custodyId : null;
  }

  noteWorkOn(custodyId: string): void {
    this.#lastItem = custodyId;
  }

  logIn(session: Session, operator: Operator): void {
    session.logIn(operator);
    this.bus.publish('session.changed', { operator, reason: 'login' }, session.id);
  }

  logOut(session: Session, reason: 'operator' | 'idle'): void {
    const operator = session.operator;
    if (!operator) return;
    session.logOut();
    this.operators.recordLogout(operator, reason);
    this.bus.publish('session.changed', { operator: null, reason: reason === 'idle' ? 'idle' : 'logout' }, session.id);
  }

  /** Auto-lock: a screen left alone longer than the site's setting locks; its work stays recorded. */
  lockIdleSessions(): void {
    const limitMs = this.workflow.settings.read().autoLockMinutes * 60_000;
    const now = this.#now().getTime();
    for (const session of this.#sessions) {
      if (!session.operator || now - session.lastActivity <= limitMs) continue;
      try {
        this.logOut(session, 'idle');
      } catch (error) {
        // The screen is locked all the same; a logout the record could not take (a full disk) must
        // not stop the timer that locks the other screens.
        console.error(`mailscreen: auto-lock not recorded: ${(error as Error).message}`);
      }
    }
  }

  /**
   * A hardware scan belongs to the operator working at the station: the most recently active
   * logged-in screen. With every screen locked, nobody can vouch for the item, so it is not taken in.
   */
  takeScan(deviceId: string, data: string, symbology: string | null): void {
    const session = [...this.#sessions].filter((s) => s.operator).sort((a, b) => b.lastActivity - a.lastActivity)[0];
    if (!session) {
      // Nobody can vouch for an item on a locked station, so it is not taken in; the lock screen
      // takes the scan as a badge instead.
      this.bus.publish('scan.badge', { deviceId, code: data });
      return;
    }
    try {
      const { item } = this.intake.scan({ code: data, symbology, actor: this.actorOf(session), source: `device:${deviceId}` });
      this.noteWorkOn(item.custodyId);
      this.devices.report(deviceId, { lastReading: `${item.custodyId} ← ${data}` });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.devices.report(deviceId, { detail: `scan not taken in: ${message}` });
    }
  }

  /**
   * One screen's way in. Its calls wait in its own lane and are served in turn with every other
   * screen's (see CallScheduler), so both hosts get the same bound and the same fairness: the
   * Electron IPC path is one trusted window, but a renderer bug looping on a call must not starve
   * the devices either.
   */
  connect(): StationConnection {
    const session = new Session(this.#now);
    this.#sessions.add(session);
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
        this.#sessions.delete(session);
      },
    };
  }

  #mayReceive(session: Session, event: EventName, sessionId: string | null): boolean {
    const audience = events[event].audience;
    if (audience === 'session') return sessionId === session.id;
    if (audience === 'locked') return session.operator === null;
    return session.operator !== null;
  }

  close(): void {
    this.printQueue?.stop();
    if (this.#idleTimer) clearInterval(this.#idleTimer);
    this.disk.stop();
    this.#sessions.clear();
    this.store.close();
  }
}
