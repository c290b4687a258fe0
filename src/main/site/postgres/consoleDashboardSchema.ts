import type { SiteMigration } from './siteSchemaParts.ts';

/**
 * Site schema version 9: what the console's dashboard (`console.dashboard`) reads through, so a
 * period's figures are index ranges, never a scan of `station_events` or `site_items`:
 *
 * - a station's notice events of a period (notices sent, bounced, failed): the item events of a
 *   period already have version 4's `station_events_item_day`;
 * - a station's cleared items (waiting for their recipient now): few rows, kept by a partial index.
 *
 * Indexes only: no table, no right changes.
 */
export const CONSOLE_DASHBOARD_MIGRATION: SiteMigration = {
  version: 9,
  name: "the console dashboard's indexes: a station's notice events by day, its cleared items",
  sql: `
    CREATE INDEX station_events_notice_day ON station_events (station, at) WHERE subject_type = 'notice';
    CREATE INDEX site_items_cleared ON site_items (station) WHERE state = 'CLEARED';
  `,
};
