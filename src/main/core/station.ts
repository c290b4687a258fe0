import {
  events,
  type EventName,
  type Operator,
  type RecordMode,
  type StationInfo,
} from '../../shared/contract/index.ts';
import type { Store } from '../store/index.ts';
import type { StationConnection, StationEndpoint } from './connection.ts';
import { createDispatcher, type Dispatch } from './dispatcher.ts';
import { commandHandlers } from './commandHandlers.ts';
import { EventBus } from './eventBus.ts';
import { Session } from './session.ts';
import { DEFAULT_OPERATOR_POLICY, OperatorService, type OperatorPolicy } from './operatorService.ts';
import { IntakeService } from './intakeService.ts';
import { DeviceRegistry } from './deviceRegistry.ts';

/** The part of a barcode-scanner device the station listens to. */
export interface ScannerSource {
  readonly id: string;
  onScan(listener: (scan: { data: string; symbology: string | null }) => void): void;
}

/** A simulated scanner the demo drawer can make send a code over its real transport. */
export interface ScanInjector {
  scan(code: string): Promise<void>;
}

export interface StationOptions {
  store: Store;
  mode: RecordMode;
  version: string;
  simulatedDevices: boolean;
  validateContract: boolean;
  operatorPolicy?: OperatorPolicy;
  now?: () => Date;
}

/**
 * The composition root of the station core: store, services, devices and the connected screens.
 * Hosts reach it only through connect().
 */
export class Station implements StationEndpoint {
  readonly store: Store;
  readonly mode: RecordMode;
  readonly bus: EventBus;
  readonly operators: OperatorService;
  readonly intake: IntakeService;
  readonly devices: DeviceRegistry;
  scannerSimulator: ScanInjector | null = null;
  readonly #options: StationOptions;
  readonly #sessions = new Set<Session>();
  readonly #dispatch: Dispatch;

  constructor(options: StationOptions) {
    const now = options.now ?? (() => new Date());
    this.#options = options;
    this.store = options.store;
    this.mode = options.mode;
    this.bus = new EventBus(options.validateContract);
    this.operators = new OperatorService(this.store, this.mode, options.operatorPolicy ?? DEFAULT_OPERATOR_POLICY, now);
    this.intake = new IntakeService(this.store, this.bus, this.mode, now);
    this.devices = new DeviceRegistry(this.bus, now);
    this.#dispatch = createDispatcher(commandHandlers(this), { validateResponses: options.validateContract });
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
    const operator = session.operator;
    if (!operator) throw new Error('actorOf: the dispatcher lets no anonymous session reach a service that records');
    return `operator:${operator.id}`;
  }

  logIn(session: Session, operator: Operator): void {
    session.logIn(operator);
    this.bus.publish('session.changed', { operator }, session.id);
  }

  logOut(session: Session, reason: 'operator' | 'idle'): void {
    const operator = session.operator;
    if (!operator) return;
    session.logOut();
    this.operators.recordLogout(operator, reason);
    this.bus.publish('session.changed', { operator: null }, session.id);
  }

  /**
   * A hardware scan belongs to the operator working at the station: the most recently active
   * logged-in screen. With every screen locked, nobody can vouch for the item, so it is not taken in.
   */
  attachScanner(scanner: ScannerSource): void {
    scanner.onScan(({ data, symbology }) => {
      const session = [...this.#sessions].filter((s) => s.operator).sort((a, b) => b.lastActivity - a.lastActivity)[0];
      if (!session) {
        this.devices.report(scanner.id, { detail: 'scan ignored: the station is locked — log in first' });
        return;
      }
      try {
        const { item } = this.intake.scan({ code: data, symbology, actor: this.actorOf(session), source: `device:${scanner.id}` });
        this.devices.report(scanner.id, { lastReading: `${item.custodyId} ← ${data}` });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.devices.report(scanner.id, { detail: `scan not taken in: ${message}` });
      }
    });
  }

  connect(): StationConnection {
    const session = new Session();
    this.#sessions.add(session);
    const unsubscribers = new Set<() => void>();
    return {
      call: (command, args) => this.#dispatch(session, command, args),
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
        for (const unsubscribe of unsubscribers) unsubscribe();
        unsubscribers.clear();
        this.#sessions.delete(session);
      },
    };
  }

  #mayReceive(session: Session, event: EventName, sessionId: string | null): boolean {
    const audience = events[event].audience;
    if (audience === 'session') return sessionId === session.id;
    return session.operator !== null;
  }

  close(): void {
    this.#sessions.clear();
    this.store.close();
  }
}
