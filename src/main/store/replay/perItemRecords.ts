import type { CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { ItemsReplay } from './items.ts';
import { SequencedRows, type ExpectedRow, type TableReplay } from './types.ts';

/**
 * A table of an item's records in the order they were made, keyed `<custody ID>/<n>` (the row ids
 * are not in the events); a purge removes the item's records with it.
 */
export abstract class PerItemRecords implements TableReplay {
  abstract readonly table: string;
  abstract readonly columns: readonly string[];
  readonly #rows = new SequencedRows();

  rows(): SequencedRows {
    return this.#rows;
  }

  /** The row this event adds, or null when it adds none. */
  protected abstract row(event: CataloguedAuditEvent): ExpectedRow | null;

  fold(event: CataloguedAuditEvent): void {
    for (const id of ItemsReplay.purgedItems(event)) this.#rows.dropSubject(id);
    if (event.subjectType !== 'item') return;
    const row = this.row(event);
    if (row) this.#rows.add(event.subjectId, row);
  }
}
