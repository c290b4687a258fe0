import { z } from 'zod';

/**
 * The station's link to the site database, as the device bar shows it:
 * `connecting` (started, the site not answered yet), `online` (the site holds everything recorded
 * here), `lagging` (sending: the site is reached and events still wait), `offline` (the site is not
 * reached: events wait here and are sent when it is), `refused` (the alarm: the site holds a chain
 * for this station that this database is behind or differs from; publishing has stopped).
 */
export const SiteLinkState = z.enum(['connecting', 'online', 'lagging', 'offline', 'refused']);
export type SiteLinkState = z.infer<typeof SiteLinkState>;

export const SiteLinkStatus = z.object({
  state: SiteLinkState,
  /** Events recorded here that the site does not hold yet; null while the site's head is unknown (not reached since the start). */
  waiting: z.number().int().nonnegative().nullable(),
  /** When the site last answered; null when it has not since the station started. */
  lastContactAt: z.iso.datetime().nullable(),
  /** In an admin's words: why the site is not reached (the password taken out), what the alarm is. */
  detail: z.string().nullable(),
  at: z.iso.datetime(),
});
export type SiteLinkStatus = z.infer<typeof SiteLinkStatus>;
