// The site console's tests against a real PostgreSQL: a throwaway site with the console's login,
// the console opened on it, and what its commands and a station's answer.
import type pg from 'pg';
import { argumentsRefusal } from '../../src/main/core/index.ts';
import { lineLog } from '../../src/main/log.ts';
import { addConsole, SiteConsole, type ConsoleConnection, type PostgresSiteLink, type SiteConsoleOptions } from '../../src/main/site/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import type { ThrowawayPostgres } from './postgres.ts';
import { startSiteDatabase } from './siteDatabase.ts';
import { publishedEvents } from './siteEvents.ts';

/** A throwaway site and the connection string of a console login named `office`. */
export async function startConsoleSite(): Promise<{ site: ThrowawayPostgres; admin: pg.Client; stop: () => Promise<void>; consoleUrl: string }> {
  const { site, admin, stop } = await startSiteDatabase();
  const login = await addConsole(admin, 'office');
  return { site, admin, stop, consoleUrl: site.url(login.role, login.password) };
}

/** The console as `site serve` opens it (its responses checked against the contract); closed by `cleanups`. */
export function openSiteConsole(connectionString: string, cleanups: Array<() => Promise<void> | void>, options: Partial<SiteConsoleOptions> = {}): SiteConsole {
  const made = new SiteConsole({ connectionString, version: 'test', argumentsRefusal, validateResponses: true, log: lineLog('console', () => undefined), ...options });
  cleanups.push(() => made.close());
  return made;
}

/** A console command's value, or a throw that names the command and its refusal. */
export async function read<T>(screen: ConsoleConnection, command: string, args: unknown = {}): Promise<T> {
  const result = await screen.call(command, args);
  if (!result.ok) throw new Error(`${command} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** A station command's value, or a throw with its refusal. */
export async function ok<T>(result: Promise<CommandResult<unknown>>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value as T;
}

/** Sends what the station recorded since the site's head for it, 50 events at a time. */
export async function publishNew(station: Station, link: PostgresSiteLink, id: string): Promise<void> {
  const head = (await link.head(id))?.seq ?? 0;
  const events = publishedEvents(station.store).filter((event) => event.seq > head);
  for (let i = 0; i < events.length; i += 50) await link.publish(id, events.slice(i, i + 50));
}
