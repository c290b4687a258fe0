import type { PublishedEvent } from '../siteLink.ts';

// PostgreSQL's text cannot hold the NUL character (U+0000) and its jsonb refuses the escape
// \u0000, yet a station's event may hold one wherever someone typed it (a sender, a seal, a note).
// The site keeps such an event whole all the same: each text column holds what PostgreSQL can
// (the NUL shown as ␀, U+2400), and the column `exact` holds the JSON text of the exact values of
// the columns that differ (JSON escapes the NUL, so text holds it); the payload column is the
// canonical JSON text as hashed already (escaped the same way), and its query copy payload_json
// shows a NUL as ␀. What the station hashed is read back with `siteEventOf`.

/** What stands for a NUL in a text cell at the site (SYMBOL FOR NULL). */
export const NUL_STAND_IN = '\u2400';

/** The event columns that may hold a NUL (the payload is escaped JSON; seq, station and hashes are checked forms). */
const EXACT_COLUMNS = ['at', 'actor', 'kind', 'subject_type', 'subject_id', 'mode'] as const;
type ExactColumn = (typeof EXACT_COLUMNS)[number];

const FIELD: Record<ExactColumn, 'at' | 'actor' | 'kind' | 'subjectType' | 'subjectId' | 'mode'> = {
  at: 'at',
  actor: 'actor',
  kind: 'kind',
  subject_type: 'subjectType',
  subject_id: 'subjectId',
  mode: 'mode',
};

/** A text as a PostgreSQL text cell can hold it: each NUL as ␀. */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', NUL_STAND_IN) : text;
}

/** A cell of a projected row as PostgreSQL can hold it (null and non-text cells as they are). */
export function storableCell<T>(value: T): T | string {
  return typeof value === 'string' ? storableText(value) : value;
}

/** The `exact` cell of an event: the JSON text of its columns that hold a NUL (by column name), or null when none does. */
export function exactOf(event: PublishedEvent): string | null {
  let exact: Partial<Record<ExactColumn, string>> | null = null;
  for (const column of EXACT_COLUMNS) {
    const value = event[FIELD[column]];
    if (value.includes('\u0000')) (exact ??= {})[column] = value;
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
