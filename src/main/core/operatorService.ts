import { randomUUID } from 'node:crypto';
import { StationFailure, type Operator, type OperatorView, type RecordMode, type Role, type TrainingKind, type TrainingRecordView } from '../../shared/contract/index.ts';
import { pinRecordFingerprint, publicOperator, type OperatorRecord, type Store } from '../store/index.ts';
import type { TrainingRepository } from '../store/training.ts';
import { hashPin, pinMatches } from './pin.ts';

export interface OperatorPolicy {
  maxFailedPins: number;
  /** Minutes a badge stays locked after too many wrong PINs (the site setting, read at each refusal). */
  lockoutMinutes: () => number;
}

export const DEFAULT_OPERATOR_POLICY: OperatorPolicy = { maxFailedPins: 5, lockoutMinutes: () => 15 };

/** Operators, their PINs, lockouts and training records; every change is in the audit log. */
export class OperatorService {
  readonly #store: Store;
  readonly #training: TrainingRepository;
  readonly #mode: RecordMode;
  readonly #policy: OperatorPolicy;
  readonly #now: () => Date;

  constructor(store: Store, training: TrainingRepository, mode: RecordMode, policy: OperatorPolicy, now: () => Date) {
    this.#store = store;
    this.#training = training;
    this.#mode = mode;
    this.#policy = policy;
    this.#now = now;
  }

  needsSetup(): boolean {
    return this.#store.operators.count() === 0;
  }

  async #newRecord(input: { badge: string; name: string; role: Role; pin: string }): Promise<OperatorRecord> {
    const pin = await hashPin(input.pin);
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
   * second signature), so a second-signature prompt cannot be used to guess PINs.
   */
  async authenticate(badge: string, pin: string, purpose: string): Promise<Operator> {
    const wrong = new StationFailure('NOT_AUTHENTICATED', 'Badge or PIN not recognised. Check the PIN and try again.');
    const record = this.#store.operators.byBadge(badge.trim());
    // Same words as a wrong PIN: the screen must not tell a stranger which badges exist.
    if (!record) throw wrong;
    const now = this.#now();
    if (record.lockedUntil && new Date(record.lockedUntil) > now) {
      throw new StationFailure(
        'FORBIDDEN',
        `This badge is locked after too many wrong PINs until ${new Date(record.lockedUntil).toLocaleTimeString()}. Ask the coordinator or admin.`,
      );
    }
    const matches = await pinMatches(pin, { salt: record.pinSalt, hash: record.pinHash });
    const operator = this.#store.transaction(() => {
      if (matches) {
        this.#store.operators.setLoginAttempts(record.id, 0, null);
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
      const attempts = record.failedAttempts + 1;
      const locks = attempts >= this.#policy.maxFailedPins;
      const lockedUntil = locks ? new Date(now.getTime() + this.#policy.lockoutMinutes() * 60_000).toISOString() : null;
      this.#store.operators.setLoginAttempts(record.id, locks ? 0 : attempts, lockedUntil);
      this.#store.audit.append({
        actor: 'station',
        kind: locks ? 'operator.lockedOut' : 'operator.loginRefused',
        subjectType: 'operator',
        subjectId: record.id,
        mode: this.#mode,
        payload: locks ? { lockedUntil, failedAttempts: attempts, purpose } : { failedAttempts: attempts, purpose },
      });
      return null;
    });
    if (!operator) throw wrong;
    return operator;
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

  recordLogout(operator: Operator, reason: 'operator' | 'idle'): void {
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
      this.#store.operators.setLoginAttempts(record.id, 0, null);
      this.#store.audit.append({ actor: `operator:${by.id}`, kind: 'operator.unlocked', subjectType: 'operator', subjectId: record.id, mode: this.#mode, payload: {} });
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
