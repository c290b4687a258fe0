// The site console's endpoint (`site serve`) against a real PostgreSQL: two real stations publish
// real work through their own roles, the projector runs, and the console reads it all through the
// console's read-only role: every station's status, incidents across stations with their protocol
// progress, search with keyset pages, an item's history. Attack tests: a station's command sent to
// the console is refused before anything is looked at, bad arguments and forged page cursors are
// refused in words, the web host in front of it wants the token.
import { writeFileSync } from 'node:fs';
import type pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { FIELD_WORDS } from '../../src/main/core/refusalWords.ts';
import type { Station } from '../../src/main/core/station.ts';
import { startWebHost } from '../../src/main/hosts/web/index.ts';
import { addStation, PostgresSiteLink, SiteChainRefused, SiteProjector, type ConsoleConnection, type SiteConsole } from '../../src/main/site/index.ts';
import { BAD_TOKEN_CLOSE_CODE, consoleCommands, type ConsoleResponse } from '../../src/shared/contract/index.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { ok, openSiteConsole, publishNew, read, startConsoleSite } from '../helpers/consoleSite.ts';
import { publishedEvents } from '../helpers/siteEvents.ts';
import { makeStation, tempDir } from '../helpers/station.ts';
import { runCli } from '../helpers/cli.ts';
import { pdfText } from '../helpers/pdfText.ts';
import { StationSocket } from '../helpers/stationSocket.ts';
import { localToday } from '../helpers/wait.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
let consoleUrl: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  ({ site, admin, stop: stopSite, consoleUrl } = await startConsoleSite());
}, 180_000);
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await stopSite?.();
}, 180_000);

const siteConsole = (connectionString = consoleUrl): SiteConsole => openSiteConsole(connectionString, cleanups);

interface Joined {
  station: Station;
  id: string;
  link: PostgresSiteLink;
  screen: StationConnection;
  publish(): Promise<void>;
}

async function joinedStation(): Promise<Joined> {
  const station = makeStation();
  cleanups.push(() => station.shutdown());
  const id = station.store.stationId;
  const login = await addStation(admin, id);
  const link = new PostgresSiteLink(site.url(login.role, login.password));
  cleanups.push(() => link.close());
  // The station's first admin, made as a real one is (operator.created with the name): the names on papers come from the events.
  const screen = station.connect();
  const setup = await screen.call('session.setup', { badge: 'ADMIN-1', name: 'Ada Admin', pin: '480351' });
  if (!setup.ok) throw new Error(`setup refused: ${setup.error.message}`);
  const publish = () => publishNew(station, link, id);
  return { station, id, link, screen, publish };
}

/** Parcels in, one suspect with its incident (a step acknowledged), a device warning at the station. */
async function screeningDay(s: Joined, tag: string, reason: string): Promise<{ custodyId: string; incidentNumber: string; tracking: string[] }> {
  const tracking: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const code = `1Z${tag}${i}00000000000`;
    tracking.push(code);
    await ok(s.screen.call('intake.scan', { code }));
  }
  const { item } = await ok<{ item: { custodyId: string } }>(s.screen.call('intake.scan', { code: `SUSPECT-${tag}` }));
  const { incident } = await ok<{ incident: { id: number; number: string } }>(s.screen.call('item.markSuspect', { custodyId: item.custodyId, incidentType: 'other', reason }));
  const detail = await ok<{ incident: { number: string; steps: Array<{ id: string }> } }>(s.screen.call('incident.get', { incidentId: incident.id }));
  await ok(s.screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: detail.incident.steps[0]!.id, note: `done at ${tag}`, couldNotBecause: 'the test has no such record' }));
  s.station.store.transaction(() =>
    s.station.store.audit.append({ actor: 'device', kind: 'xray.scan-failed', subjectType: 'device', subjectId: `xray-${tag}`, mode: 'live', payload: { detail: 'the tube did not fire', scanRef: null, path: null, sha256: null } }),
  );
  return { custodyId: item.custodyId, incidentNumber: detail.incident.number, tracking };
}

type Stations = ConsoleResponse<'console.stations'>['stations'];

describe('the site console reads the site', () => {
  let a: Joined;
  let b: Joined;
  let dayA: Awaited<ReturnType<typeof screeningDay>>;
  let dayB: Awaited<ReturnType<typeof screeningDay>>;
  let screen: ConsoleConnection;
  let projector: SiteProjector;

  beforeAll(async () => {
    a = await joinedStation();
    b = await joinedStation();
    dayA = await screeningDay(a, 'A', 'Strange odour at A');
    dayB = await screeningDay(b, 'B', 'Leaking powder at B');
    await a.publish();
    await b.publish();
    projector = new SiteProjector(site.adminUrl, { page: 50 });
    cleanups.push(() => projector.close());
    screen = siteConsole().connect();
  }, 180_000);

  it('every station: last heard, the site head, how far the views lag behind it, then caught up by the projector; device warnings; open incidents', async () => {
    const before = (await read<{ stations: Stations }>(screen, 'console.stations')).stations;
    expect(before.map((s) => s.station).sort()).toEqual([a.id, b.id].sort());
    for (const s of [a, b]) {
      const row = before.find((candidate) => candidate.station === s.id)!;
      expect(row.siteSeq).toBe(publishedEvents(s.station.store).at(-1)!.seq);
      expect(row.heardAt).not.toBeNull();
      // Nothing projected yet: the views lag the whole chain.
      expect(row.projectedSeq).toBe(0);
    }
    await projector.project();
    const after = (await read<{ stations: Stations }>(screen, 'console.stations')).stations;
    for (const [s, tag] of [[a, 'A'], [b, 'B']] as const) {
      const row = after.find((candidate) => candidate.station === s.id)!;
      expect(row.projectedSeq).toBe(row.siteSeq);
      expect(row.held).toBeNull();
      expect(row.alarms).toEqual([]);
      expect(row.openIncidents).toBe(1);
      expect(row.deviceWarnings).toEqual([expect.objectContaining({ deviceId: `xray-${tag}`, warnings: 1, lastKind: 'xray.scan-failed', lastDetail: 'the tube did not fire' })]);
    }
  });

  it('incidents across stations, with their protocol progress; one incident with its steps and events', async () => {
    await projector.project();
    const { incidents, next } = await read<ConsoleResponse<'console.incidents'>>(screen, 'console.incidents', { open: true });
    expect(next).toBeNull();
    expect(incidents.map((i) => `${i.station}/${i.number}`).sort()).toEqual([`${a.id}/${dayA.incidentNumber}`, `${b.id}/${dayB.incidentNumber}`].sort());
    const fromA = incidents.find((i) => i.station === a.id)!;
    expect(fromA).toMatchObject({ custodyId: dayA.custodyId, type: 'other', reason: 'Strange odour at A', closed: false, mode: 'live' });
    expect(fromA.openedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(fromA.steps.done).toBe(1);
    expect(fromA.steps.total).toBeGreaterThan(1);
    expect((await read<ConsoleResponse<'console.incidents'>>(screen, 'console.incidents', { open: false })).incidents).toEqual([]);
    expect((await read<ConsoleResponse<'console.incidents'>>(screen, 'console.incidents', { station: b.id })).incidents.map((i) => i.station)).toEqual([b.id]);

    const one = await read<ConsoleResponse<'console.incident'>>(screen, 'console.incident', { station: a.id, number: dayA.incidentNumber });
    expect(one.steps).toHaveLength(fromA.steps.total!);
    expect(one.steps[0]).toMatchObject({ acknowledgedBy: expect.any(String), note: 'done at A', couldNotBecause: 'the test has no such record', at: expect.any(String) });
    expect(one.steps.slice(1).every((step) => step.acknowledgedBy === null)).toBe(true);
    expect(one.events[0]!.kind).toBe('incident.opened');
    const missing = await screen.call('console.incident', { station: a.id, number: 'INC-NOPE' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('search across stations by custody ID or the code on the label; every item a page at a time (keyset), each once; an item’s history', async () => {
    await projector.project();
    const byTracking = await read<ConsoleResponse<'console.search'>>(screen, 'console.search', { query: dayB.tracking[1] });
    expect(byTracking.items.map((i) => [i.station, i.scannedCode])).toEqual([[b.id, dayB.tracking[1]]]);
    const byCustody = await read<ConsoleResponse<'console.search'>>(screen, 'console.search', { query: dayA.custodyId });
    expect(byCustody.items).toEqual([expect.objectContaining({ station: a.id, custodyId: dayA.custodyId, state: 'SUSPECT', incidentNumber: dayA.incidentNumber })]);

    const all = (await read<ConsoleResponse<'console.search'>>(screen, 'console.search', {})).items;
    expect(all).toHaveLength(8);
    const paged: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page: ConsoleResponse<'console.search'> = await read(screen, 'console.search', { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items.map((i) => `${i.station}/${i.custodyId}`));
      cursor = page.next;
    } while (cursor);
    expect(paged).toEqual(all.map((i) => `${i.station}/${i.custodyId}`));
    expect(new Set(paged).size).toBe(8);

    const history = await read<ConsoleResponse<'console.itemHistory'>>(screen, 'console.itemHistory', { station: a.id, custodyId: dayA.custodyId });
    expect(history.item.custodyId).toBe(dayA.custodyId);
    expect(history.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['item.received', 'item.markedSuspect']));
    expect(history.events.map((e) => e.seq)).toEqual([...history.events.map((e) => e.seq)].sort((x, y) => x - y));
  });

  it('the daily log from the site’s record, by the station’s own builder: one station’s as PDF or CSV, the whole site’s as one CSV', async () => {
    await projector.project();
    const today = localToday();
    const csvA = await read<ConsoleResponse<'console.dailyLog'>>(screen, 'console.dailyLog', { date: today, station: a.id, format: 'csv' });
    expect(csvA).toMatchObject({ mimeType: 'text/csv', stations: 1, items: 4, fileName: `daily-log-${today}-${a.id}.csv` });
    const rowsA = Buffer.from(csvA.contentBase64, 'base64').toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rowsA[0]).toMatch(/^date,station,custody_id,/);
    expect(rowsA.slice(1).every((row) => row.startsWith(`${today},${a.id},`))).toBe(true);
    // The same file the station makes of its own database, byte for byte.
    const own = await a.station.reports.dailyLog(today, 'csv', { actor: 'cli:test', name: 'test' });
    expect(Buffer.from(csvA.contentBase64, 'base64').toString('utf8')).toBe(own.bytes.toString('utf8'));

    const site = await read<ConsoleResponse<'console.dailyLog'>>(screen, 'console.dailyLog', { date: today, format: 'csv' });
    const rows = Buffer.from(site.contentBase64, 'base64').toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(site).toMatchObject({ stations: 2, items: 8, fileName: `daily-log-${today}-site.csv` });
    expect(rows.filter((row) => row.startsWith('date,'))).toHaveLength(1);
    expect(new Set(rows.slice(1).map((row) => row.split(',')[1]))).toEqual(new Set([a.id, b.id]));

    const pdf = await read<ConsoleResponse<'console.dailyLog'>>(screen, 'console.dailyLog', { date: today, station: b.id, format: 'pdf' });
    const text = pdfText(Buffer.from(pdf.contentBase64, 'base64'));
    expect(text).toContain(`Daily screening log`);
    expect(text).toContain(b.id);
    expect(text).toContain('the site console (mailscreen_console_office)');

    expect(await screen.call('console.dailyLog', { date: today, format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(await screen.call('console.dailyLog', { date: today, station: 'ST-NOSUCH', format: 'csv' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a chain alarm shows at its station, and the views say where they stopped', async () => {
    const held = (await a.link.head(a.id))!.seq;
    const forged = { ...publishedEvents(a.station.store).find((event) => event.seq === held)!, hash: '0'.repeat(64) };
    await expect(a.link.publish(a.id, [forged])).rejects.toBeInstanceOf(SiteChainRefused);
    await projector.project();
    const row = (await read<{ stations: Stations }>(screen, 'console.stations')).stations.find((s) => s.station === a.id)!;
    expect(row.alarmCount).toBe(1);
    expect(row.alarms[0]).toMatchObject({ kind: 'chain-fork', message: expect.stringContaining('differs from the one the site holds') });
    expect((await read<{ stations: Stations }>(screen, 'console.stations')).stations.find((s) => s.station === b.id)!.alarms).toEqual([]);
  });
});

describe('what the console refuses', () => {
  it('a station’s command sent to the console is refused before its arguments are looked at, and nothing is run', async () => {
    const screen = siteConsole().connect();
    for (const [command, args] of [
      ['intake.scan', { code: '1Z999' }],
      ['session.login', { badge: 'x', pin: '1' }],
      ['station.info', {}],
      ['site.roster', { nonsense: true }],
      ['__proto__', {}],
      ['constructor', {}],
    ] as const) {
      const result = await screen.call(command, args);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
      if (!result.ok) expect(result.error.message).toMatch(/This is the site console: it reads the site's record/);
    }
  });

  it('the console’s commands are not a station’s: a station refuses them, and every field they take has words for a refusal', async () => {
    const station = makeStation();
    cleanups.push(() => station.shutdown());
    expect(await station.connect().call('console.stations', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const fields = Object.values(consoleCommands).flatMap((spec) => Object.keys((spec.request as unknown as { shape?: Record<string, unknown> }).shape ?? {}));
    expect(fields.length).toBeGreaterThan(5);
    expect(fields.filter((field) => !Object.hasOwn(FIELD_WORDS, field))).toEqual([]);
    // Hostile values in each field: refused in words, never zod's or the schema's.
    const screen = siteConsole().connect();
    for (const [name, spec] of Object.entries(consoleCommands)) {
      for (const field of Object.keys((spec.request as unknown as { shape?: Record<string, unknown> }).shape ?? {})) {
        for (const hostile of ['x'.repeat(20_000), -1e15, 0.5, null, {}, [], true]) {
          const result = await screen.call(name, { [field]: hostile });
          if (result.ok) continue;
          expect(result.error.message, `${name} ${field}=${JSON.stringify(hostile).slice(0, 20)}`).not.toMatch(/Invalid (input|option|type)|Too (big|small)|expected (string|number|boolean|array|object)|Unrecognized key/);
        }
      }
    }
  });

  it('bad arguments in words, a forged page cursor, a query too long', async () => {
    const screen = siteConsole().connect();
    const extra = await screen.call('console.stations', { station: 'x' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    const badStation = await screen.call('console.incident', { station: "x'; DROP TABLE station_events; --", number: '1' });
    expect(badStation).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringContaining('The station') } });
    for (const cursor of ['not-base64-json', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2,3]').toString('base64url')]) {
      const result = await screen.call('console.search', { cursor });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringContaining('search again from the first page') } });
    }
    expect(await screen.call('console.search', { query: 'x'.repeat(129) })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM station_events');
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
  });

  it('reads only, even started with the administrator’s connection string: each command is a READ ONLY transaction', async () => {
    const screen = siteConsole(site.adminUrl).connect();
    // A search text is a parameter, never SQL; a hostile one finds nothing and changes nothing.
    const result = await read<ConsoleResponse<'console.search'>>(screen, 'console.search', { query: "'); DELETE FROM site_items; --" });
    expect(result.items).toEqual([]);
    const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM site_items');
    expect(Number(rows[0]!.n)).toBe(8);
  });

  it('a screen that floods the console gets BUSY past 8 calls at once, every call is answered, and the next ones run', async () => {
    const screen = siteConsole().connect();
    const answers = await Promise.all(Array.from({ length: 30 }, () => screen.call('console.stations', {})));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(8);
    expect(answers.filter((answer) => !answer.ok && answer.error.code === 'BUSY')).toHaveLength(22);
    expect(await screen.call('console.stations', {})).toMatchObject({ ok: true });
  });

  it('a site that cannot be reached is UNAVAILABLE in one line with no password, and the console stays up', async () => {
    const unreachable = siteConsole('postgres://mailscreen_console_office:s3cret-pw@127.0.0.1:1/postgres').connect();
    const result = await unreachable.call('console.stations', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    if (!result.ok) {
      expect(result.error.message).not.toContain('s3cret-pw');
      expect(result.error.message).toMatch(/127\.0\.0\.1:1/);
    }
  });

  it('site serve says in one line, exit 2, what it lacks: a connection string, a reachable site (no password shown), a port', () => {
    const renderer = tempDir();
    writeFileSync(`${renderer}/index.html`, '<!doctype html><title>Mailscreen</title>');
    const none = runCli(['site', 'serve', '--renderer', renderer]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/site serve needs --postgres <console connection string>/);
    const down = runCli(['site', 'serve', '--renderer', renderer, '--postgres', 'postgres://mailscreen_console_office:s3cret-pw@127.0.0.1:1/postgres']);
    expect(down.status).toBe(2);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toMatch(/the site database at 127\.0\.0\.1:1\/postgres cannot be used now/);
    expect(down.stderr + down.stdout).not.toContain('s3cret-pw');
    const port = runCli(['site', 'serve', '--port', '70000', '--postgres', 'postgres://x@127.0.0.1:1/x']);
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/--port must be 0-65535/);
  });

  it('behind the web host: the token is required, and with it the console answers its commands and refuses the station’s', async () => {
    const renderer = tempDir();
    writeFileSync(`${renderer}/index.html`, '<!doctype html><title>Mailscreen</title>');
    const host = await startWebHost({ endpoint: siteConsole(), rendererDir: renderer, port: 0, log: () => undefined });
    cleanups.push(() => host.close());
    const page = new URL(host.url);
    const wrong = new WebSocket(`ws://${page.host}/station`, { origin: `http://${page.host}` });
    wrong.on('error', () => undefined);
    await new Promise<void>((resolve) => wrong.once('open', () => resolve()));
    const closed = new Promise<number>((resolve) => wrong.once('close', (code) => resolve(code)));
    wrong.send(JSON.stringify({ type: 'hello', token: 'not-the-token' }));
    expect(await closed).toBe(BAD_TOKEN_CLOSE_CODE);

    const screen = await StationSocket.open(host.url);
    cleanups.push(() => screen.close());
    expect(await screen.call('console.info')).toMatchObject({ ok: true, value: { console: true, schema: expect.any(Number) } });
    expect(await screen.call('intake.scan', { code: '1Z999' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });
});
