import { createHash } from 'node:crypto';
import type pg from 'pg';
import { StationFailure, type ConsoleArgs, type ConsoleResponse } from '../../../shared/contract/index.ts';
import { parseCustodyId } from '../../../shared/domain/index.ts';
import { RECIPIENT_FOLDED_WORDS } from '../postgres/index.ts';
import { DEFAULT_PAGE, decodeCursor, encodeCursor, ITEM_COLUMNS, itemOf, keysetPage, parameters, type Row } from './consoleReads.ts';

// The console's item search, as a station searches its own items (src/main/records/search.ts),
// across stations or at one: free text, recipient words, state(s) and a time range, each narrowing
// (AND), last changed first, paged by key. Every filter is an index range or an index lookup (site
// schema 10, 13 and 14: consoleSearchSchema.ts, siteStep14.ts); no text of the caller's is put in the SQL.

type SearchArgs = ConsoleArgs<'console.search'>;

/**
 * The recipient as the search index holds it (site schema 14, siteStep14.ts): its accents folded
 * as the station's full-text index folds them (site_folded: `zoe` finds "Zoë"), its punctuation
 * made spaces, so its words are the words the station's index makes (unicode61: a word is letters
 * and digits), then PostgreSQL's `simple` configuration (lower case, no stemming, no stop words).
 * The index is on exactly this expression; a query spelled otherwise would not use it.
 */
export const RECIPIENT_WORDS = RECIPIENT_FOLDED_WORDS;

/** Typed words matched against RECIPIENT_WORDS: folded by the same function, in the database, so both sides fold alike. */
const recipientMatches = (words: string) => `${RECIPIENT_WORDS} @@ to_tsquery('simple', site_folded(${words}))`;

/**
 * Typed recipient words as a tsquery: every word must start a word of the recipient (`'w':*`),
 * as the station's FTS5 `"w"*`. A word is letters and digits only, so nothing typed is read as
 * tsquery syntax, and `%` or `_` are no wildcard: they are not part of any word. Null when
 * nothing searchable was typed (the search finds nothing, as the station's does).
 */
export function recipientQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words.map((word) => `'${word}':*`).join(' & ');
}

/** The site's schema before version 14 has no folded recipient words (nor received times): its administrator runs `site init`. */
function olderSchema(error: unknown): StationFailure | null {
  const code = (error as { code?: unknown }).code;
  if (code !== '42883' && code !== '42703') return null;
  return new StationFailure('UNAVAILABLE', "The site database's schema is older than this console's search (version 14): the site's administrator runs site init, then site rebuild.");
}

/** A tracking number or code the way intake keys it (the station's match key): no spaces, upper case. */
const matchKey = (text: string): string => text.replace(/\s+/g, '').toUpperCase();

/** A range's end as the projection's times are written (ISO, UTC, milliseconds): a date means its day's start, or (`end`) the next day's. */
function boundary(text: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = new Date(`${text}T00:00:00.000Z`);
    if (end) day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString();
  }
  return new Date(text).toISOString();
}

interface Filters {
  query: string | null;
  recipient: string | null;
  states: string[] | null;
  from: string | null;
  to: string | null;
  receivedFrom: string | null;
  receivedTo: string | null;
  station: string | null;
}

function filtersOf(args: SearchArgs): Filters {
  const given = (value: string | undefined) => (value === undefined || value === '' ? null : value);
  return {
    query: given(args.query),
    recipient: given(args.recipient),
    states: args.states ? [...new Set(args.states)].sort() : null,
    from: args.changedFrom ? boundary(args.changedFrom, false) : null,
    to: args.changedTo ? boundary(args.changedTo, true) : null,
    receivedFrom: args.receivedFrom ? boundary(args.receivedFrom, false) : null,
    receivedTo: args.receivedTo ? boundary(args.receivedTo, true) : null,
    station: args.station ?? null,
  };
}

/**
 * What a search's cursor is bound to: the fingerprint of its filters as they are applied (a date
 * and that day's start are one search). A cursor of another search, or one's own cursor after a
 * filter changed, is refused; the screen starts again from the first page.
 */
export function searchBinding(args: SearchArgs): string {
  const filters = filtersOf(args);
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 16);
}

/**
 * The search. Free text is what the station's free text is: a custody ID (typed loosely, as the
 * station reads one), a tracking number, the code as scanned (its match key), or recipient words
 * (unless it reads as a custody ID); any of them (OR: each an index lookup, site schema 4 and 2 and
 * 13's recipient index). Recipient
 * words are ANDed with the rest. States: with no narrower filter, one ordered walk of (state,
 * last changed) per state (site schema 13), merged by PostgreSQL (as the station merges its
 * per-state walks): `state = ANY(…)` would gather and sort every match of the common states. Two
 * time ranges: when the item last changed (`updated_at`, what every list orders by, so that range
 * is the page's own index range) and when it was received (`received_at`, site schema 14: its
 * intake event's time, what the station's own range is on). The page's order is last changed
 * first either way.
 */
export async function searchItems(client: pg.ClientBase, args: SearchArgs): Promise<ConsoleResponse<'console.search'>> {
  const bound = searchBinding(args);
  const after = decodeCursor(args.cursor, bound);
  const limit = args.limit ?? DEFAULT_PAGE;
  const filters = filtersOf(args);
  const { values, param } = parameters();
  const station = filters.station ?? undefined;
  // One station's list compares times byte by byte (COLLATE "C"), as its index does (consoleReads' keysetPage).
  const changed = station === undefined ? 'updated_at' : 'updated_at COLLATE "C"';

  const narrow: string[] = [];
  if (filters.query !== null) {
    const q = param(filters.query);
    const either = [`custody_id = ${q}`, `tracking_number = ${q}`, `match_key = ${param(matchKey(filters.query))}`];
    const custodyId = parseCustodyId(filters.query);
    if (custodyId !== null && custodyId !== filters.query) either.push(`custody_id = ${param(custodyId)}`);
    // Text that reads as a custody ID is not a name, as at the station: its recipient words are not looked for.
    const words = custodyId === null ? recipientQuery(filters.query) : null;
    if (words !== null) either.push(recipientMatches(param(words)));
    narrow.push(`(${either.join(' OR ')})`);
  }
  if (filters.recipient !== null) {
    const words = recipientQuery(filters.recipient);
    if (words === null) return { items: [], next: null };
    narrow.push(recipientMatches(param(words)));
  }
  // When it was received (site schema 14: its intake event's time), as the station's own range: an
  // index range of its own (every station's, or one station's in byte order), narrow enough that
  // the states are a filter on it rather than one walk each. An item the site holds from before
  // version 14, not written again since (`site rebuild` writes every one), has no received time
  // and is not found by it.
  const received = station === undefined ? 'received_at' : 'received_at COLLATE "C"';
  if (filters.receivedFrom !== null) narrow.push(`${received} >= ${param(filters.receivedFrom)}`);
  if (filters.receivedTo !== null) narrow.push(`${received} < ${param(filters.receivedTo)}`);
  const range: string[] = [];
  if (filters.from !== null) range.push(`${changed} >= ${param(filters.from)}`);
  if (filters.to !== null) range.push(`${changed} < ${param(filters.to)}`);

  const page = keysetPage('', 'custody_id', station, after, param);
  const walk = (state: string[] | null) => {
    const where = [...narrow, ...range, ...page.where];
    if (state !== null) where.push(state.length === 1 ? `state = ${param(state[0])}` : `state = ANY(${param(state)})`);
    return `SELECT ${ITEM_COLUMNS} FROM site_items ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${page.order}`;
  };
  const take = param(limit + 1);
  let sql: string;
  if (filters.states !== null && filters.states.length > 1 && narrow.length === 0) {
    const walks = filters.states.map((state) => `(${walk([state])} LIMIT ${take})`);
    sql = `SELECT * FROM (${walks.join(' UNION ALL ')}) walks ORDER BY ${page.order} LIMIT ${take}`;
  } else {
    sql = `${walk(filters.states)} LIMIT ${take}`;
  }
  const { rows } = await client.query<Row>(sql, values).catch((error: unknown) => {
    throw olderSchema(error) ?? error;
  });
  const items = rows.slice(0, limit).map(itemOf);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor({ updatedAt: last.updatedAt, station: last.station, key: last.custodyId }, bound) : null };
}
