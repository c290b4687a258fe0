import { createHash } from 'node:crypto';
import type { AuditEvent, AuditKind, CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { carried, NOT_RECORDED, text, type ExpectedCell, type ExpectedRow, type TableReplay } from './types.ts';

const COLUMNS = ['badge', 'name', 'role', 'pin_record', 'active', 'pin_to_change'] as const;

/**
 * A fingerprint of an operator's PIN salt and hash, for the log: it ties the row's PIN to the
 * event that set it, without the hash itself leaving the station in exports (without the salt,
 * which stays in the database, the fingerprint says nothing about the PIN).
 */
export function pinRecordFingerprint(salt: string, hash: string): string {
  return createHash('sha256').update(`mailscreen-pin-record\n${salt}\n${hash}`).digest('hex');
}

// Operator events known not to change the PIN. Any other operator event that does not carry a
// pinRecord (a PIN change recorded without one) leaves the PIN unchecked from then on.
const PIN_UNCHANGED: ReadonlySet<string> = new Set<AuditKind>([
  'operator.loggedIn',
  'operator.loggedOut',
  'operator.loginRefused',
  'operator.lockedOut',
  'operator.unlocked',
  'operator.confirmed',
  'operator.deactivated',
  'operator.reactivated',
  'operator.roleChanged',
]);

const flag = (value: unknown): ExpectedCell => (value === true ? 'true' : value === false ? 'false' : text(value));

/**
 * operators, by id: `operator.created` gives badge, name, role and the PIN's fingerprint, active and
 * no PIN to change; a later operator event that carries badge, name, role, pinRecord, active or
 * pinToChange (a change: deactivated, role changed, PIN reset, …) sets it. Not replayed: the
 * lockout counters (failed_attempts, locked_until: operational, reset by logins) and created_at
 * (service clock).
 */
export class OperatorsReplay implements TableReplay {
  readonly table = 'operators';
  readonly columns = COLUMNS;
  readonly #rows = new Map<string, ExpectedRow>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.subjectType !== 'operator' || !event.kind.startsWith('operator.')) return;
    const p = event.payload;
    if (event.kind === 'operator.created') {
      this.#rows.set(event.subjectId, { badge: carried(p, 'badge'), name: carried(p, 'name'), role: carried(p, 'role'), pin_record: carried(p, 'pinRecord'), active: 'true', pin_to_change: 'false' });
      return;
    }
    const row = this.#rows.get(event.subjectId);
    if (!row) return;
    for (const column of ['badge', 'name', 'role'] as const) if (Object.hasOwn(p, column)) row[column] = carried(p, column);
    if (Object.hasOwn(p, 'active')) row.active = carried(p, 'active', flag);
    if (Object.hasOwn(p, 'pinToChange')) row.pin_to_change = carried(p, 'pinToChange', flag);
    if (Object.hasOwn(p, 'pinRecord')) row.pin_record = carried(p, 'pinRecord');
    else if (!PIN_UNCHANGED.has(event.kind)) row.pin_record = NOT_RECORDED;
  }

  /** An operator event of a kind this version does not know may have changed the PIN: unchecked from then on. */
  foldUncatalogued(event: AuditEvent): void {
    if (event.subjectType !== 'operator' || !event.kind.startsWith('operator.')) return;
    const row = this.#rows.get(event.subjectId);
    if (row) row.pin_record = NOT_RECORDED;
  }
}
