import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  Dimensions,
  OPEN_ITEM_STATES,
  ScreenedRecord,
  type Carrier,
  type Item,
  type ItemState,
  type ItemType,
  type RecordMode,
} from '../../shared/contract/index.ts';
import { parseStoredJsonOrNull } from './storedJson.ts';

/** What a disposition records varies by how the item left (hand-over, release, ...): an object, at least. */
const Disposition = z.record(z.string(), z.unknown());

/** An items row as the SELECTs read it: the columns an Item needs, plus the rest when selected. */
export interface ItemSummaryRow {
  custody_id: string;
  tracking_number: string | null;
  carrier: string | null;
  scanned_code: string;
  symbology: string | null;
  state: string;
  mode: string;
  received_at: string;
  updated_at: string;
  received_by: string;
  item_type: string | null;
  incident_number: string | null;
}

interface ItemRow extends ItemSummaryRow {
  match_key: string;
  recipient: string | null;
  sender: string | null;
  dimensions: string | null;
  incident_id: number | null;
  screened: string | null;
  disposition: string | null;
}

export function toItem(row: ItemSummaryRow): Item {
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
    itemType: row.item_type as ItemType | null,
    incidentNumber: row.incident_number,
  };
}

/** The item's own fields beyond the summary row. */
export interface ItemExtras {
  recipient: string | null;
  sender: string | null;
  dimensions: Dimensions | null;
  incidentId: number | null;
  screened: ScreenedRecord | null;
  disposition: Record<string, unknown> | null;
}

/** An item's insert, its values in the statement's column order (bound by position: named values cost ~1.5 µs more a scan). */
type InsertRow = [
  custodyId: string,
  trackingNumber: string | null,
  carrier: string | null,
  scannedCode: string,
  matchKey: string,
  symbology: string | null,
  state: string,
  mode: string,
  receivedAt: string,
  updatedAt: string,
  receivedBy: string,
  itemType: string | null,
];

/**
 * The incident's number as a scalar subquery, not a LEFT JOIN. Where the planner weighs other plans
 * (a join's order, an index that gives the ORDER BY) it marks a `= ?` value as one it may plan by,
 * and better-sqlite3 clears the bindings after every run, which expires a statement so marked: it
 * was prepared again at every call (20-60 µs; intake asked up to four per scan). The subquery form
 * runs as prepared; incidents.id is the primary key, so the answer is the same.
 */
const SELECT_ITEMS = 'SELECT items.*, (SELECT incidents.number FROM incidents WHERE incidents.id = items.incident_id) AS incident_number FROM items';

const OPEN_STATES_SQL = OPEN_ITEM_STATES.map((s) => `'${s}'`).join(', ');

export interface NewItem {
  item: Item;
  /** What identifies the same piece of mail on a rescan: the tracking number, else the scanned code. */
  matchKey: string;
}

export class ItemRepository {
  readonly #insert: Database.Statement<InsertRow>;
  readonly #byCustodyId: Database.Statement<[string], ItemRow>;
  readonly #exists: Database.Statement<[string], { found: 1 }>;
  readonly #openByMatchKey: Database.Statement<[string, string], ItemRow>;
  readonly #latestByMatchKey: Database.Statement<[string, string], ItemRow>;
  readonly #open: Database.Statement<[number], ItemRow>;
  /** Prepared once with the others: preparing at each call cost more than running (each step of an item sets its state). */
  readonly #updates: {
    state: Database.Statement<[ItemState, string, string]>;
    details: Database.Statement<[ItemType | null, string | null, string | null, string | null, string, string]>;
    incident: Database.Statement<[number, string]>;
    screened: Database.Statement<[string, string]>;
    disposition: Database.Statement<[string, string]>;
    recipient: Database.Statement<[string, string]>;
  };

  constructor(db: Database.Database) {
    this.#updates = {
      state: db.prepare('UPDATE items SET state = ?, updated_at = ? WHERE custody_id = ?'),
      details: db.prepare('UPDATE items SET item_type = ?, recipient = ?, sender = ?, dimensions = ?, updated_at = ? WHERE custody_id = ?'),
      incident: db.prepare('UPDATE items SET incident_id = ? WHERE custody_id = ?'),
      screened: db.prepare('UPDATE items SET screened = ? WHERE custody_id = ?'),
      disposition: db.prepare('UPDATE items SET disposition = ? WHERE custody_id = ?'),
      recipient: db.prepare('UPDATE items SET recipient = ? WHERE custody_id = ?'),
    };
    this.#insert = db.prepare(`INSERT INTO items
      (custody_id, tracking_number, carrier, scanned_code, match_key, symbology, state, mode, received_at, updated_at, received_by, item_type)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#byCustodyId = db.prepare(`${SELECT_ITEMS} WHERE items.custody_id = ?`);
    this.#exists = db.prepare('SELECT 1 AS found FROM items WHERE custody_id = ?');
    // `= +?`: the same plan (items_match_key), but a value behind a unary + is no planner hint, so
    // the statement is not marked and not prepared again at each call (see SELECT_ITEMS).
    this.#openByMatchKey = db.prepare(
      `${SELECT_ITEMS} WHERE items.match_key = +? AND items.mode = +? AND items.state IN (${OPEN_STATES_SQL}) ORDER BY items.received_at DESC, items.rowid DESC LIMIT 1`,
    );
    this.#latestByMatchKey = db.prepare(`${SELECT_ITEMS} WHERE items.match_key = +? AND items.mode = +? ORDER BY items.received_at DESC, items.rowid DESC LIMIT 1`);
    // LIMIT +?: a bare `LIMIT ?` is marked too (the same plan either way; measured at 1M items).
    this.#open = db.prepare(
      `${SELECT_ITEMS} WHERE items.state IN (${OPEN_STATES_SQL}) AND items.mode != 'drill' ORDER BY items.received_at DESC, items.rowid DESC LIMIT +?`,
    );
  }

  insert({ item, matchKey }: NewItem): void {
    this.#insert.run(
      item.custodyId,
      item.trackingNumber,
      item.carrier,
      item.scannedCode,
      matchKey,
      item.symbology,
      item.state,
      item.mode,
      item.receivedAt,
      item.updatedAt,
      item.receivedBy,
      item.itemType,
    );
  }

  /**
   * What intake asks of a match key, in one lookup for a number never seen (the usual scan): the
   * open item it belongs to (the latest open one), and the latest item in any state (a closed one
   * included: intake asks before a second one). Both orders are the same, so when the latest item
   * is open it is also the latest open one, and only a latest item that is closed needs a second look.
   */
  byMatchKey(matchKey: string, mode: RecordMode): { open: Item | null; latest: Item | null } {
    const latest = this.latestByMatchKey(matchKey, mode);
    if (latest === null) return { open: null, latest: null };
    if (OPEN_ITEM_STATES.includes(latest.state)) return { open: latest, latest };
    return { open: this.openByMatchKey(matchKey, mode), latest };
  }

  /** The latest item with this match key in any state (a closed one included): intake asks before a second one. */
  latestByMatchKey(matchKey: string, mode: RecordMode): Item | null {
    const row = this.#latestByMatchKey.get(matchKey, mode);
    return row ? toItem(row) : null;
  }

  extras(custodyId: string): ItemExtras | null {
    const row = this.#byCustodyId.get(custodyId);
    if (!row) return null;
    const at = (column: string) => ({ table: 'items', column, key: `custody_id ${custodyId}` });
    return {
      recipient: row.recipient,
      sender: row.sender,
      dimensions: parseStoredJsonOrNull(Dimensions, row.dimensions || null, at('dimensions')),
      incidentId: row.incident_id,
      screened: parseStoredJsonOrNull(ScreenedRecord, row.screened || null, at('screened')),
      disposition: parseStoredJsonOrNull(Disposition, row.disposition || null, at('disposition')),
    };
  }

  setState(custodyId: string, state: ItemState, at: string): void {
    this.#updates.state.run(state, at, custodyId);
  }

  setDetails(custodyId: string, d: { itemType: ItemType | null; recipient: string | null; sender: string | null; dimensions: Dimensions | null }, at: string): void {
    this.#updates.details.run(d.itemType, d.recipient, d.sender, d.dimensions ? JSON.stringify(d.dimensions) : null, at, custodyId);
  }

  /** The recipient chosen for the item (not a step: the item's updated_at, its waiting time, stays). */
  setRecipient(custodyId: string, recipient: string): void {
    this.#updates.recipient.run(recipient, custodyId);
  }

  setIncident(custodyId: string, incidentId: number): void {
    this.#updates.incident.run(incidentId, custodyId);
  }

  setScreened(custodyId: string, screened: ScreenedRecord): void {
    this.#updates.screened.run(JSON.stringify(screened), custodyId);
  }

  setDisposition(custodyId: string, disposition: Record<string, unknown>): void {
    this.#updates.disposition.run(JSON.stringify(disposition), custodyId);
  }

  exists(custodyId: string): boolean {
    return this.#exists.get(custodyId) !== undefined;
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
