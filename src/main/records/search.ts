import type Database from 'better-sqlite3';
import { StationFailure, type Item, type ItemState } from '../../shared/contract/index.ts';
import { toItem, type ItemSummaryRow as StoreRow } from '../store/items.ts';

type ItemSummaryRow = StoreRow & { recipient?: string | null };
import { parseCustodyId } from '../../shared/domain/index.ts';

export interface ItemSearch {
  /** Free text: a custody ID (typed loosely), a tracking number or scanned code, or recipient words. */
  query?: string | undefined;
  trackingNumber?: string | undefined;
  custodyId?: string | undefined;
  /** Words of the recipient, each matched as a word prefix. */
  recipient?: string | undefined;
  /** Received at or after (ISO date-time, or a date meaning its start, UTC). */
  from?: string | undefined;
  /** Received before (ISO date-time, or a date meaning the end of that day, UTC). */
  to?: string | undefined;
  states?: readonly ItemState[] | undefined;
  limit: number;
  cursor?: string | null | undefined;
}

export interface ItemSearchPage {
  /** Each item with the addressee as recorded, so a recipient search shows why it matched. */
  items: Array<Item & { recipient: string | null }>;
  nextCursor: string | null;
}

const COLUMNS = `items.custody_id, items.tracking_number, items.carrier, items.scanned_code, items.symbology, items.state, items.mode,
  items.received_at, items.updated_at, items.received_by, items.item_type, items.recipient, incidents.number AS incident_number`;

interface Position {
  receivedAt: string;
  custodyId: string;
}

/** The cursor is the last row's sort key, so a page never skips or repeats rows that arrive meanwhile. */
export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.receivedAt, p.custodyId])).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { receivedAt: value[0], custodyId: value[1] };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new StationFailure('INVALID_ARGUMENTS', 'This page cursor is not one the search gave out: start the search again from the first page.');
}

/**
 * Recipient words as an FTS5 query: every word must start a word of the recipient. Words are
 * quoted, so nothing typed is read as FTS syntax. Null when nothing searchable was typed.
 */
export function recipientMatch(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

/** A tracking number or scanned code the way intake keys it: no spaces, upper case. */
export function normalizeCode(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

function boundary(text: string, end: boolean): string {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    if (!end) return `${t}T00:00:00.000Z`;
    const next = new Date(`${t}T00:00:00.000Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString();
  }
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) {
    throw new StationFailure('INVALID_ARGUMENTS', `"${text}" is not a date: give it as 2026-03-14 or 2026-03-14T09:30:00Z.`);
  }
  // Stored times are toISOString() output, so comparing in that exact form orders correctly.
  return d.toISOString();
}

interface Plan {
  where: string[];
  params: unknown[];
  /** A filter that already narrows to a few rows: no need to split by state. */
  selective: boolean;
  empty: boolean;
}

/**
 * Item search for the records screens: each filter narrows (AND), newest first, paged by a cursor.
 * Statements are prepared once per shape of query and reused.
 */
export class ItemSearchService {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement<unknown[], ItemSummaryRow>>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  search(input: ItemSearch): ItemSearchPage {
    const limit = Math.max(1, Math.min(500, Math.trunc(input.limit)));
    const plan = this.#plan(input);
    if (plan.empty) return { items: [], nextCursor: null };
    const after = input.cursor ? decodeCursor(input.cursor) : null;
    const states = input.states && input.states.length > 0 ? [...new Set(input.states)] : null;
    let rows: ItemSummaryRow[];
    if (states && states.length > 1 && !plan.selective) {
      // One ordered walk of (state, received_at) per state, merged: an IN list over the index
      // would make SQLite gather and sort every match of the common states (most of the store).
      const perState = states.map((state) => this.#run(plan, [state], after, limit + 1));
      rows = perState.flat().sort(newestFirst).slice(0, limit + 1);
    } else {
      rows = this.#run(plan, states, after, limit + 1);
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({ ...toItem(row), recipient: row.recipient ?? null })),
      nextCursor: rows.length > limit && last ? encodeCursor({ receivedAt: last.received_at, custodyId: last.custody_id }) : null,
    };
  }

  /** The SQL and parameters of a search, for EXPLAIN QUERY PLAN in tests. */
  explain(input: ItemSearch): string[] {
    const plan = this.#plan(input);
    const states = input.states && input.states.length > 0 ? [...new Set(input.states)] : null;
    const split = states && states.length > 1 && !plan.selective;
    const { sql, params } = this.#sql(plan, split ? [states[0]!] : states, input.cursor ? decodeCursor(input.cursor) : null, input.limit);
    return (this.#db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
  }

  #plan(input: ItemSearch): Plan {
    const plan: Plan = { where: [], params: [], selective: false, empty: false };
    if (input.custodyId !== undefined && input.custodyId.trim() !== '') {
      const id = parseCustodyId(input.custodyId);
      if (!id) {
        plan.empty = true;
        return plan;
      }
      plan.where.push('items.custody_id = ?');
      plan.params.push(id);
      plan.selective = true;
    }
    if (input.trackingNumber !== undefined && input.trackingNumber.trim() !== '') {
      const code = normalizeCode(input.trackingNumber);
      plan.where.push('(items.tracking_number = ? OR items.match_key = ?)');
      plan.params.push(code, code);
      plan.selective = true;
    }
    if (input.recipient !== undefined && input.recipient.trim() !== '') {
      const match = recipientMatch(input.recipient);
      if (!match) {
        plan.empty = true;
        return plan;
      }
      plan.where.push('items.rowid IN (SELECT rowid FROM items_recipient_fts WHERE items_recipient_fts MATCH ?)');
      plan.params.push(match);
      plan.selective = true;
    }
    if (input.query !== undefined && input.query.trim() !== '') {
      const id = parseCustodyId(input.query);
      if (id) {
        plan.where.push('items.custody_id = ?');
        plan.params.push(id);
      } else {
        const code = normalizeCode(input.query);
        const match = recipientMatch(input.query);
        // Each arm has its own index, so SQLite answers the OR as a union of index lookups.
        const arms = ['items.tracking_number = ?', 'items.match_key = ?'];
        plan.params.push(code, code);
        if (match) {
          arms.push('items.rowid IN (SELECT rowid FROM items_recipient_fts WHERE items_recipient_fts MATCH ?)');
          plan.params.push(match);
        }
        plan.where.push(`(${arms.join(' OR ')})`);
      }
      plan.selective = true;
    }
    if (input.from) {
      plan.where.push('items.received_at >= ?');
      plan.params.push(boundary(input.from, false));
    }
    if (input.to) {
      plan.where.push('items.received_at < ?');
      plan.params.push(boundary(input.to, true));
    }
    return plan;
  }

  #sql(plan: Plan, states: readonly string[] | null, after: Position | null, limit: number): { sql: string; params: unknown[] } {
    const where = [...plan.where];
    const params = [...plan.params];
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

  #run(plan: Plan, states: readonly string[] | null, after: Position | null, limit: number): ItemSummaryRow[] {
    const { sql, params } = this.#sql(plan, states, after, limit);
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare<unknown[], ItemSummaryRow>(sql);
      this.#statements.set(sql, statement);
    }
    return statement.all(...params);
  }
}

function newestFirst(a: ItemSummaryRow, b: ItemSummaryRow): number {
  if (a.received_at !== b.received_at) return a.received_at < b.received_at ? 1 : -1;
  return a.custody_id < b.custody_id ? 1 : a.custody_id > b.custody_id ? -1 : 0;
}
