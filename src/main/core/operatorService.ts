import { randomUUID } from 'node:crypto';
import { StationFailure, type Operator, type OperatorView, type RecordMode, type Role, type TrainingKind, type TrainingRecordView } from '../../shared/contract/index.ts';
import { minPinLength, pinProblem } from '../../shared/domain/index.ts';
import { pinRecordFingerprint, publicOperator, type OperatorRecord, type Store } from '../store/index.ts';
import type { TrainingRepository } from '../store/index.ts';
import { NO_OPERATOR_PIN, SCRYPT_PINS, type PinChecker } from './pin.ts';

export interface OperatorPolicy {
  maxFailedPins: number;
  /** Minutes of a badge's first lockout (the site setting, read at each lockout); later ones double. */
  lockoutMinutes: () => number;
}

export const DEFAULT_OPERATOR_POLICY: OperatorPolicy = { maxFailedPins: 5, lockoutMinutes: () => 15 };

/** No lockout lasts longer than a day, however many came before it. */
export const LOCKOUT_CAP_MINUTES = 24 * 60;

/**
 * How long the `consecutive`-th lockout in a row lasts: the site's minutes, doubled for each
 * lockout before it since the badge's owner last entered the right PIN or was unlocked, at most a
 * day (15, 30, 60, … 960, 1440 minutes with the default). A stranger guessing therefore gets about
 * five guesses a day after the first few hours, not five every quarter of an hour for ever.
 */
export function lockoutMinutesFor(baseMinutes: number, consecutive: number): number {
  return Math.min(baseMinutes * 2 ** Math.max(0, consecutive - 1), Math.max(baseMinutes, LOCKOUT_CAP_MINUTES));
}

/** What a login or a PIN change asks `authenticate` for; any other purpose is a second person's signature. */
export const LOGIN = 'login';
export const PIN_CHANGE = 'PIN change';

/** Said only to whoever entered the badge's right PIN: a stranger learns nothing about which badges exist. */
export const NOT_ACTIVE_WORDS = 'This badge is not active at this station. Ask the site admin.';

/** A login whose PIN was right: `pinChangeRequired` when an admin set the PIN, and nothing is open to them until they choose their own. */
export interface LoginOutcome {
  operator: Operator;
  pinChangeRequired: boolean;
}

function lockedFailure(lockedUntil: string): StationFailure {
  return new StationFailure(
    'FORBIDDEN',
    `This badge is locked after too many wrong PINs until ${new Date(lockedUntil).toLocaleTimeString()}. Ask the coordinator or admin.`,
  );
}

/** Why a session ended: its operator, auto-lock, or an admin who changed the operator (deactivated, new role, PIN reset). */
/** Why a screen's operator was logged out: their own choice, auto-lock, a login on another screen, or an admin's change to the operator. */
export type LogoutReason = 'operator' | 'idle' | 'elsewhere' | 'ended by admin';

/** Operators, their PINs, lockouts and training records; every change is in the audit log. */
export class OperatorService {
  readonly #store: Store;
  readonly #training: TrainingRepository;
  readonly #mode: RecordMode;
  readonly #policy: OperatorPolicy;
  readonly #now: () => Date;
  readonly #pins: PinChecker;
  /** Badges whose PIN is being checked now: one check at a time per badge, the others refused. */
  readonly #checking = new Set<string>();
  /** With a site: whether an operator came from the site's roster (then they are managed there, not here). */
  #onSiteRoster: ((operatorId: string) => boolean) | null = null;

  constructor(store: Store, training: TrainingRepository, mode: RecordMode, policy: OperatorPolicy, now: () => Date, pins: PinChecker = SCRYPT_PINS) {
    this.#store = store;
    this.#training = training;
    this.#mode = mode;
    this.#policy = policy;
    this.#now = now;
    this.#pins = pins;
  }

  /** The station joined a site: the roster's operators are managed at the site (site roster …), this station keeps their copy. */
  manageRosterAtSite(onSiteRoster: (operatorId: string) => boolean): void {
    this.#onSiteRoster = onSiteRoster;
  }

  #notOnRoster(record: OperatorRecord, what: string): void {
    if (this.#onSiteRoster?.(record.id)) {
      throw new StationFailure('FORBIDDEN', `${record.name} is on the site's roster: ${what} is done by the site admin (npm run -s cli -- site roster …), and reaches every station.`);
    }
  }

  needsSetup(): boolean {
    return this.#store.operators.count() === 0;
  }

  async #newRecord(input: { badge: string; name: string; role: Role; pin: string }): Promise<OperatorRecord> {
    const problem = pinProblem(input.pin, input);
    if (problem) throw new StationFailure('INVALID_ARGUMENTS', `pin: ${problem}`);
    const pin = await this.#pins.hash(input.pin);
    return {
      id: randomUUID(),
      badge: input.badge,
      name: input.name,
      role: input.role,
      pinSalt: pin.salt,
      pinHash: pin.hash,
      failedAttempts: 0,
      lockedUntil: null,
      createdAt: this.#now().toISOString(),
      consecutiveLockouts: 0,
      active: true,
      mustChangePin: false,
    };
  }

  #insert(record: OperatorRecord, actor: string, via: string): Operator {
    const holder = this.#store.operators.byBadge(record.badge);
    if (holder) {
      // Only an admin (or the first-run setup, when nobody exists) gets here: the name is theirs to know.
      throw new StationFailure('CONFLICT', `Badge ${record.badge} already belongs to ${holder.name}${holder.active ? '' : ' (not active)'}. Each operator has a badge of their own: check the code.`);
    }
    this.#store.operators.insert(record);
    this.#store.audit.append({
      actor,
      kind: 'operator.created',
      subjectType: 'operator',
      subjectId: record.id,
      mode: this.#mode,
      payload: { badge: record.badge, name: record.name, role: record.role, via, pinRecord: pinRecordFingerprint(record.pinSalt, record.pinHash) },
    });
    return publicOperator(record);
  }

  /** The one-time first start: creates the first admin. Refused once any operator exists. */
  async setupFirstAdmin(input: { badge: string; name: string; pin: string }): Promise<Operator> {
    const record = await this.#newRecord({ ...input, role: 'admin' });
    return this.#store.transaction(() => {
      if (!this.needsSetup()) throw new StationFailure('CONFLICT', 'This station is already set up. Log in with your badge and PIN.');
      return this.#insert(record, `operator:${record.id}`, 'first-run setup');
    });
  }

  async create(by: Operator, input: { badge: string; name: string; role: Role; pin: string }): Promise<Operator> {
    const record = await this.#newRecord(input);
    return this.#store.transaction(() => this.#insert(record, `operator:${by.id}`, 'admin'));
  }

  /**
   * Checks a badge and PIN. Wrong PINs count towards the lockout whatever the purpose (login or a
   * second signature), so a second-signature prompt cannot be used to guess PINs. One check per
   * badge at a time: another one for the same badge is refused at once rather than queued.
   */
  async authenticate(badge: string, pin: string, purpose: string): Promise<Operator> {
    return publicOperator(await this.#authenticated(badge, pin, purpose));
  }

  async #authenticated(badge: string, pin: string, purpose: string): Promise<OperatorRecord> {
    const code = badge.trim();
    if (this.#checking.has(code)) {
      throw new StationFailure('CONFLICT', 'A PIN for this badge is being checked right now. Wait for that answer, then try again.');
    }
    this.#checking.add(code);
    try {
      return await this.#check(code, pin, purpose);
    } finally {
      this.#checking.delete(code);
    }
  }

  async #check(badge: string, pin: string, purpose: string): Promise<OperatorRecord> {
    // Same words for an unknown badge and a wrong PIN: the screen must not tell a stranger which badges exist.
    const wrong = new StationFailure('NOT_AUTHENTICATED', 'Badge or PIN not recognised. Check the PIN and try again.');
    const max = this.#policy.maxFailedPins;
    const now = this.#now();
    // The attempt is counted before scrypt runs, in the same statement that checks the lock: however
    // many guesses arrive at once, at most `max` are ever checked before the badge locks.
    const counted = this.#store.transaction(() => this.#store.operators.countAttempt(badge, now.toISOString(), max));
    if (!counted) {
      const record = this.#store.operators.byBadge(badge);
      if (!record) {
        await this.#pins.matches(pin, NO_OPERATOR_PIN);
        throw wrong;
      }
      // A locked badge costs no scrypt.
      if (record.lockedUntil && new Date(record.lockedUntil) > now) throw lockedFailure(record.lockedUntil);
      // Its remaining attempts are all being checked elsewhere (another process on the same database).
      throw new StationFailure('CONFLICT', 'A PIN for this badge is being checked right now. Wait for that answer, then try again.');
    }
    const matches = await this.#pins.matches(pin, { salt: counted.pinSalt, hash: counted.pinHash });
    const outcome = this.#store.transaction((): OperatorRecord | StationFailure => {
      const record = this.#store.operators.byId(counted.id) ?? counted;
      const at = this.#now();
      if (record.lockedUntil && new Date(record.lockedUntil) > at) return lockedFailure(record.lockedUntil);
      // The PIN was reset or changed while this one was checked against the old: the answer is about
      // a PIN the badge no longer has, so it opens nothing (and counts as no guess against the new one).
      if (matches && (record.pinSalt !== counted.pinSalt || record.pinHash !== counted.pinHash)) {
        return new StationFailure('CONFLICT', 'The PIN of this badge was changed at this moment. Enter the PIN it has now.');
      }
      if (matches) {
        this.#store.operators.clearLockout(record.id);
        return this.#accepted(record, purpose);
      }
      const attempts = record.failedAttempts;
      if (attempts < max) {
        this.#store.audit.append({
          actor: 'station',
          kind: 'operator.loginRefused',
          subjectType: 'operator',
          subjectId: record.id,
          mode: this.#mode,
          payload: { failedAttempts: attempts, purpose },
        });
        return wrong;
      }
      const minutes = lockoutMinutesFor(this.#policy.lockoutMinutes(), record.consecutiveLockouts + 1);
      const lockedUntil = new Date(at.getTime() + minutes * 60_000).toISOString();
      const locked = this.#store.operators.lockOut(record.id, lockedUntil);
      this.#store.audit.append({
        actor: 'station',
        kind: 'operator.lockedOut',
        subjectType: 'operator',
        subjectId: record.id,
        mode: this.#mode,
        payload: { lockedUntil, failedAttempts: attempts, purpose, lockoutMinutes: minutes, consecutiveLockouts: locked.consecutiveLockouts },
      });
      return wrong;
    });
    if (outcome instanceof StationFailure) throw outcome;
    return outcome;
  }

  /**
   * The right PIN, read in the same transaction that recorded it: a deactivated badge is refused
   * whatever the purpose; a PIN an admin set (a reset) opens only a login that asks for a new PIN
   * (no session is opened on it) or the PIN change itself, never a second signature.
   */
  #accepted(record: OperatorRecord, purpose: string): OperatorRecord | StationFailure {
    const refused = (reason: 'inactive' | 'pinToChange', failure: StationFailure) => {
      this.#store.audit.append({ actor: 'station', kind: 'operator.loginRefused', subjectType: 'operator', subjectId: record.id, mode: this.#mode, payload: { failedAttempts: 0, purpose, reason } });
      return failure;
    };
    if (!record.active) return refused('inactive', new StationFailure('FORBIDDEN', NOT_ACTIVE_WORDS));
    if (record.mustChangePin && purpose !== LOGIN && purpose !== PIN_CHANGE) {
      return refused('pinToChange', new StationFailure('FORBIDDEN', `${record.name}’s PIN was reset by an admin: they log in once to choose a new PIN, then they can sign.`));
    }
    const loggedIn = purpose === LOGIN && !record.mustChangePin;
    this.#store.audit.append({
      actor: `operator:${record.id}`,
      kind: loggedIn ? 'operator.loggedIn' : 'operator.confirmed',
      subjectType: 'operator',
      subjectId: record.id,
      mode: this.#mode,
      payload: loggedIn ? {} : { purpose: purpose === LOGIN ? 'login: a new PIN to choose first' : purpose },
    });
    return record;
  }

  /** A login: the session opens only when `pinChangeRequired` is false (the caller decides, main enforces it in the session handler). */
  async logIn(badge: string, pin: string): Promise<LoginOutcome> {
    const record = await this.#authenticated(badge, pin, LOGIN);
    return { operator: publicOperator(record), pinChangeRequired: record.mustChangePin };
  }

  /**
   * An operator replaces their PIN: the current one (counted towards the lockout like any PIN),
   * then the new one by the station's PIN rule. Clears a PIN change an admin asked for.
   */
  async changePin(badge: string, currentPin: string, newPin: string): Promise<Operator> {
    const record = await this.#authenticated(badge, currentPin, PIN_CHANGE);
    this.#notOnRoster(record, 'changing their PIN');
    const problem = newPin === currentPin ? 'The new PIN is the same as the current one. Choose another PIN.' : pinProblem(newPin, record);
    if (problem) throw new StationFailure('INVALID_ARGUMENTS', problem);
    const pin = await this.#pins.hash(newPin);
    return this.#store.transaction(() => {
      const current = this.#store.operators.byId(record.id);
      if (!current) throw new StationFailure('NOT_FOUND', 'No such operator.');
      if (!current.active) throw new StationFailure('FORBIDDEN', NOT_ACTIVE_WORDS);
      // Someone else set this badge's PIN (an admin's reset, another screen) while the new one was
      // hashed: theirs stands, and the operator starts again with the PIN they now have.
      if (current.pinHash !== record.pinHash || current.pinSalt !== record.pinSalt) {
        throw new StationFailure('CONFLICT', 'The PIN of this badge was changed elsewhere at this moment. Enter the PIN it has now.');
      }
      this.#store.operators.setPin(current.id, pin, false);
      this.#store.audit.append({
        actor: `operator:${current.id}`,
        kind: 'operator.pinChanged',
        subjectType: 'operator',
        subjectId: current.id,
        mode: this.#mode,
        payload: { pinRecord: pinRecordFingerprint(pin.salt, pin.hash), pinToChange: false, via: 'operator' },
      });
      return publicOperator(current);
    });
  }

  /**
   * The admin who asks, as the store has them now: a session opened before their own
   * deactivation or demotion (a parallel request) must not still manage operators.
   */
  #admin(by: Operator): OperatorRecord {
    const current = this.#store.operators.byId(by.id);
    if (!current || !current.active || current.role !== 'admin') {
      throw new StationFailure('FORBIDDEN', 'Only an active admin manages operators. Log in again to see what you may do.');
    }
    return current;
  }

  #target(operatorId: string): OperatorRecord {
    const record = this.#store.operators.byId(operatorId);
    if (!record) throw new StationFailure('NOT_FOUND', 'No such operator: the list may be out of date. Look at it again.');
    return record;
  }

  /** The rule, read in the transaction that would break it: there is always at least one active admin. */
  #keepAnAdmin(record: OperatorRecord, what: string): void {
    if (record.active && record.role === 'admin' && this.#store.operators.activeAdmins() <= 1) {
      throw new StationFailure('CONFLICT', `${record.name} is the last active admin at this station, so ${what} would leave nobody to manage it. Make another operator an admin first.`);
    }
  }

  /** Deactivates an operator: they can no longer log in or sign; their records stay. The caller ends their open sessions. */
  deactivate(by: Operator, operatorId: string): Operator {
    return this.#store.transaction(() => {
      this.#admin(by);
      const record = this.#target(operatorId);
      if (record.id === by.id) throw new StationFailure('FORBIDDEN', 'You cannot deactivate your own badge. Another admin does it.');
      this.#notOnRoster(record, 'deactivating them');
      if (!record.active) return publicOperator(record);
      this.#keepAnAdmin(record, 'deactivating them');
      this.#store.operators.setActive(record.id, false);
      this.#store.audit.append({ actor: `operator:${by.id}`, kind: 'operator.deactivated', subjectType: 'operator', subjectId: record.id, mode: this.#mode, payload: { active: false, via: 'admin' } });
      return publicOperator(record);
    });
  }

  reactivate(by: Operator, operatorId: string): Operator {
    return this.#store.transaction(() => {
      this.#admin(by);
      const record = this.#target(operatorId);
      this.#notOnRoster(record, 'reactivating them');
      if (record.active) return publicOperator(record);
      this.#store.operators.setActive(record.id, true);
      this.#store.audit.append({ actor: `operator:${by.id}`, kind: 'operator.reactivated', subjectType: 'operator', subjectId: record.id, mode: this.#mode, payload: { active: true, via: 'admin' } });
      return publicOperator(record);
    });
  }

  /**
   * A new role. A promotion to a role whose PINs are longer asks for a new PIN at the next login
   * (the station cannot tell the length of a hashed PIN). The caller ends the operator's open
   * sessions, which hold the old role.
   */
  changeRole(by: Operator, operatorId: string, role: Role): { operator: Operator; pinChangeRequired: boolean; changed: boolean } {
    return this.#store.transaction(() => {
      this.#admin(by);
      const record = this.#target(operatorId);
      this.#notOnRoster(record, 'changing their role');
      if (record.role === role) return { operator: publicOperator(record), pinChangeRequired: record.mustChangePin, changed: false };
      if (role !== 'admin') this.#keepAnAdmin(record, `making them a ${role}`);
      const pinToChange = record.mustChangePin || minPinLength(role) > minPinLength(record.role);
      this.#store.operators.setRole(record.id, role, pinToChange);
      this.#store.audit.append({
        actor: `operator:${by.id}`,
        kind: 'operator.roleChanged',
        subjectType: 'operator',
        subjectId: record.id,
        mode: this.#mode,
        payload: { role, previousRole: record.role, pinToChange, via: 'admin' },
      });
      return { operator: { ...publicOperator(record), role }, pinChangeRequired: pinToChange, changed: true };
    });
  }

  /**
   * An admin sets a PIN for an operator who forgot theirs: it also lifts a lockout, and the operator
   * must replace it at the next login (the admin knows it). The caller ends their open sessions.
   */
  async resetPin(by: Operator, operatorId: string, newPin: string): Promise<Operator> {
    const first = this.#store.transaction(() => {
      this.#admin(by);
      const record = this.#target(operatorId);
      if (record.id === by.id) throw new StationFailure('FORBIDDEN', 'Your own PIN is changed with your current PIN: lock the station, then choose “Change my PIN”.');
      this.#notOnRoster(record, 'resetting their PIN');
      return record;
    });
    const problem = pinProblem(newPin, first);
    if (problem) throw new StationFailure('INVALID_ARGUMENTS', problem);
    const pin = await this.#pins.hash(newPin);
    return this.#store.transaction(() => {
      this.#admin(by);
      const record = this.#target(operatorId);
      // Its role may have changed while the PIN was hashed: the rule is the one for the role it has now.
      const again = pinProblem(newPin, record);
      if (again) throw new StationFailure('INVALID_ARGUMENTS', again);
      this.#store.operators.setPin(record.id, pin, true);
      this.#store.audit.append({
        actor: `operator:${by.id}`,
        kind: 'operator.pinReset',
        subjectType: 'operator',
        subjectId: record.id,
        mode: this.#mode,
        payload: { pinRecord: pinRecordFingerprint(pin.salt, pin.hash), pinToChange: true, via: 'admin' },
      });
      return publicOperator(record);
    });
  }

  /** A second person for a two-person step: authenticated, and not the operator asking. */
  async secondPerson(badge: string, pin: string, first: Operator, purpose: string): Promise<Operator> {
    if (badge.trim() === first.badge) {
      throw new StationFailure('FORBIDDEN', 'The second signature must come from another operator, not the one logged in.');
    }
    // A second person's wrong PIN is their refusal, not the session's: NOT_AUTHENTICATED would tell
    // the screen that the logged-in operator's session is gone and send it to the lock screen.
    const second = await this.authenticate(badge, pin, purpose).catch((caught: unknown) => {
      if (caught instanceof StationFailure && caught.code === 'NOT_AUTHENTICATED') {
        throw new StationFailure('FORBIDDEN', 'The second person’s badge or PIN was not recognised. They check their PIN and enter it again.');
      }
      throw caught;
    });
    if (second.id === first.id) throw new StationFailure('FORBIDDEN', 'The second signature must come from another operator.');
    return second;
  }

  recordLogout(operator: Operator, reason: LogoutReason): void {
    this.#store.transaction(() => {
      this.#store.audit.append({
        actor: `operator:${operator.id}`,
        kind: 'operator.loggedOut',
        subjectType: 'operator',
        subjectId: operator.id,
        mode: this.#mode,
        payload: { reason },
      });
    });
  }

  list(): OperatorView[] {
    const today = this.#now().toISOString().slice(0, 10);
    return this.#store.operators.all().map((record) => ({
      ...publicOperator(record),
      active: record.active,
      pinToChange: record.mustChangePin,
      lockedUntil: record.lockedUntil && new Date(record.lockedUntil) > this.#now() ? record.lockedUntil : null,
      training: this.#training.forOperator(record.id, today),
    }));
  }

  unlock(by: Operator, operatorId: string): void {
    this.#store.transaction(() => {
      const record = this.#store.operators.byId(operatorId);
      if (!record) throw new StationFailure('NOT_FOUND', 'No such operator.');
      this.#store.operators.clearLockout(record.id);
      this.#store.audit.append({ actor: `operator:${by.id}`, kind: 'operator.unlocked', subjectType: 'operator', subjectId: record.id, mode: this.#mode, payload: { via: 'admin' } });
    });
  }

  recordTraining(by: Operator, input: { operatorId: string; kind: TrainingKind; completedOn: string; expiresOn: string; trainer: string | null }): TrainingRecordView {
    if (input.expiresOn < input.completedOn) throw new StationFailure('INVALID_ARGUMENTS', 'The expiry date is before the completion date.');
    return this.#store.transaction(() => {
      const record = this.#store.operators.byId(input.operatorId);
      if (!record) throw new StationFailure('NOT_FOUND', 'No such operator.');
      this.#notOnRoster(record, 'recording their training');
      const at = this.#now().toISOString();
      const id = this.#training.insert({ ...input, recordedBy: by.id, at });
      this.#store.audit.append({ actor: `operator:${by.id}`, kind: 'training.recorded', subjectType: 'operator', subjectId: input.operatorId, mode: this.#mode, payload: { ...input } });
      const today = at.slice(0, 10);
      return this.#training.forOperator(input.operatorId, today).find((r) => r.id === id)!;
    });
  }
}
