import type { AuditEvent } from '../../../shared/contract/index.ts';
import { carried, type ExpectedRow, type TableReplay } from './types.ts';

const COLUMNS = ['badge', 'name', 'role'] as const;

/**
 * operators, by id: `operator.created` gives badge, name and role. Not replayed: the PIN salt and
 * hash (never written to the log, which leaves the station in exports), the lockout counters
 * (failed_attempts, locked_until: operational, reset by logins) and created_at (service clock).
 * A later event that carries badge, name or role (a change) sets it.
 */
export class OperatorsReplay implements TableReplay {
  readonly table = 'operators';
  readonly columns = COLUMNS;
  readonly #rows = new Map<string, ExpectedRow>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: AuditEvent): void {
    if (event.subjectType !== 'operator' || !event.kind.startsWith('operator.')) return;
    const p = event.payload;
    if (event.kind === 'operator.created') {
      this.#rows.set(event.subjectId, { badge: carried(p, 'badge'), name: carried(p, 'name'), role: carried(p, 'role') });
      return;
    }
    const row = this.#rows.get(event.subjectId);
    if (!row) return;
    for (const column of COLUMNS) if (Object.hasOwn(p, column)) row[column] = carried(p, column);
  }
}
