import { CUSTODY_BETWEEN_STATIONS_SQL } from './siteCustodySchema.ts';
import { EXACT_TEXT_SQL } from './siteExactTextSchema.ts';
import type { SiteMigration } from './siteSchemaParts.ts';

/** Site schema step 6: events holding a NUL kept whole (siteExactTextSchema.ts), and custody between stations (siteCustodySchema.ts). */
export const SITE_STEP_6: SiteMigration = {
  version: 6,
  name: 'events holding a NUL kept whole (storable columns, their exact values in station_events.exact); custody between stations (halves, pairs)',
  sql: EXACT_TEXT_SQL + CUSTODY_BETWEEN_STATIONS_SQL,
};
