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

  /** Whether the store lists its items recorded out of time order (schema 10): else every search is a plain one. */
  readonly #rowidOrdered: boolean;

  constructor(db: Database.Database) {
    this.#db = db;
    // A store opened read-only (the CLI) is not migrated: one not yet at schema 10 is still searched, the plain way.
    this.#rowidOrdered = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items_received_late'").get() !== undefined;
  }

  find(query: ItemQuery): FoundItem[] {
    const { sql, params } = sqlOf(query, this.#rowidOrdered);
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare<unknown[], ItemSearchRow>(sql);
      this.#statements.set(sql, statement);
    }
    return statement.all(...params).map((row) => ({ ...toItem(row), recipient: row.recipient ?? null }));
  }

  explain(query: ItemQuery): string[] {
    const { sql, params } = sqlOf(query, this.#rowidOrdered);
    return (this.#db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
  }
}

function sqlOf(query: ItemQuery, rowidOrdered: boolean): { sql: string; params: unknown[] } {
  return (rowidOrdered ? recipientPageSql(query) : null) ?? plainSql(query);
}

const MAX_ROWID = '9223372036854775807';
const IN_ORDER = 'NOT IN (SELECT item_rowid FROM items_received_late)';
/** The rowid of the first item in time order at or after a point: where that point falls in rowid order. */
const FIRST_IN_ORDER_FROM = (test: string) =>
  `COALESCE((SELECT rowid FROM items WHERE ${test} AND rowid ${IN_ORDER} ORDER BY received_at, custody_id LIMIT 1), ${MAX_ROWID})`;

/**
 * A recipient search (with a date range, a page cursor, and for the free-text box a code), not
 * narrowed by state: its page is read straight off the recipient index, newest rowid first, since
 * for every item in order rowid order is (received_at, custody_id) order. The date range and the
 * cursor become rowid bounds; the items recorded out of order are added from their own short list;
 * the final ORDER BY puts the few candidates in order. Null when the query is not of this shape.
 */
function recipientPageSql({ filter, states, after, limit }: ItemQuery): { sql: string; params: unknown[] } | null {
  if (states || filter.custodyId !== undefined || filter.code !== undefined) return null;
  const anyOf = filter.anyOf && 'code' in filter.anyOf ? filter.anyOf : undefined;
  if (filter.anyOf && !anyOf) return null;
  const match = anyOf ? anyOf.recipientMatch : filter.recipientMatch;
  if (match === null || match === undefined || (anyOf && filter.recipientMatch !== undefined)) return null;

  const bounds: string[] = [];
  const boundParams: unknown[] = [];
  if (filter.receivedFrom !== undefined) {
    bounds.push(`f.rowid >= ${FIRST_IN_ORDER_FROM('received_at >= ?')}`);
    boundParams.push(filter.receivedFrom);
  }
  if (filter.receivedBefore !== undefined) {
    bounds.push(`f.rowid < ${FIRST_IN_ORDER_FROM('received_at >= ?')}`);
    boundParams.push(filter.receivedBefore);
  }
  if (after) {
    bounds.push(`f.rowid < ${FIRST_IN_ORDER_FROM('(received_at, custody_id) >= (?, ?)')}`);
    boundParams.push(after.receivedAt, after.custodyId);
  }
  const arms = [
    `SELECT rowid FROM (SELECT f.rowid FROM items_recipient_fts f WHERE items_recipient_fts MATCH ? ${bounds.map((b) => `AND ${b} `).join('')}AND f.rowid ${IN_ORDER}
       ORDER BY f.rowid DESC LIMIT ?)`,
    'SELECT rowid FROM items_late_recipient_fts WHERE items_late_recipient_fts MATCH ?',
  ];
  const params: unknown[] = [match, ...boundParams, limit, match];
  if (anyOf) {
    arms.push('SELECT rowid FROM items WHERE tracking_number = ?', 'SELECT rowid FROM items WHERE match_key = ?');
    params.push(anyOf.code, anyOf.code);
  }
  const { where, params: whereParams } = conditions({ ...filter, recipientMatch: undefined, anyOf: undefined }, null, after);
  const sql = `SELECT ${COLUMNS} FROM items LEFT JOIN incidents ON incidents.id = items.incident_id
      WHERE items.rowid IN (${arms.join(' UNION ALL ')})${where.map((w) => ` AND ${w}`).join('')}
      ORDER BY items.received_at DESC, items.custody_id DESC LIMIT ?`;
  return { sql, params: [...params, ...whereParams, limit] };
}

function plainSql({ filter, states, after, limit }: ItemQuery): { sql: string; params: unknown[] } {
  const { where, params } = conditions(filter, states, after);
  const sql = `SELECT ${COLUMNS} FROM items LEFT JOIN incidents ON incidents.id = items.incident_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY items.received_at DESC, items.custody_id DESC LIMIT ?`;
  params.push(limit);
  return { sql, params };
}

function conditions(filter: ItemFilter, states: readonly string[] | null, after: SearchPosition | null): { where: string[]; params: unknown[] } {
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
  return { where, params };
}
