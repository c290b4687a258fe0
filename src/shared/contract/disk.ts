import { z } from 'zod';

/**
 * The data folder's free space: `ok`; `low` (under the site's warning threshold: intake goes on,
 * the device bar and the admin screen warn); `full` (no room for new records: new items and steps
 * are refused, logins, logouts and reading records go on).
 */
export const DiskState = z.enum(['ok', 'low', 'full']);
export type DiskState = z.infer<typeof DiskState>;

export const DiskStatus = z.object({
  state: DiskState,
  /** Bytes free to the station in its data folder; null when the folder could not be measured. */
  freeBytes: z.number().nonnegative().nullable(),
  totalBytes: z.number().nonnegative().nullable(),
  /** The site's early-warning threshold, in bytes. */
  warningBytes: z.number().nonnegative(),
  /** Why the state is what it is, in an admin's words (what filled it, what could not be measured). */
  detail: z.string().nullable(),
  at: z.iso.datetime(),
});
export type DiskStatus = z.infer<typeof DiskStatus>;
