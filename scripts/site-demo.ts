// `npm run site:demo`: a site on one machine, for trying it. A throwaway PostgreSQL in a temporary
// folder (the tests' cluster: test/helpers/postgres.ts), `site init`, two demo stations (each
// `serve --demo` with its own data folder, port and "site" in its station.json, joined with
// `site add-station`), a read-only console role, the follower that keeps the site's views current
// (`site project --follow`, as the site admin) and the security office's console (`site serve`,
// as the console role). The site's roster has a demo admin and two screeners trained for X-ray
// (`site roster add` and `site roster training`), so both stations log them in and the remote
// second review has reviewers. Prints one JSON line per station ({"station", "id", "name", "url"}),
// one for the site ({"site", "console": the console role's connection string for psql, "folder"}),
// one for the console's screens ({"consoleUrl"}) and one with who to log in as ({"logIn": [{"badge",
// "pin", "name", "role", "trained"}]}); Ctrl-C (or SIGTERM) stops the console, the follower and the
// stations, then PostgreSQL, and removes the folder.
//
// Options: --port <n> (the first station's port, the second's is n + 1, the console's n + 2; 0, the
// default: any free port), --renderer <dir> (built screens elsewhere than out/renderer).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify, parseArgs } from 'node:util';
import { secureDataFolder } from '../src/main/core/ownerOnly.ts';
import { Store } from '../src/main/store/index.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/helpers/postgres.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'src/main/cli/main.ts');
const run = promisify(execFile);

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, renderer: { type: 'string' } }, strict: true });
const firstPort = Number(values.port);
if (!Number.isInteger(firstPort) || firstPort < 0 || firstPort > 65533) {
  process.stderr.write(`site:demo: --port is 0 (any free port) or 1-65533 (the second station takes the next one, the console the one after), not ${values.port}\n`);
  process.exit(2);
}

const say = (line: string) => process.stderr.write(`site:demo: ${line}\n`);

/** A site command, as the README gives it; the admin's connection string through the environment, never the command line; `stdin`: a PIN. */
async function siteCommand(adminUrl: string, ...args: string[]): Promise<Record<string, unknown>> {
  return await siteCommandWith(adminUrl, '', ...args);
}

async function siteCommandWith(adminUrl: string, stdin: string, ...args: string[]): Promise<Record<string, unknown>> {
  const pending = run(process.execPath, [CLI, 'site', ...args], { env: { ...process.env, MAILSCREEN_SITE_ADMIN: adminUrl }, timeout: 120_000 });
  pending.child.stdin?.end(stdin);
  const { stdout } = await pending;
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/**
 * Who logs in at the demo stations: the site roster's operators (managed at the site, they reach
 * both stations). Two screeners trained for X-ray, so one records an inconclusive scan and the
 * other reviews it at the other station or at the console. Demo PINs, printed on purpose.
 */
const DEMO_OPERATORS = [
  { badge: 'DEMO-ADMIN', pin: '739154', name: 'Ada Admin', role: 'admin' },
  { badge: 'DEMO-SAM', pin: '4826', name: 'Sam Screener', role: 'screener' },
  { badge: 'DEMO-RITA', pin: '5937', name: 'Rita Reviewer', role: 'screener' },
] as const;

const isoDay = (day: Date) => `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;

/** The roster's demo operators, each trained for X-ray from yesterday (the site database's day may be behind this machine's) for a year. */
async function demoRoster(adminUrl: string): Promise<void> {
  const now = new Date();
  const completed = isoDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const expires = isoDay(new Date(now.getFullYear() + 1, now.getMonth(), now.getDate()));
  for (const person of DEMO_OPERATORS) {
    await siteCommandWith(adminUrl, `${person.pin}\n`, 'roster', 'add', '--badge', person.badge, '--name', person.name, '--role', person.role);
    await siteCommand(adminUrl, 'roster', 'training', '--badge', person.badge, '--kind', 'xrayOperator', '--completed', completed, '--expires', expires, '--trainer', 'Demo vendor');
  }
}

interface DemoStation {
  name: string;
  id: string;
  child: ChildProcess;
  url: string;
}

/** A demo station's data folder: its database made (so its id is known), its role at the site, its station.json naming the site. */
async function joinSite(folder: string, name: string, siteName: string, adminUrl: string): Promise<{ dataDir: string; id: string; siteName: string }> {
  const dataDir = path.join(folder, name);
  const dbPath = path.join(dataDir, 'mailscreen.sqlite');
  secureDataFolder(dataDir, dbPath, say);
  const store = Store.open(dbPath);
  const id = store.stationId;
  store.close();
  // Named at the site: the other station's custody hand-over lists it so.
  const joined = await siteCommand(adminUrl, 'add-station', id, '--name', siteName);
  // The station's password is in this file: owner-only, as the station requires.
  writeFileSync(path.join(dataDir, 'station.json'), `${JSON.stringify({ site: { postgres: joined.connection } }, null, 2)}\n`, { mode: 0o600 });
  return { dataDir, id, siteName };
}

const rendererArgs = values.renderer ? ['--renderer', path.resolve(values.renderer)] : [];

/** `serve --demo` on the data folder; resolves once it prints its URL. Its log lines go to stderr, named. */
async function serve(name: string, id: string, dataDir: string, port: number): Promise<DemoStation> {
  return await served(name, id, [CLI, 'serve', '--demo', '--data', dataDir, '--port', String(port), ...rendererArgs]);
}

/** A CLI child that prints its URL as its first line (serve, site serve); its log lines go to stderr, named. */
async function served(name: string, id: string, args: string[], env: NodeJS.ProcessEnv = process.env, track?: ChildProcess[]): Promise<DemoStation> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  // Tracked from its start: a Ctrl-C while it starts stops it too.
  track?.push(child);
  createInterface({ input: child.stderr! }).on('line', (line) => process.stderr.write(`[${name}] ${line}\n`));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${name} stopped (${code ?? signal}) before it served: see its lines above`)));
    lines.once('line', (line) => {
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new Error(`${name} printed ${line}, not its URL`));
      }
    });
  });
  return { name, id, child, url };
}

/** SIGINT to a child (a station closes its database), SIGKILL if it has not gone in 30 s. */
async function stopStation(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

const folder = mkdtempSync(path.join(tmpdir(), 'mailscreen-site-demo-'));
const stations: DemoStation[] = [];
/** The follower and the console: stopped before the stations and the database. */
const siteChildren: ChildProcess[] = [];
let site: ThrowawayPostgres | undefined;
let stopping: Promise<void> | undefined;

function stopAll(code: number): Promise<void> {
  stopping ??= (async () => {
    say('stopping the console, the follower and the stations, then the site database');
    await Promise.all(siteChildren.map((child) => stopStation(child)));
    await Promise.all(stations.map((station) => stopStation(station.child)));
    await site?.stop().catch((error: unknown) => say(`PostgreSQL did not stop cleanly: ${(error as Error).message}`));
    rmSync(folder, { recursive: true, force: true });
    process.exit(code);
  })();
  return stopping;
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  say('starting a throwaway PostgreSQL');
  site = await startThrowawayPostgres();
  await siteCommand(site.adminUrl, 'init');
  await demoRoster(site.adminUrl);
  const demo = [
    { name: 'station-a', ...(await joinSite(folder, 'station-a', 'Mailroom A', site.adminUrl)) },
    { name: 'station-b', ...(await joinSite(folder, 'station-b', 'Security office', site.adminUrl)) },
  ];
  const consoleLogin = await siteCommand(site.adminUrl, 'add-console', 'demo');
  for (const [i, station] of demo.entries()) {
    if (stopping) break;
    const served = await serve(station.name, station.id, station.dataDir, firstPort === 0 ? 0 : firstPort + i);
    stations.push(served);
    // A station that stops on its own ends the demo: the site is two stations.
    served.child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`station ${station.name} stopped (${code ?? signal})`);
      void stopAll(1);
    });
    process.stdout.write(`${JSON.stringify({ station: station.name, id: station.id, name: station.siteName, url: served.url })}\n`);
  }
  process.stdout.write(`${JSON.stringify({ site: `127.0.0.1:${site.port}`, console: consoleLogin.connection, folder })}\n`);
  if (!stopping) {
    // The follower keeps the site's views current (as the site admin, which the console is not).
    const follower = spawn(process.execPath, [CLI, 'site', 'project', '--follow'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MAILSCREEN_SITE_ADMIN: site.adminUrl } });
    siteChildren.push(follower);
    createInterface({ input: follower.stderr! }).on('line', (line) => process.stderr.write(`[site project] ${line}\n`));
    const consoleScreens = await served('site console', 'console', [CLI, 'site', 'serve', '--port', String(firstPort === 0 ? 0 : firstPort + 2), ...rendererArgs], { ...process.env, MAILSCREEN_SITE_CONSOLE: String(consoleLogin.connection) }, siteChildren);
    // Either stopping on its own ends the demo, as a station does.
    for (const [child, name] of [[follower, 'the follower (site project --follow)'], [consoleScreens.child, 'the site console']] as const) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} stopped (${child.exitCode ?? child.signalCode})`);
      child.once('exit', (code, signal) => {
        if (stopping) return;
        say(`${name} stopped (${code ?? signal})`);
        void stopAll(1);
      });
    }
    process.stdout.write(`${JSON.stringify({ consoleUrl: consoleScreens.url })}\n`);
    process.stdout.write(`${JSON.stringify({ logIn: DEMO_OPERATORS.map((person) => ({ ...person, trained: ['xrayOperator'] })) })}\n`);
  }
  say('two demo stations publish to the site database, the follower keeps its views current; open the stations\' URLs and the console\'s (consoleUrl) in a browser, or look at the site with psql "<console>" (read-only). Ctrl-C stops everything.');
  say(`log in at either station as ${DEMO_OPERATORS.map((person) => `${person.name} (${person.role}, badge ${person.badge}, PIN ${person.pin})`).join(', ')}: the site's roster, all trained for X-ray. An inconclusive X-ray by Sam at one station is reviewed by Rita at the other station's Site review tab, or at the console with her badge and PIN.`);
} catch (error) {
  say(`could not start: ${(error as Error).message}`);
  await stopAll(1);
}
