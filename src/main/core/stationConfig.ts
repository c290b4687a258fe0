import { lstatSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DevicesConfig } from '../../hardware/index.ts';
import { parseSiteJson, printableFileName, readSiteFileSync, SiteFileRefused, siteFileText } from '../../hardware/index.ts';
import { ScanTerminatorSetting } from '../../shared/contract/index.ts';
import { BackupSchedule } from '../records/index.ts';
import { DirectorySettings, NoticeSettings, WebhookSettings } from '../notify/index.ts';
import { holdsCredentials, SiteConnection } from '../site/index.ts';

/** The station's configuration file (`<data folder>/station.json`): its devices, its backup schedule and its site. */
export const StationConfig = z
  .object({
    devices: DevicesConfig.default(DevicesConfig.parse({})),
    /** Scheduled online backups (database and image store); none when absent. */
    backup: BackupSchedule.optional(),
    /** Keyboard-wedge scanners: what ends each scan (Enter, Tab, or { "suffix": "…" }); Enter when absent. */
    wedge: z.object({ terminator: ScanTerminatorSetting.default('Enter') }).strict().default({ terminator: 'Enter' }),
    /** The site's other systems told of items and incidents (signed JSON, or a chat channel's incoming webhook); none when absent. */
    webhooks: WebhookSettings.default([]),
    /** E-mail notices after clearance, reminders, escalations and security alerts; none when absent. */
    notices: NoticeSettings.optional(),
    /** The recipient directory's LDAP / Active Directory sync; CSV imports only when absent. */
    directory: DirectorySettings.optional(),
    /** The site database this station publishes its record to; a station alone (SQLite only) when absent. */
    site: SiteConnection.optional(),
  })
  .strict();
export type StationConfig = z.infer<typeof StationConfig>;

/** A station.json is a few kilobytes; anything far larger is not one and is not read into memory. */
export const MAX_STATION_CONFIG_BYTES = 1024 * 1024;

/**
 * station.json cannot be used: one line naming the file and what is wrong (the field, for a bad
 * setting). The CLI prints it and exits 2; it never quotes the file's content.
 */
export class StationConfigInvalid extends Error {
  override name = 'StationConfigInvalid';
}

function fieldPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) out += typeof segment === 'number' ? `[${segment}]` : `${out === '' ? '' : '.'}${String(segment)}`;
  return out === '' ? '(top level)' : printableFileName(out);
}

function describeIssues(file: string, error: z.ZodError): string {
  const problems = error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `${fieldPath([...issue.path, issue.keys[0] ?? ''])}: unknown setting${issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : ''}; check the spelling`;
    }
    // A message is the schema's own words, but a refinement may repeat a value from the file: keep it on one line.
    return `${fieldPath(issue.path)}: ${printableFileName(issue.message)}`;
  });
  return `${printableFileName(file)}: ${problems.join('; ')}. Fix ${problems.length > 1 ? 'these settings' : 'this setting'} and start the station again.`;
}

/**
 * Reads and validates the config; a missing file means no devices configured yet. The file is the
 * site's: it is opened as a site file (no symlink, no FIFO or folder, bounded size), a byte-order
 * mark is dropped, and every refusal is a StationConfigInvalid of one line.
 */
export function loadStationConfig(file: string): StationConfig {
  let text: string;
  try {
    text = siteFileText(readSiteFileSync(file, { maxBytes: MAX_STATION_CONFIG_BYTES }));
  } catch (error) {
    if (error instanceof SiteFileRefused) {
      if (error.problem === 'missing') return StationConfig.parse({});
      throw new StationConfigInvalid(`${error.message}. station.json must be a regular file of at most ${MAX_STATION_CONFIG_BYTES} bytes; fix or replace it and start the station again.`);
    }
    throw error;
  }
  const raw = parseSiteJson(text, file);
  if (!raw.ok) throw new StationConfigInvalid(`${raw.message}. Fix the file or restore it from backup.`);
  const parsed = StationConfig.safeParse(raw.value);
  if (!parsed.success) throw new StationConfigInvalid(describeIssues(file, parsed.error));
  const credential = credentialIn(parsed.data);
  if (credential) refuseUnlessOwnerOnly(file, credential);
  return parsed.data;
}

/** The first secret a config holds, in words ("the site database's password"), or null when it holds none. */
function credentialIn(config: StationConfig): string | null {
  if (config.site && holdsCredentials(config.site)) return "the site database's password";
  if (config.notices?.smtp.password !== undefined) return "the mail server's password";
  if (config.webhooks.some((endpoint) => endpoint.secret !== undefined)) return 'a webhook secret';
  return null;
}

/**
 * A station.json with a password or secret in it is readable by its owner alone: any other local
 * account could otherwise publish as this station, send mail as it or sign notices as it.
 * The data folder is made 0700 at start, but a file copied in by hand keeps its own mode.
 */
function refuseUnlessOwnerOnly(file: string, credential: string): void {
  const mode = lstatSync(file).mode;
  if ((mode & 0o077) === 0) return;
  const shown = printableFileName(file);
  throw new StationConfigInvalid(
    `${shown}: it holds ${credential} but other users may read it (mode 0${(mode & 0o777).toString(8)}). Run \`chmod 600 ${shown}\` and start the station again.`,
  );
}

/**
 * The site a data folder's station publishes to (station.json's `"site"`), or null for a station
 * alone: what `verify --site` compares the station's database with. Refuses as loadStationConfig does.
 */
export function siteConnectionOf(dataDir: string): SiteConnection | null {
  return loadStationConfig(path.join(dataDir, 'station.json')).site ?? null;
}
