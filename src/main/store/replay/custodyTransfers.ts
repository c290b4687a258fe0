import type { CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { canonicalJson } from '../canonicalJson.ts';
import { ItemsReplay } from './items.ts';
import { carried, operatorIdOf, SequencedRows, type ExpectedCell, type TableReplay } from './types.ts';

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
  readonly #rows = new SequencedRows();

  rows(): SequencedRows {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    switch (event.kind) {
      case 'records.purged':
        for (const id of ItemsReplay.purgedItems(event)) this.#rows.dropSubject(id);
        return;
      case 'custody.quarantined':
      case 'custody.transferred':
      case 'custody.handedOver':
      case 'custody.released':
      case 'custody.destroyed':
        break;
      default:
        return;
    }
    const p = event.payload;
    this.#rows.add(event.subjectId, {
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
