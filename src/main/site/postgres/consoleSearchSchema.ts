import type { SiteMigration } from './siteSchemaParts.ts';

/**
 * Site schema version 13: the console's item search as a station searches its own (recipient
 * words, state(s), a time range, free text), across stations or at one, each an index range:
 *
 * - a state's items last changed first, across stations: (state, updated_at DESC, station DESC,
 *   custody_id DESC), the order of every station's list (version 4), after the state; several
 *   states are one such walk each, merged (consoleSearch.ts);
 * - a state's items of one station: (station, state, updated_at DESC, custody_id DESC), compared
 *   byte by byte (COLLATE "C") as one station's list is (version 10);
 * - the recipient's words: a GIN index on the expression the search matches (RECIPIENT_WORDS in
 *   consoleSearch.ts: punctuation made spaces, PostgreSQL's `simple` configuration), which answers
 *   a word's prefix (`'smi':*`) without reading the table.
 *
 * The time range on last changed is the lists' own index range (versions 4 and 10). Indexes only,
 * on the projections (the follower writes them, not the stations): publishing is not touched.
 */
export const CONSOLE_SEARCH_MIGRATION: SiteMigration = {
  version: 13,
  name: "the console's item search as a station's: items by state and last changed (every station, one station), the recipient's words",
  sql: `
    CREATE INDEX site_items_state_changed ON site_items (state, updated_at DESC, station DESC, custody_id DESC);
    CREATE INDEX site_items_station_state_changed ON site_items (station, state, updated_at COLLATE "C" DESC, custody_id COLLATE "C" DESC);
    CREATE INDEX site_items_recipient_words ON site_items USING gin (to_tsvector('simple', regexp_replace(coalesce(recipient, ''), '[[:punct:]]+', ' ', 'g')));
  `,
};
