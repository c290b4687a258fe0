// The console's dashboard and reports from the site's record (issue 13, point 5), against a real
// PostgreSQL: two real stations publish real work through their own roles, the projector runs, and
// the console reads through its read-only role. The figures are the station's own builder's, fed
// from the site: for one station they equal what that station's dashboard says of itself (but the
// two figures only a station holds, which the site gives as null, never as a zero); for the site,
// the stations' sums. Attack tests: forged and unknown station IDs, hostile periods, a station's
// command sent to the console, figures that never run ahead of the views.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { argumentsRefusal, incidentViewsOfEvents } from '../../src/main/core/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { lineLog } from '../../src/main/log.ts';
import { canonicalJson } from '../../src/main/store/index.ts';
import { addStation, PostgresSiteLink, SiteConsole, SiteProjector, type ConsoleConnection } from '../../src/main/site/index.ts';
import { siteCustodyFormInput } from '../../src/main/site/console/consoleCustodyForm.ts';
import type { ConsoleResponse, DashboardStats, IncidentView, ItemDetail, SiteDashboardStats } from '../../src/shared/contract/index.ts';
import { pdfText } from '../helpers/pdfText.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { ok, openSiteConsole, publishNew, read, startConsoleSite } from '../helpers/consoleSite.ts';
import { publishedEvents } from '../helpers/siteEvents.ts';
import { makeStation } from '../helpers/station.ts';
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

const siteConsole = (connectionString = consoleUrl): SiteConsole => openSiteConsole(connectionString, cleanups, { incidentViews: incidentViewsOfEvents });


interface Joined {
  station: Station;
  id: string;
  screen: StationConnection;
  publish(): Promise<void>;
  /** What the station's publisher sends before an incident.opened: the SOP's canonical JSON under the SHA-256 the event carries. */
  publishSop(number: string): Promise<string>;
}

async function joinedStation(): Promise<Joined> {
  const station = makeStation();
  cleanups.push(() => station.shutdown());
  const id = station.store.stationId;
  const login = await addStation(admin, id);
  const link = new PostgresSiteLink(site.url(login.role, login.password));
  cleanups.push(() => link.close());
  // The station's admin and a coordinator, made as real ones are (their names on the papers come from the events).
  const setup = station.connect();
  await ok(setup.call('session.setup', { badge: 'ADMIN-1', name: 'Ada Admin', pin: '480351' }));
  await ok(setup.call('operator.create', { badge: 'COORD-1', name: 'Cora Coordinator', role: 'coordinator', pin: '592714' }));
  const screen = station.connect();
  await ok(screen.call('session.login', { badge: 'COORD-1', pin: '592714' }));
  const publish = () => publishNew(station, link, id);
  const publishSop = async (number: string) => {
    const opened = [...station.store.audit.events()].find((event) => event.kind === 'incident.opened' && event.subjectId === number)!;
    const row = station.store.db.prepare('SELECT protocol FROM incidents WHERE number = ?').get(number) as { protocol: string };
    const bytes = Buffer.from(canonicalJson(JSON.parse(row.protocol)), 'utf8');
    const sha256 = String(opened.payload.protocolSha256);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    await link.publishFile(id, { sha256, bytes });
    return sha256;
  };
  return { station, id, screen, publish, publishSop };
}

/** What the stations recorded published and projected (in pages of 50), and the console opened on the site. */
async function publishedToConsole(...stations: Joined[]): Promise<{ projector: SiteProjector; screen: ConsoleConnection }> {
  for (const s of stations) await s.publish();
  const projector = new SiteProjector(site.adminUrl, { page: 50 });
  cleanups.push(() => projector.close());
  await projector.project();
  return { projector, screen: siteConsole().connect() };
}

/** A letter taken in and screened to CLEARED (it then waits for its recipient). */
async function clearedLetter(s: Joined, code: string): Promise<string> {
  const { item } = await ok<{ item: { custodyId: string } }>(s.screen.call('intake.scan', { code }));
  const custodyId = item.custodyId;
  await ok(s.screen.call('item.setDetails', { custodyId, itemType: 'letter' }));
  await ok(s.screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }));
  await ok(s.screen.call('item.inspect', { custodyId, indicators: [], notes: '' }));
  await ok(s.screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }));
  await ok(s.screen.call('item.clear', { custodyId }));
  return custodyId;
}

/** A day's work: parcels in, letters cleared (one handed over), one suspect with its incident quarantined under seal, a drill. */
async function screeningDay(s: Joined, tag: string, parcels: number): Promise<{ custodyId: string; incidentNumber: string; incidentId: number }> {
  for (let i = 0; i < parcels; i += 1) await ok(s.screen.call('intake.scan', { code: `1Z${tag}${i}00000000000` }));
  const handed = await clearedLetter(s, `LETTER-${tag}-1`);
  await clearedLetter(s, `LETTER-${tag}-2`);
  await ok(s.screen.call('item.deliver', { custodyId: handed, recipient: { kind: 'name', name: 'Zoë Martínez' }, confirmed: true }));
  const { item } = await ok<{ item: { custodyId: string } }>(s.screen.call('intake.scan', { code: `SUSPECT-${tag}` }));
  const { incident } = await ok<{ incident: { id: number; number: string } }>(s.screen.call('item.markSuspect', { custodyId: item.custodyId, incidentType: 'suspiciousSubstance', reason: `Powder at ${tag}` }));
  await ok(s.screen.call('custody.quarantine', { custodyId: item.custodyId, location: 'Isolation room', sealNumbers: [`S-${tag}-1`], reason: 'Isolate' }));
  await ok(s.screen.call('drill.start', { scenario: 'possibleExplosive', description: `Drill at ${tag}` }));
  return { custodyId: item.custodyId, incidentNumber: incident.number, incidentId: incident.id };
}

/** The station's figures as the site must give them: the same, with the station-only ones null. */
function asTheSiteHasThem(own: DashboardStats): SiteDashboardStats {
  return { ...own, afterClearance: { ...own.afterClearance, notices: { ...own.afterClearance.notices, pending: null } }, deviceUptime: null };
}

/**
 * The site's figures are the station's: exactly, but for the oldest waiting item's moment, which two
 * readings of the station's clock stamp milliseconds apart (its row at the station, its event at
 * the site): that one within two seconds.
 */
function expectSameFigures(atSite: SiteDashboardStats, own: DashboardStats): void {
  const withoutOldest = (stats: SiteDashboardStats) => ({ ...stats, afterClearance: { ...stats.afterClearance, waiting: { ...stats.afterClearance.waiting, oldestSince: null } } });
  expect(withoutOldest(atSite)).toEqual(withoutOldest(asTheSiteHasThem(own)));
  const [site, station] = [atSite.afterClearance.waiting.oldestSince, own.afterClearance.waiting.oldestSince];
  expect(site === null).toBe(station === null);
  if (site !== null && station !== null) expect(Math.abs(Date.parse(site) - Date.parse(station))).toBeLessThan(2_000);
}

type Dashboard = ConsoleResponse<'console.dashboard'>;

describe('the dashboard at the console', () => {
  let a: Joined;
  let b: Joined;
  let screen: ConsoleConnection;
  let projector: SiteProjector;
  const today = localToday();

  beforeAll(async () => {
    a = await joinedStation();
    b = await joinedStation();
    await screeningDay(a, 'A', 3);
    await screeningDay(b, 'B', 1);
    ({ projector, screen } = await publishedToConsole(a, b));
  }, 180_000);

  it('one station’s figures are the ones its own dashboard shows, by the same builder, but for the station-only ones, which are null', async () => {
    for (const s of [a, b]) {
      const own = await ok<DashboardStats>(s.screen.call('dashboard.stats', { from: today, to: today }));
      const atSite = await read<Dashboard>(screen, 'console.dashboard', { from: today, to: today, station: s.id });
      expectSameFigures(atSite.stats, own);
      expect(atSite.stats.afterClearance.notices.pending).toBeNull();
      expect(atSite.stats.deviceUptime).toBeNull();
      expect(atSite.stations).toEqual([{ station: s.id, upToSeq: publishedEvents(s.station.store).at(-1)!.seq }]);
    }
    const ofA = (await read<Dashboard>(screen, 'console.dashboard', { from: today, to: today, station: a.id })).stats;
    // What the day held at A, as a check that the figures are not all zero.
    expect(ofA.itemsPerDay).toEqual([{ date: today, received: 6, cleared: 2, suspect: 1 }]);
    expect(ofA.incidents.byType.find((t) => t.type === 'suspiciousSubstance')).toEqual({ type: 'suspiciousSubstance', open: 1, closed: 0 });
    expect(ofA.incidents.drills).toBe(1);
    expect(ofA.afterClearance.delivered).toBe(1);
    expect(ofA.afterClearance.waiting.total).toBe(1);
    // A period over several days has each of its days, as the station's.
    const week = { from: new Date(Date.now() - 6 * 86_400_000).toLocaleDateString('sv-SE'), to: today };
    const ownWeek = await ok<DashboardStats>(a.screen.call('dashboard.stats', week));
    expectSameFigures((await read<Dashboard>(screen, 'console.dashboard', { ...week, station: a.id })).stats, ownWeek);
  });

  it('the whole site’s figures are the stations’ sums', async () => {
    const whole = await read<Dashboard>(screen, 'console.dashboard', { from: today, to: today });
    expect(whole.stations.map((s) => s.station).sort()).toEqual([a.id, b.id].sort());
    const [ofA, ofB] = await Promise.all([a, b].map(async (s) => await ok<DashboardStats>(s.screen.call('dashboard.stats', { from: today, to: today }))));
    expect(whole.stats.itemsPerDay).toEqual([{ date: today, received: ofA!.itemsPerDay[0]!.received + ofB!.itemsPerDay[0]!.received, cleared: 4, suspect: 2 }]);
    expect(whole.stats.outcomes).toEqual(Object.fromEntries(Object.keys({ ...ofA!.outcomes, ...ofB!.outcomes }).map((state) => [state, (ofA!.outcomes[state] ?? 0) + (ofB!.outcomes[state] ?? 0)])));
    expect(whole.stats.incidents.byType.find((t) => t.type === 'suspiciousSubstance')).toEqual({ type: 'suspiciousSubstance', open: 2, closed: 0 });
    expect(whole.stats.incidents.drills).toBe(2);
    expect(whole.stats.afterClearance).toMatchObject({ delivered: 2, notices: { pending: null }, waiting: { total: 2 } });
    // A period that holds none of it counts none of it; what waits now still waits.
    const before = await read<Dashboard>(screen, 'console.dashboard', { from: '2020-11-01', to: '2020-11-02' });
    expect(before.stats.itemsPerDay).toEqual([
      { date: '2020-11-01', received: 0, cleared: 0, suspect: 0 },
      { date: '2020-11-02', received: 0, cleared: 0, suspect: 0 },
    ]);
    expect(before.stats.outcomes).toEqual({});
    expect(before.stats.afterClearance.waiting.total).toBe(2);
  });

  it('never runs ahead of the views: events the site holds but has not projected are not counted until they are; a rebuild gives the same figures', async () => {
    const before = await read<Dashboard>(screen, 'console.dashboard', { from: today, to: today, station: a.id });
    await ok(a.screen.call('intake.scan', { code: '1ZLATE00000000000' }));
    await a.publish();
    const published = await read<Dashboard>(screen, 'console.dashboard', { from: today, to: today, station: a.id });
    expect(published).toEqual(before);
    await projector.project();
    const projected = await read<Dashboard>(screen, 'console.dashboard', { from: today, to: today, station: a.id });
    expect(projected.stats.itemsPerDay[0]!.received).toBe(before.stats.itemsPerDay[0]!.received + 1);
    expect(projected.stations[0]!.upToSeq).toBeGreaterThan(before.stations[0]!.upToSeq);
    await projector.rebuild();
    expect(await read<Dashboard>(screen, 'console.dashboard', { from: today, to: today, station: a.id })).toEqual(projected);
  });

  it('refuses forged and unknown stations, hostile periods and extra fields in words; a station’s dashboard command is not the console’s', async () => {
    expect(await screen.call('console.dashboard', { from: today, to: today, station: 'ST-NOSUCH' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No station ST-NOSUCH has joined this site.' } });
    for (const station of ["x'; DROP TABLE station_events; --", '', 'x'.repeat(41), '../ST-A', 42]) {
      const refused = await screen.call('console.dashboard', { from: today, to: today, station });
      expect(refused, String(station)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringContaining('The station') } });
    }
    expect(await screen.call('console.dashboard', { from: today, to: '2020-01-01' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringContaining('start on or before its end') } });
    expect(await screen.call('console.dashboard', { from: '2020-01-01', to: '2024-01-01' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringContaining('At most about a year') } });
    for (const bad of [{ from: 'yesterday', to: today }, { from: today }, { from: today, to: today, extra: 1 }, { from: 'x'.repeat(100_000), to: today }]) {
      expect(await screen.call('console.dashboard', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    }
    expect(await screen.call('dashboard.stats', { from: today, to: today })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    // A station does not answer the console's command either.
    expect(await a.screen.call('console.dashboard', { from: today, to: today })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });

  it('reads only, even started with the administrator’s connection string', async () => {
    const adminScreen = siteConsole(site.adminUrl).connect();
    const { rows: before } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM site_items');
    expect((await read<Dashboard>(adminScreen, 'console.dashboard', { from: today, to: today })).stations).toHaveLength(2);
    const { rows: after } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM site_items');
    expect(after).toEqual(before);
  });
});

describe('the custody form at the console', () => {
  let a: Joined;
  let b: Joined;
  let screen: ConsoleConnection;
  let evidence: string;
  let handedOver: string;

  beforeAll(async () => {
    a = await joinedStation();
    b = await joinedStation();
    // Evidence: weighed, marked suspect, quarantined under seal, handed to a responder with the seal checked.
    const { item } = await ok<{ item: { custodyId: string } }>(a.screen.call('intake.scan', { code: 'SUSPECT-FORM-1' }));
    evidence = item.custodyId;
    await ok(a.screen.call('item.setDetails', { custodyId: evidence, itemType: 'parcel', recipient: 'Zoë Ørsted, Payroll', sender: 'No return address', dimensions: { lengthMm: 300, widthMm: 200, thicknessMm: 80 } }));
    await ok(a.screen.call('item.enterWeight', { custodyId: evidence, grams: 1234, reason: 'Scale out for service' }));
    await ok(a.screen.call('item.markSuspect', { custodyId: evidence, incidentType: 'suspiciousSubstance', reason: 'Powder leaking from a corner' }));
    await ok(a.screen.call('custody.quarantine', { custodyId: evidence, location: 'Isolation room 2', sealNumbers: ['S-100', 'S-101'], reason: 'Isolate' }));
    await ok(
      a.screen.call('custody.transfer', {
        custodyId: evidence,
        receivedBy: { kind: 'external', name: 'Officer Dana Reyes', agency: 'City Hazmat', badgeNumber: 'HZ-4471', identityChecked: true },
        reason: 'To the lab',
        sealNumbers: ['S-100', 'S-101'],
        sealIntact: true,
      }),
    );
    handedOver = await clearedLetter(a, 'LETTER-FORM-1');
    await ok(a.screen.call('item.deliver', { custodyId: handedOver, recipient: { kind: 'name', name: 'Zoë Martínez' }, confirmed: true }));
    ({ screen } = await publishedToConsole(a, b));
  }, 180_000);

  /** The station's own views of the item: what its custody form is made from (ReportService.custodyForm). */
  async function stationInput(custodyId: string) {
    const { detail } = await ok<{ detail: ItemDetail }>(a.screen.call('item.get', { custodyId }));
    const { incident } = await ok<{ incident: IncidentView }>(a.screen.call('incident.get', { incidentId: detail.incident!.id }));
    return { detail, incident };
  }

  /** Two clocks stamp a station's row and its event, milliseconds apart: the site's time of a row is its event's. */
  const near = (site: string, station: string) => Math.abs(Date.parse(site) - Date.parse(station)) < 2_000;

  it('the form’s facts from the site equal the station’s own views, field for field', async () => {
    const own = await stationInput(evidence);
    const client = new pg.Client({ connectionString: consoleUrl });
    await client.connect();
    cleanups.push(() => client.end());
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { input, head } = await siteCustodyFormInput(client, a.id, evidence);
    await client.query('ROLLBACK');
    expect(head.seq).toBe(publishedEvents(a.station.store).at(-1)!.seq);

    const { receivedAt, updatedAt, ...item } = input.detail.item;
    const { receivedAt: ownReceivedAt, updatedAt: _ownUpdated, ...ownItem } = own.detail.item;
    expect(item).toEqual(ownItem);
    expect(near(receivedAt, ownReceivedAt)).toBe(true);
    expect(updatedAt).toMatch(/^\d{4}-/);
    expect(input.detail.custody).toHaveLength(2);
    input.detail.custody.forEach((transfer, i) => {
      const { id: _id, at, ...rest } = transfer;
      const { id: _ownId, at: ownAt, ...ownRest } = own.detail.custody[i]!;
      expect(rest).toEqual(ownRest);
      expect(near(at, ownAt)).toBe(true);
    });
    expect({ recipient: input.detail.recipient, sender: input.detail.sender, dimensions: input.detail.dimensions }).toEqual({
      recipient: own.detail.recipient,
      sender: own.detail.sender,
      dimensions: own.detail.dimensions,
    });
    expect(input.detail.weights.map((w) => w.grams)).toEqual(own.detail.weights.map((w) => w.grams));
    const { openedAt, ...incident } = input.incident!;
    expect(incident).toEqual({ number: own.incident.number, type: own.incident.type, openedBy: own.incident.openedBy, details: own.incident.details });
    expect(near(openedAt, own.incident.openedAt)).toBe(true);
  });

  it('the console’s PDF says what the station’s says, by the same builder: only who made it, when and from which position differ', async () => {
    const atSite = await read<ConsoleResponse<'console.custodyForm'>>(screen, 'console.custodyForm', { station: a.id, custodyId: evidence });
    expect(atSite).toMatchObject({ fileName: `custody-${evidence}.pdf`, mimeType: 'application/pdf' });
    const own = await ok<{ pdfBase64: string }>(a.screen.call('report.custodyForm', { custodyId: evidence }));
    // Times to the second may differ by a clock tick (see above); the furniture names the paper's
    // maker, its site and the chain position it was read at: all else is the same text.
    const body = (base64: string) => {
      const text = pdfText(Buffer.from(base64, 'base64'));
      const siteName = /^CHAIN OF CUSTODY — EVIDENCE (.+?) · station /.exec(text)![1]!;
      return text
        .replaceAll(siteName, '<site>')
        .replace(/Generated .+? Audit chain head at generation: seq \d+ · SHA-256 [0-9a-f]{64}/g, '<made>')
        .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '<time>');
    };
    const siteText = pdfText(Buffer.from(atSite.contentBase64, 'base64'));
    expect(siteText).toContain('the site console (mailscreen_console_office)');
    expect(siteText).toContain(evidence);
    expect(siteText).toContain('S-100, S-101');
    expect(siteText).toContain('City Hazmat');
    expect(siteText).toContain('Cora Coordinator');
    expect(siteText).toContain('1234 g');
    expect(body(atSite.contentBase64)).toContain('Recorded transfers');
    expect(body(atSite.contentBase64)).toBe(body(own.pdfBase64));
  });

  it('refuses what it cannot make whole, unknown and forged items, another station’s item, and hostile arguments', async () => {
    const delivered = await screen.call('console.custodyForm', { station: a.id, custodyId: handedOver });
    expect(delivered).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining(`its signature is kept at station ${a.id}`) } });
    // A's item asked of station B: B holds no such item.
    expect(await screen.call('console.custodyForm', { station: b.id, custodyId: evidence })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await screen.call('console.custodyForm', { station: 'ST-NOSUCH', custodyId: evidence })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No station ST-NOSUCH has joined this site.' } });
    expect(await screen.call('console.custodyForm', { station: a.id, custodyId: 'ZZZ-ZZZ-ZZZ' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const custodyId of ["' OR 1=1 --", 'x'.repeat(100_000), '', 42, null]) {
      expect(await screen.call('console.custodyForm', { station: a.id, custodyId })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    }
    expect(await screen.call('console.custodyForm', { station: a.id, custodyId: evidence, extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(await screen.call('report.custodyForm', { custodyId: evidence })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });
});

describe('the incident report at the console', () => {
  let a: Joined;
  let b: Joined;
  let screen: ConsoleConnection;
  let incident: { id: number; number: string };
  let sopSha256: string;
  let unpublished: { id: number; number: string };
  let drill: { id: number; number: string };
  let firstStep: string;

  beforeAll(async () => {
    a = await joinedStation();
    b = await joinedStation();
    // An incident worked through: details, two steps (one done without its record), a person, a
    // notification, a witness, responders, quarantine and a hand-over, the outcome, closed.
    const { item } = await ok<{ item: { custodyId: string } }>(a.screen.call('intake.scan', { code: 'SUSPECT-REPORT-1' }));
    const custodyId = item.custodyId;
    await ok(a.screen.call('item.setDetails', { custodyId, itemType: 'parcel', recipient: 'Zoë Ørsted, Payroll', sender: 'No return address' }));
    await ok(a.screen.call('item.enterWeight', { custodyId, grams: 987, reason: 'Scale out for service' }));
    await ok(a.screen.call('item.inspect', { custodyId, indicators: [], notes: 'Oily stain' }));
    ({ incident } = await ok<{ incident: { id: number; number: string } }>(a.screen.call('item.markSuspect', { custodyId, incidentType: 'suspiciousSubstance', reason: 'Powder leaking from a corner' })));
    const view = await ok<{ incident: IncidentView }>(a.screen.call('incident.get', { incidentId: incident.id }));
    firstStep = view.incident.steps[0]!.id;
    await ok(a.screen.call('incident.recordDetails', { incidentId: incident.id, details: { location: 'Mailroom bench 3', substanceDescription: 'White powder' } }));
    await ok(a.screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: firstStep, note: 'Done at once' }));
    const record = view.incident.steps.find((step) => step.kind === 'record' && step.records.length > 0);
    if (record) await ok(a.screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: record.id, note: '', couldNotBecause: 'Everyone had left the room' }));
    await ok(a.screen.call('incident.addPerson', { incidentId: incident.id, name: 'Ana Handler', involvement: 'handled', contact: 'ext 201' }));
    await ok(a.screen.call('incident.addPerson', { incidentId: incident.id, name: 'Ben Bystander', involvement: 'present' }));
    await ok(a.screen.call('incident.addNotification', { incidentId: incident.id, agency: 'Police (911)', reference: 'CAD-5521', notes: 'Units on the way' }));
    await ok(a.screen.call('incident.addWitnessStatement', { incidentId: incident.id, witnessName: 'Ben Bystander', statement: 'I saw powder on the bench.' }));
    await ok(a.screen.call('incident.recordResponders', { incidentId: incident.id, agency: 'City Hazmat', names: 'Officer Dana Reyes' }));
    await ok(a.screen.call('custody.quarantine', { custodyId, location: 'Isolation room 2', sealNumbers: ['S-200'], reason: 'Isolate' }));
    await ok(
      a.screen.call('custody.transfer', {
        custodyId,
        receivedBy: { kind: 'external', name: 'Officer Dana Reyes', agency: 'City Hazmat', badgeNumber: 'HZ-4471', identityChecked: true },
        reason: 'To the lab',
        sealNumbers: ['S-200'],
        sealIntact: true,
      }),
    );
    await ok(a.screen.call('incident.setOutcome', { incidentId: incident.id, outcome: 'hoax', labReference: 'LAB-77', correctiveActions: 'Train the mailroom again.' }));
    // A second incident at A whose SOP never reaches the site (as one opened before stations published them).
    const other = await ok<{ item: { custodyId: string } }>(a.screen.call('intake.scan', { code: 'SUSPECT-REPORT-2' }));
    ({ incident: unpublished } = await ok<{ incident: { id: number; number: string } }>(a.screen.call('item.markSuspect', { custodyId: other.item.custodyId, incidentType: 'other', reason: 'Ticking' })));
    sopSha256 = await a.publishSop(incident.number);
    ({ incident: drill } = await ok<{ incident: { id: number; number: string } }>(a.screen.call('drill.start', { scenario: 'possibleExplosive', description: 'Quarterly drill' })));
    await ok(a.screen.call('incident.addPerson', { incidentId: drill.id, name: 'Drill Runner', involvement: 'present' }));
    await a.publishSop(drill.number);
    ({ screen } = await publishedToConsole(a, b));
  }, 180_000);

  /** The report's text but what differs by who, where and when it was made (see the custody form's test). */
  const body = (base64: string) =>
    pdfText(Buffer.from(base64, 'base64'))
      // The station's site name, the console's (its site's address).
      .replace(/Mail center|Site 127\.0\.0\.1:\d+\/[\w-]+/g, '<site>')
      .replace(/Generated .+? Audit chain head at generation: seq \d+ · SHA-256 [0-9a-f]{64}/g, '<made>')
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?/g, '<time>')
      .replace(/(\d{2}:\d{2}):\d{2}/g, '$1')
      // A step's seconds are the difference of two such readings: they may round a second apart.
      .replace(/(<time> Cora Coordinator) \d+\b/g, '$1 <seconds>');

  it('says what the station’s own report says, by the same builder from the same views: only who made it, where, when and from which position differ', async () => {
    const atSite = await read<ConsoleResponse<'console.incidentReport'>>(screen, 'console.incidentReport', { station: a.id, number: incident.number });
    expect(atSite).toMatchObject({ fileName: `${incident.number}-incident-report.pdf`, mimeType: 'application/pdf' });
    const own = await ok<{ pdfBase64: string }>(a.screen.call('report.incident', { incidentId: incident.id }));
    const siteText = pdfText(Buffer.from(atSite.contentBase64, 'base64'));
    expect(siteText).toContain('the site console (mailscreen_console_office)');
    for (const fact of ['Ana Handler', 'Ben Bystander', 'CAD-5521', 'I saw powder on the bench.', 'Officer Dana Reyes', 'HZ-4471', 'S-200', 'LAB-77', '987', 'Train the mailroom again.', 'Mailroom bench 3', 'Cora Coordinator', 'Done at once']) {
      expect(siteText).toContain(fact);
    }
    expect(siteText).toContain('NOT ACKNOWLEDGED');
    expect(body(atSite.contentBase64)).toBe(body(own.pdfBase64));
  });

  it('makes a drill’s report as the station does, its drill banner and watermark included', async () => {
    const atSite = await read<ConsoleResponse<'console.incidentReport'>>(screen, 'console.incidentReport', { station: a.id, number: drill.number });
    const own = await ok<{ pdfBase64: string }>(a.screen.call('report.incident', { incidentId: drill.id }));
    expect(drill.number).toMatch(/^DRILL-/);
    expect(body(atSite.contentBase64)).toContain('DRILL — EXERCISE ONLY');
    expect(body(atSite.contentBase64)).toContain('Drill Runner');
    expect(body(atSite.contentBase64)).toBe(body(own.pdfBase64));
  });

  it('refuses an incident whose SOP is not at the site, or not the SOP its chain names, rather than print less', async () => {
    const missing = await screen.call('console.incidentReport', { station: a.id, number: unpublished.number });
    expect(missing).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining(`is not at the site`) } });
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringContaining(`print the incident report at station ${a.id}`) } });
    // Someone with the administrator's rights puts other bytes under the SOP's name (the CHECK taken off first).
    const { rows: checks } = await admin.query<{ name: string; definition: string }>(
      "SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'site_files'::regclass AND contype = 'c'",
    );
    for (const check of checks) await admin.query(`ALTER TABLE site_files DROP CONSTRAINT ${check.name}`);
    await admin.query('ALTER TABLE site_files DISABLE TRIGGER site_files_append_only');
    try {
      await admin.query(`UPDATE site_files SET bytes = convert_to('{"title":"A gentler SOP"}', 'UTF8') WHERE sha256 = $1`, [sopSha256]);
      const forged = await screen.call('console.incidentReport', { station: a.id, number: incident.number });
      expect(forged).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('is not that SOP') } });
      // A file far larger than any SOP under that name is refused by its size, never read whole.
      await admin.query(`UPDATE site_files SET bytes = convert_to(repeat('x', 3 * 1024 * 1024), 'UTF8') WHERE sha256 = $1`, [sopSha256]);
      const huge = await screen.call('console.incidentReport', { station: a.id, number: incident.number });
      expect(huge).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('larger than any SOP a station takes') } });
    } finally {
      const row = a.station.store.db.prepare('SELECT protocol FROM incidents WHERE number = ?').get(incident.number) as { protocol: string };
      await admin.query('UPDATE site_files SET bytes = $2 WHERE sha256 = $1', [sopSha256, Buffer.from(canonicalJson(JSON.parse(row.protocol)), 'utf8')]);
      await admin.query('ALTER TABLE site_files ENABLE TRIGGER site_files_append_only');
      for (const check of checks) await admin.query(`ALTER TABLE site_files ADD CONSTRAINT ${check.name} ${check.definition}`);
    }
    expect(await screen.call('console.incidentReport', { station: a.id, number: incident.number })).toMatchObject({ ok: true });
  });

  it('refuses unknown and forged incidents, another station’s incident, hostile arguments and a station’s command', async () => {
    // A's incident asked of station B: B holds no such incident.
    expect(await screen.call('console.incidentReport', { station: b.id, number: incident.number })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await screen.call('console.incidentReport', { station: 'ST-NOSUCH', number: incident.number })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No station ST-NOSUCH has joined this site.' } });
    expect(await screen.call('console.incidentReport', { station: a.id, number: 'INC-1999-0001' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const number of ["' OR 1=1 --", 'INC-2026-0001/../x', 'x'.repeat(100_000), '', 42, null]) {
      expect(await screen.call('console.incidentReport', { station: a.id, number })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    }
    for (const station of ["ST-'; DROP TABLE site_files; --", 'x'.repeat(10_000), 7]) {
      expect(await screen.call('console.incidentReport', { station, number: incident.number })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    }
    expect(await screen.call('console.incidentReport', { station: a.id, number: incident.number, extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    // A station's report command is refused before its arguments are looked at.
    expect(await screen.call('report.incident', { incidentId: 'not even a number' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    // A console started without the station's views says so instead of printing less.
    const bare = new SiteConsole({ connectionString: consoleUrl, version: 'test', argumentsRefusal, validateResponses: true, log: lineLog('console', () => undefined) });
    cleanups.push(() => bare.close());
    expect(await bare.connect().call('console.incidentReport', { station: a.id, number: incident.number })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});
