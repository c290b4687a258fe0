import type { SiteMigration } from './siteSchemaParts.ts';

/**
 * Site schema version 10: the console's lists of one station, and its open incidents, as index
 * ranges whatever the other stations hold. Version 4's (updated_at DESC, station DESC, key DESC)
 * indexes serve every station's list; a station's list read through them walks past every newer
 * row of every other station before it finds that station's first (a quiet station's page cost
 * what the rest of the site changed since, measured at 2M items: see docs/site.md, "Growth"), and
 * the open incidents walked past every closed one. So:
 *
 * - a station's items and incidents last changed first: (station, updated_at DESC, key DESC), the
 *   time and key compared byte by byte (COLLATE "C"), as the console's query for one station orders
 *   them, so that the planner cannot take version 4's index for that order (consoleReads.ts says why);
 * - the open incidents last changed first: a partial index on the open ones only (few at any site).
 *
 * Indexes only, on the projections (which the follower writes, not the stations): no table, no
 * right changes, nothing on station_events (publishing is not touched).
 */
export const CONSOLE_SCALE_MIGRATION: SiteMigration = {
  version: 10,
  name: "the console's lists of one station and its open incidents as index ranges: items and incidents by (station, last changed), open incidents by last changed",
  sql: `
    CREATE INDEX site_items_station_changed ON site_items (station, updated_at COLLATE "C" DESC, custody_id COLLATE "C" DESC);
    CREATE INDEX site_incidents_station_changed ON site_incidents (station, updated_at COLLATE "C" DESC, number COLLATE "C" DESC);
    CREATE INDEX site_incidents_open_changed ON site_incidents (updated_at DESC, station DESC, number DESC) WHERE closed IS DISTINCT FROM 'true';
  `,
};
