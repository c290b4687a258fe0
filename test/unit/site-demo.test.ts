// `npm run site:demo` as a user runs it: a throwaway PostgreSQL, two demo stations publishing to
// it, the follower and the site console, their URLs printed; Ctrl-C stops them all and the database
// and removes the folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/station.ts';
import { StationSocket } from '../helpers/stationSocket.ts';
import { waitFor } from '../helpers/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface StationLine {
  station: string;
  id: string;
  name: string;
  url: string;
}
interface LogInLine {
  logIn: Array<{ badge: string; pin: string; name: string; role: string; trained: string[] }>;
}
interface ConsoleLine {
  consoleUrl: string;
}
interface SiteLine {
  site: string;
  console: string;
  folder: string;
}

let demo: ChildProcess | undefined;

afterAll(() => {
  // Only if the test failed half-way: the demo is stopped by the test itself otherwise.
  if (demo && demo.exitCode === null && demo.signalCode === null) demo.kill('SIGINT');
});

async function connectAs(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

describe('npm run site:demo', () => {
  it('starts a site database, two stations that publish to it and the console that shows them, prints their URLs, and stops it all on Ctrl-C', { timeout: 400_000 }, async () => {
    // serve wants built screens; this test looks at the site, so a page is enough.
    const renderer = tempDir();
    mkdirSync(renderer, { recursive: true });
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Mailscreen</title>');
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/site-demo.ts'), '--renderer', renderer], { stdio: ['ignore', 'pipe', 'pipe'] });
    demo = child;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-6000);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));

    await Promise.race([
      waitFor('the demo to print two stations, the site, its console and who to log in as', () => lines.length >= 5, 300_000),
      exited.then((code) => {
        throw new Error(`site:demo exited (${code}) before it was ready:\n${stderr}`);
      }),
    ]);
    const stations = lines.slice(0, 2).map((line) => JSON.parse(line) as StationLine);
    const site = JSON.parse(lines[2]!) as SiteLine;
    expect(stations.map((s) => s.station)).toEqual(['station-a', 'station-b']);
    for (const station of stations) {
      expect(station.id).toMatch(/^ST-/);
      expect(station.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    }
    expect(new Set(stations.map((s) => new URL(s.url).port)).size).toBe(2);
    expect(existsSync(site.folder)).toBe(true);
    const { consoleUrl } = JSON.parse(lines[3]!) as ConsoleLine;
    expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[^&]+&mode=site$/);
    expect(stations.map((s) => s.name)).toEqual(['Mailroom A', 'Security office']);
    // Who to log in as: the site roster's operators, at both stations, trained for X-ray; the remote review tabs have reviewers.
    const { logIn } = JSON.parse(lines[4]!) as LogInLine;
    expect(logIn.map((person) => person.role).sort()).toEqual(['admin', 'screener', 'screener']);
    expect(logIn.every((person) => person.trained.includes('xrayOperator'))).toBe(true);
    expect(stderr).toContain(`badge ${logIn[1]!.badge}, PIN ${logIn[1]!.pin}`);
    for (const station of stations) {
      const screen = await StationSocket.open(station.url);
      try {
        for (const person of logIn) {
          // The roster reaches the station within seconds of its start.
          const loggedIn = await waitFor(
            `${person.name} logs in at ${station.station}`,
            async () => {
              const answer = await screen.call<{ operator: { name: string } }>('session.login', { badge: person.badge, pin: person.pin });
              return answer.ok ? answer.value : undefined;
            },
            60_000,
          );
          expect(loggedIn.operator.name).toBe(person.name);
          const queue = await screen.call<{ unavailable: unknown }>('review.siteQueue', {});
          expect(queue.ok, JSON.stringify(queue)).toBe(true);
          await screen.call('session.logout', {});
        }
      } finally {
        screen.close();
      }
    }

    // Both stations' records reach the site: the console's read-only role sees each one's chain from its genesis event.
    const console = await connectAs(site.console);
    try {
      const published = await waitFor(
        'both stations to publish their genesis event to the site',
        async () => {
          const { rows } = await console.query<{ station: string; kind: string }>('SELECT station, kind FROM station_events WHERE seq = 1 ORDER BY station');
          return rows.length === 2 ? rows : undefined;
        },
        120_000,
      );
      expect(published.map((row) => row.station).sort()).toEqual(stations.map((s) => s.id).sort());
      expect(published.every((row) => row.kind === 'station.initialized')).toBe(true);
      // Each demo operator's X-ray training is on the site's roster; the stations are named there.
      const { rows: training } = await console.query<{ badge: string }>("SELECT r.body->>'badge' AS badge FROM site_roster t JOIN site_roster r ON r.operator_id = t.operator_id AND r.change = 'operator' WHERE t.change = 'training' AND t.body->>'kind' = 'xrayOperator'");
      expect(new Set(training.map((row) => row.badge))).toEqual(new Set(logIn.map((person) => person.badge)));
      const { rows: named } = await console.query<{ station: string; name: string }>('SELECT station, name FROM site_station_list() ORDER BY name');
      expect(named.map((row) => row.name)).toEqual(['Mailroom A', 'Security office']);
      // The site console (site serve) shows both stations, their events in its views (the follower runs).
      const screen = await StationSocket.open(consoleUrl);
      try {
        await waitFor(
          'the console to show both stations with their events in the site\'s views',
          async () => {
            const answer = await screen.call<{ stations: Array<{ station: string; siteSeq: number; projectedSeq: number }> }>('console.stations');
            return answer.ok && answer.value.stations.length === 2 && answer.value.stations.every((s) => s.siteSeq > 0 && s.projectedSeq === s.siteSeq);
          },
          120_000,
        );
      } finally {
        screen.close();
      }
      // The console's role reads; it writes nothing.
      await expect(console.query("INSERT INTO site_alarms (station, kind, details) VALUES ('x', 'x', '{}')")).rejects.toThrow(/permission denied|row-level security/);
    } finally {
      await console.end().catch(() => undefined);
    }

    // Ctrl-C: the stations close, PostgreSQL stops, the folder goes.
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(site.folder)).toBe(false);
    await expect(connectAs(site.console)).rejects.toThrow(/ECONNREFUSED|connect/);
    for (const url of [...stations.map((s) => s.url), consoleUrl]) await expect(fetch(new URL(url).origin)).rejects.toThrow();
  });
});
