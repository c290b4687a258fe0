import type pg from 'pg';
import type { z } from 'zod';
import { consoleCommands, isConsoleCommandName, StationFailure, type CommandResult, type ConsoleArgs, type ConsoleCommandName, type ConsoleResponse, type EventName, type StationError } from '../../../shared/contract/index.ts';
import { stderrLog, type Log } from '../../log.ts';
import { redactedError, siteAddress, sitePool, SiteUnreachable, withPooledClient } from '../postgres/index.ts';
import { consoleDailyLog } from './consoleDailyLog.ts';
import { consoleCustodyForm } from './consoleCustodyForm.ts';
import { consoleDashboard } from './consoleDashboard.ts';
import { consoleIncidentReport, type IncidentViewsOfEvents } from './consoleIncidentReport.ts';
import { consolePaperMaker, operatorNamesAt } from './consolePaper.ts';
import { readIncident, readIncidents, readInfo, readItemHistory, readStations } from './consoleReads.ts';
import { searchItems } from './consoleSearch.ts';
import { readReviewImage, readReviewQueue, recordConsoleAnswer } from './reviewDesk.ts';

export interface SiteConsoleOptions {
  /** The console's connection string: a console role's (reads only) is enough and is the one to use. */
  connectionString: string;
  version: string;
  /** A refused argument in the station's words (the core's argumentsRefusal, given by whoever starts the console). */
  argumentsRefusal: (error: z.ZodError, input: unknown) => string;
  /** Check every answer against the contract (development and tests). */
  validateResponses?: boolean;
  log?: Log;
  now?: () => Date;
  /**
   * A PIN's scrypt key with a roster salt, as the stations compute it (null: a badge the site does
   * not know: the same work with a salt no PIN matches). Given by whoever starts the console; without
   * it, console.reviewAnswer is refused.
   */
  pinKey?: (pin: string, salt: string | null) => Promise<string>;
  /**
   * The station's own views of an incident made from its events and its SOP (the core's
   * incidentViewsOfEvents, given by whoever starts the console: the site does not import the core);
   * without it, console.incidentReport is refused.
   */
  incidentViews?: IncidentViewsOfEvents;
  /** Calls one screen may have running at once; more are refused BUSY (default 8). */
  maxCallsPerScreen?: number;
}

/** What the web host needs of the console: the station's endpoint shape, one connection per screen. */
export interface ConsoleConnection {
  call(command: string, args: unknown): Promise<CommandResult<unknown>>;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  close(): void;
}

const refusal = (code: StationError['code'], message: string): CommandResult<never> => ({ ok: false, error: { code, message } });

/** Commands that write (through the site's own functions): not in a READ ONLY transaction. */
const WRITES: ReadonlySet<ConsoleCommandName> = new Set(['console.reviewAnswer']);

/** Each console command's reader: the compiler checks that every command has one, with its own arguments and answer. */
type Handlers = { [N in ConsoleCommandName]: (client: pg.ClientBase, args: ConsoleArgs<N>) => Promise<ConsoleResponse<N>> };

/**
 * The site console's endpoint: the web host's StationEndpoint backed by the site database instead
 * of a station. It answers the console's commands only (commands-console.ts), each in one READ ONLY
 * transaction (one snapshot for a screen's several queries; and read-only even if someone starts the
 * console with the administrator's connection string). A station's command is refused before its
 * arguments are looked at. It pushes no events: the console's screens ask again every few seconds.
 */
export class SiteConsole {
  readonly #options: SiteConsoleOptions;
  readonly #pool: pg.Pool;
  readonly #log: Log;
  readonly #handlers: Handlers;
  #closed = false;

  constructor(options: SiteConsoleOptions) {
    this.#options = options;
    this.#log = options.log ?? stderrLog('mailscreen-console');
    this.#pool = sitePool(options.connectionString, 'mailscreen-site-console');
    const now = options.now ?? (() => new Date());
    this.#handlers = {
      'console.info': async (client) => ({ console: true, version: options.version, site: siteAddress(options.connectionString), schema: await readInfo(client) }),
      'console.stations': async (client) => await readStations(client, now()),
      'console.incidents': async (client, args) => await readIncidents(client, args),
      'console.incident': async (client, args) => await readIncident(client, args),
      'console.search': async (client, args) => await searchItems(client, args),
      'console.itemHistory': async (client, args) => await readItemHistory(client, args),
      'console.dailyLog': async (client, args) => await consoleDailyLog(client, args, { name: `Site ${siteAddress(options.connectionString)}`, now: now() }),
      'console.dashboard': async (client, args) => await consoleDashboard(client, args, now()),
      'console.custodyForm': async (client, args) =>
        await consoleCustodyForm(client, args, {
          name: `Site ${siteAddress(options.connectionString)}`,
          now: now(),
          by: await consolePaperMaker(client),
          operatorNames: async (station) => await operatorNamesAt(client, station),
        }),
      'console.incidentReport': async (client, args) =>
        await consoleIncidentReport(client, args, {
          name: `Site ${siteAddress(options.connectionString)}`,
          now: now(),
          by: await consolePaperMaker(client),
          operatorNames: async (station) => await operatorNamesAt(client, station),
          views: options.incidentViews,
        }),
      'console.reviewQueue': async (client) => await readReviewQueue(client),
      'console.reviewImage': async (client, args) => await readReviewImage(client, args),
      'console.reviewAnswer': async (client, args) => {
        if (!options.pinKey) throw new StationFailure('UNAVAILABLE', 'This console was started without the PIN check: it cannot record a review. Start it with `site serve`.');
        return await recordConsoleAnswer(client, args, options.pinKey);
      },
    };
  }

  connect(): ConsoleConnection {
    let running = 0;
    let open = true;
    const limit = this.#options.maxCallsPerScreen ?? 8;
    return {
      call: async (command, args) => {
        if (!open) return refusal('UNAVAILABLE', 'This screen was closed.');
        if (running >= limit) return refusal('BUSY', 'This screen has too many requests waiting at the console: wait a moment and try again.');
        running += 1;
        try {
          return await this.#call(command, args);
        } finally {
          running -= 1;
        }
      },
      onEvent: () => () => undefined,
      close: () => {
        open = false;
      },
    };
  }

  async #call(command: string, rawArgs: unknown): Promise<CommandResult<unknown>> {
    if (!isConsoleCommandName(command)) {
      return refusal('UNKNOWN_COMMAND', `This is the site console: it reads the site's record and does nothing at a station ("${String(command).slice(0, 100)}" is done at the station itself).`);
    }
    if (this.#closed) return refusal('UNAVAILABLE', 'The site console is stopping.');
    const spec = consoleCommands[command];
    const parsed = spec.request.safeParse(rawArgs ?? {});
    if (!parsed.success) return refusal('INVALID_ARGUMENTS', this.#options.argumentsRefusal(parsed.error, rawArgs ?? {}));
    // The parsed arguments are the command's own (its schema just said so).
    const handler = this.#handlers[command] as (client: pg.ClientBase, args: unknown) => Promise<unknown>;
    try {
      const value = await withPooledClient(this.#pool, this.#options.connectionString, async (client) => {
        // The console's one write (a reviewer's answer, by badge and PIN) is one statement of its own.
        if (WRITES.has(command)) return await handler(client, parsed.data);
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          return await handler(client, parsed.data);
        } finally {
          await client.query('ROLLBACK').catch(() => undefined);
        }
      }, (error) => error instanceof StationFailure);
      if (this.#options.validateResponses) {
        const checked = spec.response.safeParse(value);
        if (!checked.success) {
          this.#log.error(`${command} returned an answer outside the console's contract: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
          return refusal('INTERNAL', 'The console gave an answer this screen cannot read. Report this to the site admin.');
        }
      }
      return { ok: true, value };
    } catch (error) {
      if (error instanceof StationFailure) return refusal(error.code, error.message);
      if (error instanceof SiteUnreachable) return refusal('UNAVAILABLE', `${error.message}. The console asks again on its next refresh.`);
      this.#log.error(`${command} failed:`, redactedError(error, this.#options.connectionString));
      return refusal('INTERNAL', 'The console could not read this from the site database. Try again; if it repeats, call the site admin (the console’s log says why).');
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end().catch(() => undefined);
  }
}
