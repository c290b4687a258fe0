import type { RecordMode } from '../../shared/contract/index.ts';
import { pinRecordFingerprint, RosterCopy, TrainingRepository, type OperatorRecord, type Store } from '../store/index.ts';
import type { RosterChange, RosterOperator } from './roster.ts';

/** Whether this operator is the site roster's here (a change of theirs was applied): then they are managed at the site. */
export function onSiteRoster(store: Store, operatorId: string): boolean {
  return new RosterCopy(store.db).isRosterOperator(operatorId);
}

/** The last roster change applied at this station. */
export function rosterCursor(store: Store): number {
  return new RosterCopy(store.db).cursor();
}

/** What applying one change did at this station, for the log. */
export type RosterOutcome = { applied: number } | { skipped: string };

/**
 * Applies one roster change to the station's operators, in one transaction with the events that
 * record it and the cursor: each change that alters something here is written as events of the
 * station's own chain, with the site's role as actor (`site:<role>`), in the kinds the station's
 * own management writes (so verify's replay rebuilds the operators table from them). A change that
 * alters nothing (a lockout that has ended, a station's own lockout coming back) moves the cursor only.
 */
export function applyRosterChange(store: Store, change: RosterChange, context: { stationId: string; mode: RecordMode; now: () => Date }): RosterOutcome {
  return store.transaction(() => {
    const outcome = applyOne(store, change, context);
    new RosterCopy(store.db).applied(change.seq, change.change === 'operator' && !('skipped' in outcome) ? change.operator.id : null);
    return outcome;
  });
}

function applyOne(store: Store, change: RosterChange, { stationId, mode, now }: { stationId: string; mode: RecordMode; now: () => Date }): RosterOutcome {
  const actor = `site:${change.by}`;
  let applied = 0;
  const record = (kind: Parameters<Store['audit']['append']>[0]['kind'], subjectId: string, payload: unknown) => {
    store.audit.append({ actor, kind, subjectType: 'operator', subjectId, mode, payload } as Parameters<Store['audit']['append']>[0]);
    applied += 1;
  };
  if (change.change === 'operator') {
    const skipped = applyOperator(store, change.operator, record);
    return skipped ? { skipped } : { applied };
  }
  if (change.change === 'unreadable') return { skipped: `a ${change.kind} change this version of Mailscreen cannot read: update it` };
  const local = store.operators.byId(change.operatorId);
  if (!local) return { skipped: `operator ${change.operatorId} is not at this station` };
  switch (change.change) {
    case 'lockedOut': {
      if (!change.atConsole && change.station === stationId) return { skipped: 'this station\'s own lockout' };
      const until = new Date(change.lockedUntil);
      if (Number.isNaN(until.getTime()) || until <= now()) return { skipped: 'the lockout has ended' };
      if (local.lockedUntil && new Date(local.lockedUntil) >= until) return { skipped: 'locked here as long already' };
      const locked = store.operators.lockOut(local.id, until.toISOString());
      record('operator.lockedOut', local.id, { lockedUntil: until.toISOString(), failedAttempts: 0, purpose: lockoutPlace(change), consecutiveLockouts: locked.consecutiveLockouts });
      break;
    }
    case 'unlocked':
      if (!local.lockedUntil && local.failedAttempts === 0) return { skipped: 'not locked here' };
      store.operators.clearLockout(local.id);
      record('operator.unlocked', local.id, { wasLockedUntil: local.lockedUntil, consecutiveLockouts: local.consecutiveLockouts });
      break;
    case 'training': {
      const at = now().toISOString();
      new TrainingRepository(store.db).insert({ operatorId: local.id, ...change.training, recordedBy: actor, at });
      record('training.recorded', local.id, { operatorId: local.id, ...change.training });
      break;
    }
  }
  return { applied };
}

/** Where a lockout from the roster happened, as the station's event says it. */
function lockoutPlace(change: Extract<RosterChange, { change: 'lockedOut' }>): string {
  return change.atConsole ? `locked out at the site console (${change.by})` : `locked out at station ${change.station ?? 'unknown'}`;
}

/** The operator's state from the roster: created here, or each difference recorded as its own event. Returns why it was skipped, or null. */
function applyOperator(store: Store, operator: RosterOperator, record: (kind: Parameters<Store['audit']['append']>[0]['kind'], subjectId: string, payload: unknown) => void): string | null {
  const pinRecord = pinRecordFingerprint(operator.pinSalt, operator.pinHash);
  const local = store.operators.byId(operator.id);
  if (!local) {
    const holder = store.operators.byBadge(operator.badge);
    // The site's roster is the truth, but this station's operator is not overwritten blindly: the
    // badge stays theirs until the site admin takes them into the roster (site roster import) or
    // this station's admin frees it. A later change of the same operator tries again.
    if (holder) return `badge ${operator.badge} belongs to another operator at this station (${holder.name}): take them into the roster (site roster import) or give the badge back`;
    store.operators.insert({ id: operator.id, badge: operator.badge, name: operator.name, role: operator.role, pinSalt: operator.pinSalt, pinHash: operator.pinHash, failedAttempts: 0, lockedUntil: null, createdAt: new Date().toISOString() });
    record('operator.created', operator.id, { badge: operator.badge, name: operator.name, role: operator.role, via: 'site', pinRecord });
    if (!operator.active) {
      store.operators.setActive(operator.id, false);
      record('operator.deactivated', operator.id, { active: false, via: 'site' });
    }
    return null;
  }
  if (local.badge !== operator.badge || local.name !== operator.name) return `operator ${operator.id} is ${local.name} (badge ${local.badge}) here, ${operator.name} (badge ${operator.badge}) at the site: a badge or name is not changed through the roster`;
  sameRole(store, local, operator, record);
  if (local.pinSalt !== operator.pinSalt || local.pinHash !== operator.pinHash) {
    store.operators.setPin(local.id, { salt: operator.pinSalt, hash: operator.pinHash }, false);
    record('operator.pinChanged', local.id, { pinRecord, pinToChange: false, via: 'site' });
  }
  if (local.active !== operator.active) {
    store.operators.setActive(local.id, operator.active);
    record(operator.active ? 'operator.reactivated' : 'operator.deactivated', local.id, { active: operator.active, via: 'site' });
  }
  return null;
}

function sameRole(store: Store, local: OperatorRecord, operator: RosterOperator, record: (kind: Parameters<Store['audit']['append']>[0]['kind'], subjectId: string, payload: unknown) => void): void {
  if (local.role === operator.role) return;
  store.operators.setRole(local.id, operator.role, false);
  record('operator.roleChanged', local.id, { role: operator.role, previousRole: local.role, pinToChange: local.mustChangePin, via: 'site' });
}
