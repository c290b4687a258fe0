// What every site schema step is made of, apart from the list of steps (siteSchema.ts), so a step
// kept in a file of its own (the roster's, the projections') can use them without an import cycle.

/** One versioned step of the site database's schema. */
export interface SiteMigration {
  version: number;
  name: string;
  sql: string;
  /** What the site's administrator does once this step is applied to a site that was in use (`site init` says it). */
  afterUpgrade?: string;
}

/** The group roles every station's and console's login role is made a member of (cluster-wide names). */
export const STATION_GROUP = 'mailscreen_station';
export const CONSOLE_GROUP = 'mailscreen_console';
