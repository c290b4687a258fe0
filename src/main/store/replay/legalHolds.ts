import type { CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { carried, NOT_RECORDED, type ExpectedRow, type TableReplay } from './types.ts';

const COLUMNS = ['subject_type', 'subject_id', 'reason', 'placed_by', 'released_by', 'release_reason', 'released'] as const;

/**
 * legal_holds, by hold id: `records.holdPlaced` (on the item or incident it holds) creates it,
 * `records.holdReleased` releases it. Holds are never deleted, not even by a purge. placed_at and
 * released_at are the service clock's: only whether the hold is released is compared.
 */
export class LegalHoldsReplay implements TableReplay {
  readonly table = 'legal_holds';
  readonly columns = COLUMNS;
  readonly #rows = new Map<string, ExpectedRow>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.kind !== 'records.holdPlaced' && event.kind !== 'records.holdReleased') return;
    const p = event.payload;
    if (typeof p.holdId !== 'number') return;
    const key = String(p.holdId);
    if (event.kind === 'records.holdPlaced') {
      this.#rows.set(key, {
        subject_type: event.subjectType,
        subject_id: event.subjectId,
        reason: carried(p, 'reason'),
        placed_by: event.actor,
        released_by: null,
        release_reason: null,
        released: 'false',
      });
      return;
    }
    const row = this.#rows.get(key);
    if (!row) return;
    row.released_by = event.actor;
    row.release_reason = Object.hasOwn(p, 'reason') ? carried(p, 'reason') : NOT_RECORDED;
    row.released = 'true';
  }
}
