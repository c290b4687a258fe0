import type { AuditEvent } from '../../../shared/contract/index.ts';
import { canonicalJson } from '../canonicalJson.ts';
import { ItemsReplay } from './items.ts';
import { carried, operatorIdOf, type ExpectedCell, type ExpectedRow, type TableReplay } from './types.ts';

const COLUMNS = ['incident_number', 'kind', 'released_by', 'received_by', 'reason', 'seal_numbers', 'seal_intact', 'location', 'second_by', 'recorded_by'] as const;

const json = (v: unknown): ExpectedCell => (v === null || v === undefined ? null : canonicalJson(v));
const flag = (v: unknown): ExpectedCell => (v === null || v === undefined ? null : v ? '1' : '0');

/**
 * custody_transfers, keyed `<custody ID>/<n>`: the n-th transfer of that item, in the order they
 * were recorded (the row ids are not in the events). Every `custody.*` event is one transfer and
 * carries all of it; a purge removes an item's transfers with the item. The transfer's `at` is the
 * service clock's and is not compared.
 */
export class CustodyTransfersReplay implements TableReplay {
  readonly table = 'custody_transfers';
  readonly columns = COLUMNS;
  readonly #rows = new Map<string, ExpectedRow>();
  readonly #count = new Map<string, number>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: AuditEvent): void {
    if (event.kind === 'records.purged') {
      for (const id of ItemsReplay.purgedItems(event)) {
        for (let n = this.#count.get(id) ?? 0; n > 0; n -= 1) this.#rows.delete(`${id}/${n}`);
        this.#count.delete(id);
      }
      return;
    }
    if (event.subjectType !== 'item' || !event.kind.startsWith('custody.')) return;
    const p = event.payload;
    const n = (this.#count.get(event.subjectId) ?? 0) + 1;
    this.#count.set(event.subjectId, n);
    this.#rows.set(`${event.subjectId}/${n}`, {
      incident_number: carried(p, 'incidentNumber'),
      kind: carried(p, 'kind'),
      released_by: carried(p, 'releasedBy', json),
      received_by: carried(p, 'receivedBy', json),
      reason: carried(p, 'reason'),
      seal_numbers: carried(p, 'sealNumbers', json),
      seal_intact: carried(p, 'sealIntact', flag),
      location: carried(p, 'location'),
      second_by: carried(p, 'secondBy'),
      recorded_by: operatorIdOf(event.actor),
    });
  }
}
