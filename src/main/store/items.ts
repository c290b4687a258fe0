import type Database from 'better-sqlite3';
import { OPEN_ITEM_STATES, type Carrier, type Item, type ItemState, type RecordMode } from '../../shared/contract/index.ts';

interface ItemRow {
  custody_id: string;
  tracking_number: string | null;
  carrier: string | null;
  scanned_code: string;
  match_key: string;
  symbology: string | null;
  state: string;
  mode: string;
  received_at: string;
  updated_at: string;
  received_by: string;
}

function toItem(row: ItemRow): Item {
  return {
    custodyId: row.custody_id,
    trackingNumber: row.tracking_number,
    carrier: row.carrier as Carrier | null,
    scannedCode: row.scanned_code,
    symbology: row.symbology,
    state: row.state as ItemState,
    mode: row.mode as RecordMode,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    receivedBy: row.received_by,
  };
}

const OPEN_STATES_SQL = OPEN_ITEM_STATES.map((s) => `'${s}'`).join(', ');

export interface NewItem {
  item: Item;
  /** What identifies the same piece of mail on a rescan: the tracking number, else the scanned code. */
  matchKey: string;
}

export class ItemRepository {
  readonly #insert: Database.Statement<ItemRow>;
  readonly #byCustodyId: Database.Statement<[string], ItemRow>;
  readonly #openByMatchKey: Database.Statement<[string, string], ItemRow>;
  readonly #open: Database.Statement<[number], ItemRow>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(`INSERT INTO items
      (custody_id, tracking_number, carrier, scanned_code, match_key, symbology, state, mode, received_at, updated_at, received_by)
      VALUES (@custody_id, @tracking_number, @carrier, @scanned_code, @match_key, @symbology, @state, @mode, @received_at, @updated_at, @received_by)`);
    this.#byCustodyId = db.prepare('SELECT * FROM items WHERE custody_id = ?');
    this.#openByMatchKey = db.prepare(
      `SELECT * FROM items WHERE match_key = ? AND mode = ? AND state IN (${OPEN_STATES_SQL}) ORDER BY received_at DESC, rowid DESC LIMIT 1`,
    );
    this.#open = db.prepare(`SELECT * FROM items WHERE state IN (${OPEN_STATES_SQL}) ORDER BY received_at DESC, rowid DESC LIMIT ?`);
  }

  insert({ item, matchKey }: NewItem): void {
    this.#insert.run({
      custody_id: item.custodyId,
      tracking_number: item.trackingNumber,
      carrier: item.carrier,
      scanned_code: item.scannedCode,
      match_key: matchKey,
      symbology: item.symbology,
      state: item.state,
      mode: item.mode,
      received_at: item.receivedAt,
      updated_at: item.updatedAt,
      received_by: item.receivedBy,
    });
  }

  exists(custodyId: string): boolean {
    return this.#byCustodyId.get(custodyId) !== undefined;
  }

  byCustodyId(custodyId: string): Item | null {
    const row = this.#byCustodyId.get(custodyId);
    return row ? toItem(row) : null;
  }

  openByMatchKey(matchKey: string, mode: RecordMode): Item | null {
    const row = this.#openByMatchKey.get(matchKey, mode);
    return row ? toItem(row) : null;
  }

  open(limit: number): Item[] {
    return this.#open.all(limit).map(toItem);
  }
}
