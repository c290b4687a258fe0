import { StationFailure, type Item, type ItemState } from '../../shared/contract/index.ts';
import { parseCustodyId } from '../../shared/domain/index.ts';
import type { FoundItem, ItemFilter, SearchPosition, SearchReadModel } from '../store/index.ts';

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

type Position = SearchPosition;

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
  filter: ItemFilter;
  /** A filter that already narrows to a few rows: no need to split by state. */
  selective: boolean;
  empty: boolean;
}

/**
 * Item search for the records screens: each filter narrows (AND), newest first, paged by a cursor.
 * The queries are the store's search read model; this turns what was typed into its filters.
 */
export class ItemSearchService {
  readonly #read: SearchReadModel;

  constructor(read: SearchReadModel) {
    this.#read = read;
  }

  search(input: ItemSearch): ItemSearchPage {
    const limit = Math.max(1, Math.min(500, Math.trunc(input.limit)));
    const plan = this.#plan(input);
    if (plan.empty) return { items: [], nextCursor: null };
    const after = input.cursor ? decodeCursor(input.cursor) : null;
    const states = input.states && input.states.length > 0 ? [...new Set(input.states)] : null;
    let rows: FoundItem[];
    if (states && states.length > 1 && !plan.selective) {
      // One ordered walk of (state, received_at) per state, merged: an IN list over the index
      // would make SQLite gather and sort every match of the common states (most of the store).
      const perState = states.map((state) => this.#read.find({ filter: plan.filter, states: [state], after, limit: limit + 1 }));
      rows = perState.flat().sort(newestFirst).slice(0, limit + 1);
    } else {
      rows = this.#read.find({ filter: plan.filter, states, after, limit: limit + 1 });
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page,
      nextCursor: rows.length > limit && last ? encodeCursor({ receivedAt: last.receivedAt, custodyId: last.custodyId }) : null,
    };
  }

  /** The query plan of a search, for EXPLAIN QUERY PLAN in tests. */
  explain(input: ItemSearch): string[] {
    const plan = this.#plan(input);
    const states = input.states && input.states.length > 0 ? [...new Set(input.states)] : null;
    const split = states && states.length > 1 && !plan.selective;
    return this.#read.explain({ filter: plan.filter, states: split ? [states[0]!] : states, after: input.cursor ? decodeCursor(input.cursor) : null, limit: input.limit });
  }

  #plan(input: ItemSearch): Plan {
    const plan: Plan = { filter: {}, selective: false, empty: false };
    if (input.custodyId !== undefined && input.custodyId.trim() !== '') {
      const id = parseCustodyId(input.custodyId);
      if (!id) {
        plan.empty = true;
        return plan;
      }
      plan.filter.custodyId = id;
      plan.selective = true;
    }
    if (input.trackingNumber !== undefined && input.trackingNumber.trim() !== '') {
      plan.filter.code = normalizeCode(input.trackingNumber);
      plan.selective = true;
    }
    if (input.recipient !== undefined && input.recipient.trim() !== '') {
      const match = recipientMatch(input.recipient);
      if (!match) {
        plan.empty = true;
        return plan;
      }
      plan.filter.recipientMatch = match;
      plan.selective = true;
    }
    if (input.query !== undefined && input.query.trim() !== '') {
      const id = parseCustodyId(input.query);
      plan.filter.anyOf = id ? { custodyId: id } : { code: normalizeCode(input.query), recipientMatch: recipientMatch(input.query) };
      plan.selective = true;
    }
    if (input.from) plan.filter.receivedFrom = boundary(input.from, false);
    if (input.to) plan.filter.receivedBefore = boundary(input.to, true);
    return plan;
  }
}

function newestFirst(a: FoundItem, b: FoundItem): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? 1 : -1;
  return a.custodyId < b.custodyId ? 1 : a.custodyId > b.custodyId ? -1 : 0;
}
