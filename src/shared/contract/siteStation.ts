import { z } from 'zod';

/** A station's ID at the site (its own `ST-…`, or any the site's administrator registered): what site_stations accepts. */
export const SiteStationId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'A station ID is 1 to 40 letters, digits, dots, dashes or underscores (ST-…): as the other station shows it on its screen');
export type SiteStationId = z.infer<typeof SiteStationId>;
