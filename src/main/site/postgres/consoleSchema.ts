import type { SiteMigration } from './siteSchemaParts.ts';

/**
 * Site schema version 4: the indexes the site console (`site serve`) reads through, so each of its
 * screens is an index lookup or an index-ordered page, never a scan of `station_events`:
 *
 * - an item's or an incident's events at its station (history, when an incident was opened and its
 *   steps acknowledged): `station_events (station, subject_type, subject_id, seq)`;
 * - an item by custody ID across stations (the key is (station, custody_id): a lookup by custody ID
 *   alone could not use it);
 * - items and incidents last changed first, a page at a time (keyset pages on
 *   (updated_at, station, key), newest first);
 * - a station's item events of one day, for its daily log (`at` as the station stamped it).
 *
 * Indexes only: no table, no right changes (the console's role reads what it read).
 */
export const CONSOLE_MIGRATION: SiteMigration = {
  version: 4,
  name: "the console's indexes: a subject's events at its station, items by custody ID, items and incidents last changed first, a station's item events by day",
  sql: `
    CREATE INDEX station_events_subject ON station_events (station, subject_type, subject_id, seq);
    CREATE INDEX site_items_custody_id ON site_items (custody_id);
    CREATE INDEX site_items_changed ON site_items (updated_at DESC, station DESC, custody_id DESC);
    CREATE INDEX site_incidents_changed ON site_incidents (updated_at DESC, station DESC, number DESC);
    CREATE INDEX station_events_item_day ON station_events (station, at) WHERE subject_type = 'item';
  `,
};
