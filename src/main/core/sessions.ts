import { OPEN_ITEM_STATES, type Operator } from '../../shared/contract/index.ts';
import { Session } from '../commands/index.ts';
import type { Log } from '../log.ts';
import type { EventBus } from './eventBus.ts';
import type { OperatorService } from './operatorService.ts';
import type { WorkflowContext } from './workflowContext.ts';

export interface SessionsDeps {
  bus: Pick<EventBus, 'publish'>;
  operators: Pick<OperatorService, 'recordLogout'>;
  workflow: Pick<WorkflowContext, 'store' | 'incidents' | 'settings'>;
  now: () => Date;
  log: Log;
}

/**
 * The screens' sessions at this station: who is logged in where, auto-lock, the work in progress
 * a login resumes, and which screen a hardware scan belongs to.
 */
export class Sessions {
  readonly #deps: SessionsDeps;
  readonly #sessions = new Set<Session>();
  #lastItem: string | null = null;

  constructor(deps: SessionsDeps) {
    this.#deps = deps;
  }

  /** A new screen's session, held until close(). */
  open(): Session {
    const session = new Session(this.#deps.now);
    this.#sessions.add(session);
    return session;
  }

  close(session: Session): void {
    this.#sessions.delete(session);
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
    this.#lastItem = custodyId;
    return custodyId;
  }

  logIn(session: Session, operator: Operator): void {
    session.logIn(operator);
    this.#deps.bus.publish('session.changed', { operator, reason: 'login' }, session.id);
  }

  /** `idleMinutes`: the auto-lock time that ended an idle session, said to its screen with the lock. */
  logOut(session: Session, reason: 'operator' | 'idle', idleMinutes?: number): void {
    const operator = session.operator;
    if (!operator) return;
    session.logOut();
    this.#deps.operators.recordLogout(operator, reason);
    const payload = reason === 'idle' ? { operator: null, reason: 'idle' as const, ...(idleMinutes === undefined ? {} : { idleMinutes }) } : { operator: null, reason: 'logout' as const };
    this.#deps.bus.publish('session.changed', payload, session.id);
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

  /** The most recently active logged-in screen: the operator working at the station, if any. */
  working(): Session | null {
    return [...this.#sessions].filter((s) => s.operator).sort((a, b) => b.lastActivity - a.lastActivity)[0] ?? null;
  }
}
