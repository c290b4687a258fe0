import type { PublishedEvent } from '../siteLink.ts';

// PostgreSQL's text cannot hold the NUL character (U+0000) and its jsonb refuses the escape
// \u0000, yet a station's event may hold one wherever someone typed it (a sender, a seal, a note).
// The site keeps such an event whole all the same: each column holds what PostgreSQL can (a NUL
// in a text column as ␀, U+2400; a \u0000 escape in the payload's JSON as \u2400, so its
// generated JSONB copy is made as for any event), and the column `exact` holds the JSON text of
// the exact values of the columns that differ (JSON escapes the NUL, so text holds it). What the
// station hashed is read back with `siteEventOf`. Site schema step 6 (siteExactTextSchema.ts)
// has PostgreSQL check that the two agree.

/** What stands for a NUL in a text cell at the site (SYMBOL FOR NULL). */
export const NUL_STAND_IN = '\u2400';

/** The event columns that may hold what PostgreSQL cannot (seq, station and the hashes are checked forms). */
const EXACT_COLUMNS = ['at', 'actor', 'kind', 'subject_type', 'subject_id', 'mode', 'payload'] as const;
type ExactColumn = (typeof EXACT_COLUMNS)[number];

const FIELD: Record<ExactColumn, 'at' | 'actor' | 'kind' | 'subjectType' | 'subjectId' | 'mode' | 'payload'> = {
  at: 'at',
  actor: 'actor',
  kind: 'kind',
  subject_type: 'subjectType',
  subject_id: 'subjectId',
  mode: 'mode',
  payload: 'payload',
};

/** A text as a PostgreSQL text cell can hold it: each NUL as ␀. */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', NUL_STAND_IN) : text;
}

/**
 * A JSON text as PostgreSQL's jsonb takes it: each \u0000 escape as \u2400 (what the site's
 * site_storable_json does). Escapes are read from the left, so an escaped backslash followed by
 * "u0000" stays text.
 */
export function storableJson(json: string): string {
  return json.includes('\\u0000') ? json.replace(/\\(?:u0000|[^])/g, (escape) => (escape === '\\u0000' ? '\\u2400' : escape)) : json;
}

const storable = (column: ExactColumn, value: string): string => (column === 'payload' ? storableJson(value) : storableText(value));

/** An event's columns as the site stores them: what PostgreSQL can hold (`exactOf` keeps the rest). */
export function storableEvent(event: PublishedEvent): PublishedEvent {
  const stored = { ...event };
  for (const column of EXACT_COLUMNS) stored[FIELD[column]] = storable(column, event[FIELD[column]]);
  return stored;
}

/** A cell of a projected row as PostgreSQL can hold it (null and non-text cells as they are). */
export function storableCell<T>(value: T): T | string {
  return typeof value === 'string' ? storableText(value) : value;
}

/** The `exact` cell of an event: the JSON text of its columns the site cannot store as they are (by column name), or null when there is none. */
export function exactOf(event: PublishedEvent): string | null {
  let exact: Partial<Record<ExactColumn, string>> | null = null;
  for (const column of EXACT_COLUMNS) {
    const value = event[FIELD[column]];
    if (storable(column, value) !== value) (exact ??= {})[column] = value;
  }
  return exact ? JSON.stringify(exact) : null;
}

/** A station_events row as PostgreSQL gives it (the columns an event is read back from). */
export interface SiteEventRow {
  seq: string | number;
  at: string;
  actor: string;
  station: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  mode: string;
  payload: string;
  prev_hash: string;
  hash: string;
  exact?: string | null;
}

/** The columns to SELECT for siteEventOf. */
export const SITE_EVENT_COLUMNS = 'seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash, exact';

/**
 * The event exactly as the station made it, from its row at the site: the exact values where the
 * row has them. A row whose `exact` cannot be read keeps its columns (its hash then does not
 * check, and it is treated as any event that does not hash right).
 */
export function siteEventOf(row: SiteEventRow): PublishedEvent {
  const event: PublishedEvent = {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    station: row.station,
    kind: row.kind,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    mode: row.mode,
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (!row.exact) return event;
  let exact: unknown;
  try {
    exact = JSON.parse(row.exact);
  } catch {
    return event;
  }
  if (typeof exact !== 'object' || exact === null) return event;
  const values = exact as Record<string, unknown>;
  for (const column of EXACT_COLUMNS) {
    const value = values[column];
    if (typeof value === 'string') event[FIELD[column]] = value;
  }
  return event;
}
