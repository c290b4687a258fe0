// The site console's e2e start-up: `site serve` (the CLI, as the README gives it) with a console's
// login from the environment, and stations joined to the site that publish to it on demand.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser, Page } from 'playwright-core';
import type { StationConnection } from '../../../src/main/core/connection.ts';
import type { Station } from '../../../src/main/core/station.ts';
import { addConsole, addStation, PostgresSiteLink, SiteProjector } from '../../../src/main/site/index.ts';
import { canonicalJson } from '../../../src/main/store/index.ts';
import { startSiteDatabase, type SiteDatabase } from '../../helpers/siteDatabase.ts';
import { publishedEvents } from '../../helpers/siteEvents.ts';
import { coordinatorScreen, makeStation } from '../../helpers/station.ts';
import { launchChromium, watchPageErrors } from '../harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface ServedConsole {
  /** The console's address as `site serve` prints it (its token in the fragment). */
  url: string;
  /** Ends `site serve` as an operator would (SIGINT) and waits for it to exit. */
  stop(): Promise<void>;
}

/** `site serve --port 0` for a new console login named `name`; its address once it has printed it. */
export async function serveSiteConsole(db: SiteDatabase, name = 'office'): Promise<ServedConsole> {
  const login = await addConsole(db.admin, name);
  // `site serve` as the README gives it: the console's connection string from the environment.
  const child = spawn(process.execPath, [path.join(ROOT, 'src/main/cli/main.ts'), 'site', 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MAILSCREEN_SITE_CONSOLE: db.site.url(login.role, login.password) },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`site serve exited (${code}):\n${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  };
  return { url, stop };
}

export interface JoinedStation {
  station: Station;
  id: string;
  screen: StationConnection;
  /** Sends what the station recorded since the site's head, then projects it. */
  publish(): Promise<void>;
  /** What the station's publisher sends before an incident.opened: the SOP under the SHA-256 the event carries. */
  publishSop(number: string): Promise<void>;
}

/** A station joined to the site with its own role, a coordinator logged in; what it opens goes into `cleanups`. */
export async function joinedStation(db: SiteDatabase, projector: SiteProjector, cleanups: Array<() => Promise<void> | void>): Promise<JoinedStation> {
  const station = makeStation();
  cleanups.push(() => station.shutdown());
  const id = station.store.stationId;
  const login = await addStation(db.admin, id);
  const link = new PostgresSiteLink(db.site.url(login.role, login.password));
  cleanups.push(() => link.close());
  const screen = await coordinatorScreen(station);
  const publish = async () => {
    const head = (await link.head(id))?.seq ?? 0;
    const events = publishedEvents(station.store).filter((event) => event.seq > head);
    for (let i = 0; i < events.length; i += 100) await link.publish(id, events.slice(i, i + 100));
    await projector.project();
  };
  const publishSop = async (number: string) => {
    const opened = [...station.store.audit.events()].find((event) => event.kind === 'incident.opened' && event.subjectId === number)!;
    const row = station.store.db.prepare('SELECT protocol FROM incidents WHERE number = ?').get(number) as { protocol: string };
    await link.publishFile(id, { sha256: String(opened.payload.protocolSha256), bytes: Buffer.from(canonicalJson(JSON.parse(row.protocol)), 'utf8') });
  };
  return { station, id, screen, publish, publishSop };
}

/** A command's value, or its error's message thrown. */
export async function value<T>(call: Promise<{ ok: boolean }>): Promise<T> {
  const result = (await call) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A site, its projector and `site serve`, with a Chromium page (1366×768) watched for errors. */
export interface ConsoleRun {
  db: SiteDatabase;
  projector: SiteProjector;
  console: ServedConsole;
  browser: Browser;
  page: Page;
  /** The page's errors and failed requests so far. */
  problems: string[];
  /** A station joined to this site, closed by `stop`. */
  joinedStation(): Promise<JoinedStation>;
  /** Closes the browser, `site serve`, the stations joined and the projector, then the site. */
  stop(): Promise<void>;
}

/** The console e2e files' start-up; what started before a failure is stopped again. */
export async function startConsoleRun(): Promise<ConsoleRun> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const db = await startSiteDatabase();
    cleanups.push(() => db.stop());
    const projector = new SiteProjector(db.site.adminUrl, { page: 500 });
    cleanups.push(() => projector.close());
    // Stations joined later are closed before the projector and the site (the cleanups run newest first).
    const stations: Array<() => Promise<void> | void> = [];
    cleanups.push(async () => {
      for (const cleanup of stations.splice(0).reverse()) await cleanup();
    });
    const served = await serveSiteConsole(db);
    cleanups.push(() => served.stop());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const problems = watchPageErrors(page);
    return { db, projector, console: served, browser, page, problems, joinedStation: () => joinedStation(db, projector, stations), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
