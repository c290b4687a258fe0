// The console's incident screen (console.incident) against a real PostgreSQL and a real station:
// a step not acknowledged yet shows its title from the SOP its station published to the site
// (checked as the incident report checks it: size cap, SHA-256), its ID while the site lacks the
// file or the file is not that SOP; an acknowledged step's time and title come from its whole
// event, so a long note (a payload past what the screen's event list shows) cannot lose them.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { Station } from '../../src/main/core/station.ts';
import { addStation, PostgresSiteLink, SiteProjector, type ConsoleConnection } from '../../src/main/site/index.ts';
import { canonicalJson } from '../../src/main/store/index.ts';
import type { ConsoleResponse } from '../../src/shared/contract/index.ts';
import { ok, openSiteConsole, publishNew, read, startConsoleSite } from '../helpers/consoleSite.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { makeStation } from '../helpers/station.ts';

type Incident = ConsoleResponse<'console.incident'>;

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;
let consoleUrl: string;
const cleanups: Array<() => Promise<void> | void> = [];

let station: Station;
let stationId: string;
let link: PostgresSiteLink;
let screen: StationConnection;
let officer: ConsoleConnection;
let projector: SiteProjector;

beforeAll(async () => {
  ({ site, admin, stop: stopSite, consoleUrl } = await startConsoleSite());
  station = makeStation();
  cleanups.push(() => station.shutdown());
  stationId = station.store.stationId;
  const login = await addStation(admin, stationId);
  link = new PostgresSiteLink(site.url(login.role, login.password));
  cleanups.push(() => link.close());
  screen = station.connect();
  await ok(screen.call('session.setup', { badge: 'ADMIN-1', name: 'Ada Admin', pin: '480351' }));
  projector = new SiteProjector(site.adminUrl, { page: 50 });
  cleanups.push(() => projector.close());
  officer = openSiteConsole(consoleUrl, cleanups).connect();
}, 180_000);
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await stopSite?.();
}, 180_000);

/** A suspect parcel's incident at the station, its steps as the station shows them. */
async function openIncident(code: string): Promise<{ id: number; number: string; steps: Array<{ id: string; title: string }> }> {
  const { item } = await ok<{ item: { custodyId: string } }>(screen.call('intake.scan', { code }));
  const { incident } = await ok<{ incident: { id: number } }>(screen.call('item.markSuspect', { custodyId: item.custodyId, incidentType: 'other', reason: 'Oily stains' }));
  const detail = await ok<{ incident: { number: string; steps: Array<{ id: string; title: string }> } }>(screen.call('incident.get', { incidentId: incident.id }));
  return { id: incident.id, number: detail.incident.number, steps: detail.incident.steps };
}

/** The SOP the incident was opened under, as its station's publisher sends it: its canonical JSON, named by its SHA-256. */
function sopFile(number: string): { sha256: string; bytes: Buffer } {
  const row = station.store.db.prepare('SELECT protocol FROM incidents WHERE number = ?').get(number) as { protocol: string };
  const bytes = Buffer.from(canonicalJson(JSON.parse(row.protocol)), 'utf8');
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

async function shown(number: string): Promise<Incident> {
  await publishNew(station, link, stationId);
  await projector.project();
  return await read<Incident>(officer, 'console.incident', { station: stationId, number });
}

describe('the console’s incident screen', () => {
  it('an acknowledged step’s time and title come from its whole event: a note of 4,000 characters loses neither', async () => {
    const incident = await openIncident('LONG-NOTE-1');
    const [first, second] = incident.steps;
    await ok(screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: first!.id, note: 'n'.repeat(4000), couldNotBecause: 'the test has no such record' }));
    await ok(screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: second!.id, note: 'short', couldNotBecause: 'the test has no such record' }));
    const read = await shown(incident.number);
    const { rows } = await admin.query<{ at: string; step: string; length: number }>(
      "SELECT at, payload_json->>'stepId' AS step, length(payload) AS length FROM station_events WHERE station = $1 AND subject_id = $2 AND kind = 'incident.stepAcknowledged' ORDER BY seq",
      [stationId, incident.number],
    );
    expect(rows[0]!.length).toBeGreaterThan(4000);
    // The screen's event list shows the payload cut; the step's time is its event's all the same.
    expect(read.events.find((event) => event.kind === 'incident.stepAcknowledged')!.payload.length).toBeLessThanOrEqual(2000);
    expect(read.steps[0]).toMatchObject({ stepId: first!.id, title: first!.title, at: rows[0]!.at, note: 'n'.repeat(4000) });
    expect(read.steps[1]).toMatchObject({ stepId: second!.id, title: second!.title, at: rows[1]!.at });
  });

  it('a step not acknowledged shows its SOP title once the SOP is at the site, its ID before, and its ID when the file there is not that SOP', async () => {
    const incident = await openIncident('SOP-TITLES-1');
    const waiting = incident.steps.slice(1);
    await ok(screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: incident.steps[0]!.id, note: '', couldNotBecause: 'the test has no such record' }));
    // The station's publisher has not sent the SOP (publishNew sends events only): IDs.
    const before = await shown(incident.number);
    expect(before.steps.slice(1).map((step) => step.title)).toEqual(waiting.map((step) => step.id));
    expect(waiting.some((step) => step.title !== step.id)).toBe(true);
    const file = sopFile(incident.number);
    await link.publishFile(stationId, file);
    const after = await shown(incident.number);
    expect(after.steps.map((step) => step.title)).toEqual(incident.steps.map((step) => step.title));
    expect(after.steps.slice(1).every((step) => step.acknowledgedBy === null && step.at === null)).toBe(true);

    // Someone who can change the site's files behind its checks (the administrator dropping them):
    // other bytes under the name, or a huge file, give the IDs back, never the forged titles.
    await admin.query('ALTER TABLE site_files DISABLE TRIGGER site_files_append_only');
    const constraint = (await admin.query<{ conname: string }>("SELECT conname FROM pg_constraint WHERE conrelid = 'site_files'::regclass AND contype = 'c'")).rows[0]!.conname;
    await admin.query(`ALTER TABLE site_files DROP CONSTRAINT ${constraint}`);
    const forged = JSON.parse(file.bytes.toString('utf8')) as { steps: Array<{ title: string }> };
    for (const step of forged.steps) step.title = 'FORGED: leave the parcel and go home';
    await admin.query('UPDATE site_files SET bytes = $2 WHERE sha256 = $1', [file.sha256, Buffer.from(canonicalJson(forged), 'utf8')]);
    expect((await shown(incident.number)).steps.slice(1).map((step) => step.title)).toEqual(waiting.map((step) => step.id));
    await admin.query('UPDATE site_files SET bytes = $2 WHERE sha256 = $1', [file.sha256, Buffer.alloc(2 * 1024 * 1024, 32)]);
    expect((await shown(incident.number)).steps.slice(1).map((step) => step.title)).toEqual(waiting.map((step) => step.id));
    await admin.query('UPDATE site_files SET bytes = $2 WHERE sha256 = $1', [file.sha256, file.bytes]);
    expect((await shown(incident.number)).steps.map((step) => step.title)).toEqual(incident.steps.map((step) => step.title));
  });
});
