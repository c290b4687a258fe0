import { OPEN_ITEM_STATES, type Operator, type ScanClaimKind } from '../../shared/contract/index.ts';
import { Session } from '../commands/index.ts';
import { assertNever } from '../../shared/domain/index.ts';
import type { Log } from '../log.ts';
import type { EventBus } from './eventBus.ts';
import type { LogoutReason, OperatorService } from './operatorService.ts';
import type { WorkflowContext } from './workflowContext.ts';

export interface SessionsDeps {
  bus: Pick<EventBus, 'publish'>;
  operators: Pick<OperatorService, 'recordLogout'>;
  workflow: Pick<WorkflowContext, 'store' | 'incidents' | 'settings'>;
  now: () => Date;
  log: Log;
  /** A login on one screen locks every other screen (true at every real station; see StationOptions). */
  oneOperatorAtATime: boolean;
}

/**
 * The screens' sessions at this station: who is logged in where, auto-lock, the work in progress
 * a login resumes, what each screen waits for from the next scan, and which screen a scan belongs to.
 *
 * One operator at a time: a login on one screen (a second browser tab, a second window) locks every
 * other screen. So at most one screen is logged in, and every scanner's scan goes to that screen,
 * whichever screen was used last.
 */
export class Sessions {
  readonly #deps: SessionsDeps;
  readonly #sessions = new Set<Session>();
  /** What each screen said it waits for from the next scan (session.scanClaim); none: intake. */
  readonly #claims = new WeakMap<Session, ScanClaimKind>();
  /** The order screens last came to the front (opened, logged in, claimed scans): a counter, never a clock tie. */
  readonly #frontOrder = new WeakMap<Session, number>();
  #frontCount = 0;
  #lastItem: string | null = null;
  /** Counts the changes of the work in progress: a scale's load belongs to the turn it was put on in. */
  #workTurn = 0;

  constructor(deps: SessionsDeps) {
    this.#deps = deps;
  }

  /** A new screen's session, held until close(). */
  open(): Session {
    const session = new Session(this.#deps.now);
    this.#sessions.add(session);
    this.#toFront(session);
    return session;
  }

  close(session: Session): void {
    this.#sessions.delete(session);
    this.#claims.delete(session);
  }

  /** The screen's current scan claim: what it waits for from the next scan, or null (intake). */
  claimScans(session: Session, waitingFor: ScanClaimKind | null): void {
    if (waitingFor === null) this.#claims.delete(session);
    else this.#claims.set(session, waitingFor);
    this.#toFront(session);
  }

  #toFront(session: Session): void {
    this.#frontCount += 1;
    this.#frontOrder.set(session, this.#frontCount);
  }

  claimOf(session: Session): ScanClaimKind | null {
    return this.#claims.get(session) ?? null;
  }

  closeAll(): void {
    this.#sessions.clear();
  }

  /** The item last worked on at this station, if it is still open: any operator resumes it after a lock. */
  workInProgress(): string | null {
    if (!this.#lastItem) return null;
    const { store, incidents } = this.#deps.workflow;
    const item = store.items.byCustodyId(this.#lastItem);
    if (!item) return null;
    if (OPEN_ITEM_STATES.includes(item.state)) return item.custodyId;
    // Handed over or released, its incident still open (the coordinator has yet to close it): the
    // incident is the work in progress, and the item's screen leads straight back into it.
    return incidents.list(false).some((incident) => incident.custody_id === item.custodyId) ? item.custodyId : null;
  }

  /** Commands on one item make it the station's work in progress; returns the ID for chaining. */
  noteWorkOn(custodyId: string): string {
    if (custodyId !== this.#lastItem) this.#workTurn += 1;
    this.#lastItem = custodyId;
    return custodyId;
  }

  /**
   * The item being worked on and the turn it became current in: a weight put on the scale in an
   * earlier turn was there before the item was opened (ScaleReadings).
   */
  currentWork(): { custodyId: string | null; turn: number } {
    return { custodyId: this.#lastItem, turn: this.#workTurn };
  }

  /** Logs the operator in on this screen and locks every other one: one operator at a time. */
  logIn(session: Session, operator: Operator): void {
    for (const other of this.#sessions) {
      if (!this.#deps.oneOperatorAtATime || other === session || !other.operator) continue;
      try {
        this.logOut(other, 'elsewhere');
      } catch (error) {
        // Locked all the same (logOut clears the session first); only the record of it is missing.
        this.#deps.log.error(`a logout on another screen was not recorded: ${(error as Error).message}`);
      }
    }
    session.logIn(operator);
    this.#toFront(session);
    this.#deps.bus.publish('session.changed', { operator, reason: 'login' }, session.id);
  }

  /** `idleMinutes`: the auto-lock time that ended an idle session, said to its screen with the lock. */
  logOut(session: Session, reason: LogoutReason, idleMinutes?: number): void {
    const operator = session.operator;
    if (!operator) return;
    session.logOut();
    this.#deps.operators.recordLogout(operator, reason);
    const told = screenReason(reason);
    const payload = told === 'idle' ? { operator: null, reason: told, ...(idleMinutes === undefined ? {} : { idleMinutes }) } : { operator: null, reason: told };
    this.#deps.bus.publish('session.changed', payload, session.id);
  }

  /** An admin deactivated the operator, changed their role or reset their PIN: every screen they are logged in on locks. */
  endFor(operatorId: string): number {
    let ended = 0;
    for (const session of this.#sessions) {
      if (session.operator?.id !== operatorId) continue;
      this.logOut(session, 'ended by admin');
      ended += 1;
    }
    return ended;
  }

  /** Auto-lock: a screen left alone longer than the site's setting locks; its work stays recorded. */
  lockIdle(): void {
    const minutes = this.#deps.workflow.settings.read().autoLockMinutes;
    const limitMs = minutes * 60_000;
    const now = this.#deps.now().getTime();
    for (const session of this.#sessions) {
      if (!session.operator || now - session.lastActivity <= limitMs) continue;
      try {
        this.logOut(session, 'idle', minutes);
      } catch (error) {
        // The screen is locked all the same; a logout the record could not take (a full disk) must
        // not stop the timer that locks the other screens.
        this.#deps.log.error(`auto-lock not recorded: ${(error as Error).message}`);
      }
    }
  }

  /** The logged-in screen (there is at most one): the operator working at the station, if any. */
  working(): Session | null {
    return [...this.#sessions].filter((s) => s.operator).sort((a, b) => b.lastActivity - a.lastActivity)[0] ?? null;
  }

  /**
   * The screen in front of whoever is at the station: the logged-in one, else the lock screen
   * opened or used last (a badge scan on a locked station goes to that one screen only).
   */
  front(): Session | null {
    const order = (session: Session) => this.#frontOrder.get(session) ?? 0;
    return this.working() ?? [...this.#sessions].sort((a, b) => order(b) - order(a))[0] ?? null;
  }
}

/** What the screen is told of a logout: an admin's change locks it as a plain logout does. */
function screenReason(reason: LogoutReason): 'logout' | 'idle' | 'elsewhere' {
  switch (reason) {
    case 'operator':
    case 'ended by admin':
      return 'logout';
    case 'idle':
    case 'elsewhere':
      return reason;
    default:
      return assertNever(reason, 'logout reason');
  }
}
