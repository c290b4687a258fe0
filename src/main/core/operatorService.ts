import { randomUUID } from 'node:crypto';
import { StationFailure, type Operator, type OperatorView, type RecordMode, type Role, type TrainingKind, type TrainingRecordView } from '../../shared/contract/index.ts';
import { pinProblem } from '../../shared/domain/index.ts';
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

function lockedFailure(lockedUntil: string): StationFailure {
  return new StationFailure(
    'FORBIDDEN',
    `This badge is locked after too many wrong PINs until ${new Date(lockedUntil).toLocaleTimeString()}. Ask the coordinator or admin.`,
  );
}

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

  constructor(store: Store, training: TrainingRepository, mode: RecordMode, policy: OperatorPolicy, now: () => Date, pins: PinChecker = SCRYPT_PINS) {
    this.#store = store;
    this.#training = training;
    this.#mode = mode;
    this.#policy = policy;
    this.#now = now;
    this.#pins = pins;
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
    };
  }

  #insert(record: OperatorRecord, actor: string, via: string): Operator {
    if (this.#store.operators.byBadge(record.badge)) {
      throw new StationFailure('CONFLICT', `Badge ${record.badge} already belongs to an operator.`);
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

  async #check(badge: string, pin: string, purpose: string): Promise<Operator> {
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
    const outcome = this.#store.transaction((): Operator | StationFailure => {
      const record = this.#store.operators.byId(counted.id) ?? counted;
      const at = this.#now();
      if (record.lockedUntil && new Date(record.lockedUntil) > at) return lockedFailure(record.lockedUntil);
      if (matches) {
        this.#store.operators.clearLockout(record.id);
        this.#store.audit.append({
          actor: `operator:${record.id}`,
          kind: purpose === 'login' ? 'operator.loggedIn' : 'operator.confirmed',
          subjectType: 'operator',
          subjectId: record.id,
          mode: this.#mode,
          payload: purpose === 'login' ? {} : { purpose },
        });
        return publicOperator(record);
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

  logIn(badge: string, pin: string): Promise<Operator> {
    return this.authenticate(badge, pin, 'login');
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

  recordLogout(operator: Operator, reason: 'operator' | 'idle' | 'elsewhere'): void {
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
      if (!this.#store.operators.byId(input.operatorId)) throw new StationFailure('NOT_FOUND', 'No such operator.');
      const at = this.#now().toISOString();
      const id = this.#training.insert({ ...input, recordedBy: by.id, at });
      this.#store.audit.append({ actor: `operator:${by.id}`, kind: 'training.recorded', subjectType: 'operator', subjectId: input.operatorId, mode: this.#mode, payload: { ...input } });
      const today = at.slice(0, 10);
      return this.#training.forOperator(input.operatorId, today).find((r) => r.id === id)!;
    });
  }
}
