import { CONSOLE_LOCKOUT_ON_ROSTER_SQL } from './consoleReviewSchema.ts';
import { CUSTODY_HALVES_REBUILD_SQL } from './siteCustodySchema.ts';
import { CONCURRING_ANSWERS_SQL } from './siteReviewSchema.ts';
import { SITE_WIDE_LOCKOUTS_SQL } from './siteRosterSchema.ts';
import type { SiteMigration } from './siteSchemaParts.ts';

/**
 * Site schema step 12: one lockout across the site (the console's on the roster, reaching every
 * station; the roster's lockout trigger reading the payload's query copy, never failing a publish),
 * a later answer agreeing with the review filed as concurring, and the custody halves rebuilt from
 * the events by `site rebuild`.
 */
export const SITE_STEP_12: SiteMigration = {
  version: 12,
  name: "lockouts across the site (the console's on the roster), concurring review answers, custody halves rebuilt from the events",
  sql: SITE_WIDE_LOCKOUTS_SQL + CONSOLE_LOCKOUT_ON_ROSTER_SQL + CONCURRING_ANSWERS_SQL + CUSTODY_HALVES_REBUILD_SQL,
};
