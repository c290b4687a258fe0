import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DevicesConfig } from '../../hardware/manager/index.ts';
import { BackupSchedule } from '../records/index.ts';

/** The station's configuration file (`<data folder>/station.json`): its devices and its backup schedule. */
export const StationConfig = z
  .object({
    devices: DevicesConfig.default(DevicesConfig.parse({})),
    /** Scheduled online backups (database and image store); none when absent. */
    backup: BackupSchedule.optional(),
  })
  .strict();
export type StationConfig = z.infer<typeof StationConfig>;

/** Reads and validates the config; a missing file means no devices configured yet. */
export function loadStationConfig(file: string): StationConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return StationConfig.parse({});
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}). Fix the file or restore it from backup.`, { cause: error });
  }
  const parsed = StationConfig.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${file} has invalid settings:\n${z.prettifyError(parsed.error)}\nFix these fields and start the station again.`);
  }
  return parsed.data;
}
