import { randomUUID } from 'node:crypto';
import { StationFailure, type Operator, type RecordMode } from '../../shared/contract/index.ts';
import { publicOperator, type Store } from '../store/index.ts';
import { hashPin, pinMatches } from './pin.ts';

export interface OperatorPolicy {
  maxFailedPins: number;
  lockoutMinutes: number;
}

export const DEFAULT_OPERATOR_POLICY: OperatorPolicy = { maxFailedPins: 5, lockoutMinutes: 15 };

/** Operators and their logins; every change to an operator is recorded in the audit log. */
export class OperatorService {
  readonly #store: Store;
  readonly #mode: RecordMode;
  readonly #policy: OperatorPolicy;
  readonly #now: () => Date;

  constructor(store: Store, mode: RecordMode, policy: OperatorPolicy, now: () => Date) {
    this.#store = store;
    this.#mode = mode;
    this.#policy = policy;
    this.#now = now;
  }

  needsSetup(): boolean {
    return this.#store.operators.count() === 0;
  }

  /** The one-time first start: creates the first admin. Refused once any operator exists. */
  async setupFirstAdmin(input: { badge: string; name: string; pin: string }): Promise<Operator> {
    const pin = await hashPin(input.pin);
    return this.#store.transaction(() => {
      if (!this.needsSetup()) {
        throw new StationFailure('CONFLICT', 'This station is already set up. Log in with your badge and PIN.');
      }
      const record = {
        id: randomUUID(),
        badge: input.badge,
        name: input.name,
        role: 'admin' as const,
        pinSalt: pin.salt,
        pinHash: pin.hash,
        failedAttempts: 0,
        lockedUntil: null,
        createdAt: this.#now().toISOString(),
      };
      this.#store.operators.insert(record);
      this.#store.audit.append({
        actor: `operator:${record.id}`,
        kind: 'operator.created',
        subjectType: 'operator',
        subjectId: record.id,
        mode: this.#mode,
        payload: { badge: record.badge, name: record.name, role: record.role, via: 'first-run setup' },
      });
      return publicOperator(record);
    });
  }

  async logIn(badge: string, pin: string): Promise<Operator> {
    const wrong = new StationFailure('NOT_AUTHENTICATED', 'Badge or PIN not recognised. Check the PIN and try again.');
    const record = this.#store.operators.byBadge(badge.trim());
    if (!record) {
      // Same words as a wrong PIN: the screen must not tell a stranger which badges exist.
      throw wrong;
    }
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
          kind: 'operator.loggedIn',
          subjectType: 'operator',
          subjectId: record.id,
          mode: this.#mode,
          payload: {},
        });
        return publicOperator(record);
      }
      const attempts = record.failedAttempts + 1;
      const locks = attempts >= this.#policy.maxFailedPins;
      const lockedUntil = locks ? new Date(now.getTime() + this.#policy.lockoutMinutes * 60_000).toISOString() : null;
      this.#store.operators.setLoginAttempts(record.id, locks ? 0 : attempts, lockedUntil);
      this.#store.audit.append({
        actor: 'station',
        kind: locks ? 'operator.lockedOut' : 'operator.loginRefused',
        subjectType: 'operator',
        subjectId: record.id,
        mode: this.#mode,
        payload: locks ? { lockedUntil, failedAttempts: attempts } : { failedAttempts: attempts },
      });
      return null;
    });
    if (!operator) throw wrong;
    return operator;
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
}
