import type Database from 'better-sqlite3';
import { z } from 'zod';
import { CustodyParty, type CataloguedAuditEvent, type CustodyTransferView } from '../../../shared/contract/index.ts';
import { canonicalCell, carried, ItemsReplay, operatorIdOf, SequencedRows, type ExpectedCell, type TableReplay } from '../replay/index.ts';
import { parseStoredJson } from '../storedJson.ts';
import { OF_PURGED_ITEMS, numberedRowKey, type ItemRecordTable } from './itemRecordTable.ts';

const COLUMNS = ['incident_number', 'kind', 'released_by', 'received_by', 'reason', 'seal_numbers', 'seal_intact', 'location', 'second_by', 'recorded_by'] as const;

const json = (v: unknown): ExpectedCell => (v === null || v === undefined ? null : canonicalCell(v));
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

const StoredSealNumbers = z.array(z.string());

interface TransferRow {
  id: number;
  kind: CustodyTransferView['kind'];
  released_by: string;
  received_by: string;
  reason: string;
  seal_numbers: string;
  seal_intact: number | null;
  location: string | null;
  second_by: string | null;
  at: string;
}

export type NewCustodyTransfer = Omit<CustodyTransferView, 'id'> & { incidentId: number | null; recordedBy: string };

/** The chain of custody of quarantined items: every hand from discovery to disposition. */
export class CustodyRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  insert(custodyId: string, t: NewCustodyTransfer): void {
    this.#db
      .prepare(
        `INSERT INTO custody_transfers (custody_id, incident_id, kind, released_by, received_by, reason, seal_numbers, seal_intact, location, second_by, recorded_by, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        custodyId,
        t.incidentId,
        t.kind,
        JSON.stringify(t.releasedBy),
        JSON.stringify(t.receivedBy),
        t.reason,
        JSON.stringify(t.sealNumbers),
        t.sealIntact === null ? null : t.sealIntact ? 1 : 0,
        t.location,
        t.secondBy,
        t.recordedBy,
        t.at,
      );
  }

  forItem(custodyId: string): CustodyTransferView[] {
    const rows = this.#db.prepare('SELECT * FROM custody_transfers WHERE custody_id = ? ORDER BY id').all(custodyId) as TransferRow[];
    return rows.map((r) => {
      const at = (column: string) => ({ table: 'custody_transfers', column, key: `id ${r.id}` });
      return {
        id: r.id,
        kind: r.kind,
        releasedBy: parseStoredJson(CustodyParty, r.released_by, at('released_by')),
        receivedBy: parseStoredJson(CustodyParty, r.received_by, at('received_by')),
        reason: r.reason,
        sealNumbers: parseStoredJson(StoredSealNumbers, r.seal_numbers, at('seal_numbers')),
        sealIntact: r.seal_intact === null ? null : r.seal_intact === 1,
        location: r.location,
        secondBy: r.second_by,
        at: r.at,
      };
    });
  }

  /** Who holds the item now: the receiver of the latest transfer. */
  currentHolder(custodyId: string): CustodyParty | null {
    return this.forItem(custodyId).at(-1)?.receivedBy ?? null;
  }
}

export const CUSTODY_TRANSFERS = {
  table: 'custody_transfers',
  replay: () => new CustodyTransfersReplay(),
  rows: {
    sql: `SELECT t.custody_id AS key, t.id AS row_id, t.custody_id AS subject, t.id AS ordinal,
      n.number AS incident_number, t.kind, t.released_by, t.received_by, t.reason, t.seal_numbers, t.seal_intact, t.location,
      t.second_by, t.recorded_by FROM custody_transfers t LEFT JOIN incidents n ON n.id = t.incident_id ORDER BY t.id`,
    numbered: numberedRowKey('custody_transfers'),
    json: ['released_by', 'received_by', 'seal_numbers'],
  },
  // A transfer recorded under a purged incident goes with the incident too.
  purge: `DELETE FROM custody_transfers WHERE incident_id IN (SELECT value FROM json_each(@incidents)) OR custody_id ${OF_PURGED_ITEMS}`,
  verifyHelp: {
    checks: 'each transfer of an item in order: incident, kind, from, to, reason, seals, seal intact, location, second person, recorded by',
    unchecked: "a transfer's at",
  },
  repository: (db) => new CustodyRepository(db),
} as const satisfies ItemRecordTable<'custody_transfers', CustodyRepository>;
