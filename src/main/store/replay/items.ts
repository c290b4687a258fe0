import type { CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { canonicalCell } from './canonicalCell.ts';
import { ROW_CODEC, SpillingMap } from './spillingMap.ts';
import { carried, NOT_RECORDED, text, type ExpectedRow, type ExpectedRows, type TableReplay } from './types.ts';

const COLUMNS = [
  'tracking_number',
  'carrier',
  'scanned_code',
  'match_key',
  'symbology',
  'state',
  'mode',
  'received_by',
  'item_type',
  'recipient',
  'sender',
  'dimensions',
  'incident_number',
  'screened',
  'disposition',
] as const;

const json = (v: unknown) => (v === null || v === undefined ? null : canonicalCell(v));

/**
 * items, by custody ID. `item.received` (intake) and `drill.started` create a row; every lifecycle
 * step carries `from`/`to` and sets the state; details, the screening record, the disposition and
 * the incident come from their own events; a purge removes the rows it names. The row's timestamps
 * (received_at, updated_at) are the service clock's and are not compared.
 */
export class ItemsReplay implements TableReplay {
  readonly table = 'items';
  readonly columns = COLUMNS;
  readonly #rows = new SpillingMap<ExpectedRow>(ROW_CODEC);

  rows(): ExpectedRows {
    return this.#rows.reading();
  }

  /** The custody IDs a purge removed: their custody transfers went with them. */
  static purgedItems(event: CataloguedAuditEvent): readonly string[] {
    return event.kind === 'records.purged' ? (event.payload.items?.custodyIds ?? []) : [];
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.kind === 'records.purged') {
      for (const id of ItemsReplay.purgedItems(event)) this.#rows.delete(id);
      return;
    }
    if (event.subjectType !== 'item') return;
    const id = event.subjectId;
    if (event.kind === 'item.received') {
      const p = event.payload;
      const scannedCode = text(p.scannedCode);
      const trackingNumber = text(p.trackingNumber);
      this.#rows.set(id, {
        tracking_number: carried(p, 'trackingNumber'),
        carrier: carried(p, 'carrier'),
        scanned_code: carried(p, 'scannedCode'),
        // What a rescan matches on, as intake made it (older events: the tracking number, else the
        // code without spaces, upper case, which is how intake made it then).
        match_key: typeof p.matchKey === 'string' ? p.matchKey : Object.hasOwn(p, 'scannedCode') ? (trackingNumber ?? (scannedCode ?? '').replace(/\s+/g, '').toUpperCase()) : NOT_RECORDED,
        symbology: carried(p, 'symbology'),
        state: Object.hasOwn(p, 'state') ? text(p.state) : 'RECEIVED',
        mode: event.mode,
        received_by: event.actor,
        item_type: null,
        recipient: null,
        sender: null,
        dimensions: null,
        incident_number: null,
        screened: null,
        disposition: null,
      });
      return;
    }
    if (event.kind === 'drill.started') {
      const p = event.payload;
      const scenario = text(p.scenario) ?? '';
      const description = text(p.description) ?? '';
      this.#rows.set(id, {
        tracking_number: null,
        carrier: null,
        scanned_code: typeof p.scannedCode === 'string' ? p.scannedCode : `DRILL ${scenario}${description ? `: ${description}` : ''}`,
        match_key: typeof p.matchKey === 'string' ? p.matchKey : `DRILL-${id}`,
        symbology: null,
        state: 'RECEIVED',
        mode: event.mode,
        received_by: event.actor,
        item_type: 'parcel',
        recipient: null,
        sender: null,
        dimensions: null,
        incident_number: null,
        screened: null,
        disposition: null,
      });
      return;
    }
    const row = this.#rows.get(id);
    if (!row) return;
    // Every lifecycle step records where the item came from and went to.
    const p = event.payload;
    if ('to' in p && typeof p.to === 'string' && Object.hasOwn(p, 'from')) row.state = p.to;
    switch (event.kind) {
      case 'item.detailsRecorded':
        row.item_type = carried(event.payload, 'itemType');
        row.recipient = carried(event.payload, 'recipient');
        row.sender = carried(event.payload, 'sender');
        row.dimensions = carried(event.payload, 'dimensions', json);
        break;
      case 'item.recipientChosen':
        // The name chosen (a directory person's, or typed) is the item's recipient from then on.
        row.recipient = carried(event.payload, 'name');
        break;
      case 'item.markedSuspect':
        row.incident_number = carried(event.payload, 'incidentNumber');
        break;
      case 'item.cleared':
        row.screened = carried(event.payload, 'screened', json);
        break;
      case 'item.delivered':
      case 'item.returned':
      case 'item.voided': {
        // The step's payload is the disposition itself, plus the step's from/to.
        const { from: _from, to: _to, ...disposition } = event.payload;
        row.disposition = json(disposition);
        break;
      }
    }
  }
}
