import type Database from 'better-sqlite3';
import type { Item } from '../../../shared/contract/index.ts';
import { toItem, type ItemSummaryRow } from '../items.ts';

/** An item as the records screens list it: with the addressee as recorded. */
export type FoundItem = Item & { recipient: string | null };

/**
 * What a search narrows by, already normalised by the records service: every filter given must
 * hold (AND). `anyOf` is the free-text box: a custody ID, or a code or recipient words.
 */
export interface ItemFilter {
  custodyId?: string;
  /** A tracking number or scanned code, as intake keys it. */
  code?: string;
  /** An FTS5 query over the recipient (every word quoted). */
  recipientMatch?: string;
  anyOf?: { custodyId: string } | { code: string; recipientMatch: string | null };
  /** Received at or after (ISO). */
  receivedFrom?: string;
  /** Received before (ISO). */
  receivedBefore?: string;
}

/** Where the previous page ended: its last row's sort key. */
export interface SearchPosition {
  receivedAt: string;
  custodyId: string;
}

export interface ItemQuery {
  filter: ItemFilter;
  /** Only items in these states; null: any state. */
  states: readonly string[] | null;
  after: SearchPosition | null;
  limit: number;
}

/** Item search, newest first. Reads only. */
export interface SearchReadModel {
  find(query: ItemQuery): FoundItem[];
  /** SQLite's plan for the same query (EXPLAIN QUERY PLAN), for tests and tuning. */
  explain(query: ItemQuery): string[];
}

type ItemSearchRow = ItemSummaryRow & { recipient?: string | null };

const COLUMNS = `items.custody_id, items.tracking_number, items.carrier, items.scanned_code, items.symbology, items.state, items.mode,
  items.received_at, items.updated_at, items.received_by, items.item_type, items.recipient, incidents.number AS incident_number`;

const RECIPIENT_MATCHES = 'items.rowid IN (SELECT rowid FROM items_recipient_fts WHERE items_recipient_fts MATCH ?)';

/** Statements are prepared once per shape of query and reused. */
export class SqliteSearchReadModel implements SearchReadModel {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement<unknown[], ItemSearchRow>>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  find(query: ItemQuery): FoundItem[] {
    const { sql, params } = sqlOf(query);
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare<unknown[], ItemSearchRow>(sql);
      this.#statements.set(sql, statement);
    }
    return statement.all(...params).map((row) => ({ ...toItem(row), recipient: row.recipient ?? null }));
  }

  explain(query: ItemQuery): string[] {
    const { sql, params } = sqlOf(query);
    return (this.#db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
  }
}

function sqlOf({ filter, states, after, limit }: ItemQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.custodyId !== undefined) {
    where.push('items.custody_id = ?');
    params.push(filter.custodyId);
  }
  if (filter.code !== undefined) {
    where.push('(items.tracking_number = ? OR items.match_key = ?)');
    params.push(filter.code, filter.code);
  }
  if (filter.recipientMatch !== undefined) {
    where.push(RECIPIENT_MATCHES);
    params.push(filter.recipientMatch);
  }
  if (filter.anyOf) {
    if ('custodyId' in filter.anyOf) {
      where.push('items.custody_id = ?');
      params.push(filter.anyOf.custodyId);
    } else {
      // Each arm has its own index, so SQLite answers the OR as a union of index lookups.
      const arms = ['items.tracking_number = ?', 'items.match_key = ?'];
      params.push(filter.anyOf.code, filter.anyOf.code);
      if (filter.anyOf.recipientMatch !== null) {
        arms.push(RECIPIENT_MATCHES);
        params.push(filter.anyOf.recipientMatch);
      }
      where.push(`(${arms.join(' OR ')})`);
    }
  }
  if (filter.receivedFrom !== undefined) {
    where.push('items.received_at >= ?');
    params.push(filter.receivedFrom);
  }
  if (filter.receivedBefore !== undefined) {
    where.push('items.received_at < ?');
    params.push(filter.receivedBefore);
  }
  if (states) {
    where.push(states.length === 1 ? 'items.state = ?' : `items.state IN (${states.map(() => '?').join(', ')})`);
    params.push(...states);
  }
  if (after) {
    // A row value, so SQLite starts the walk at the cursor in the index instead of skipping up to it.
    where.push('(items.received_at, items.custody_id) < (?, ?)');
    params.push(after.receivedAt, after.custodyId);
  }
  const sql = `SELECT ${COLUMNS} FROM items LEFT JOIN incidents ON incidents.id = items.incident_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY items.received_at DESC, items.custody_id DESC LIMIT ?`;
  params.push(limit);
  return { sql, params };
}
