// Custody between stations in Chromium: two stations of one site (a throwaway PostgreSQL, each
// station with its own role). At station A the custody panel offers the site's stations by name
// (an ID typed that is not on the list is said so) and hands a quarantined item over to station B;
// B's incidents screen, open all along, lists it as arriving without a reload and records its
// receipt with the seals as they arrived; the site pairs the two halves.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { startWebHost, type RunningWebHost } from '../../src/main/hosts/web/index.ts';
import { addStation, nameStation } from '../../src/main/site/index.ts';
import { Store } from '../../src/main/store/index.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase, type SiteDatabase } from '../helpers/siteDatabase.ts';
import { coordinatorScreen } from '../helpers/station.ts';
import { expectAccessible, launchChromium, logIn, screenshot, setUpAdmin, watchPageErrors } from './harness.ts';
import { ADMIN } from './people.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface SiteStation {
  id: string;
  dataDir: string;
  running: RunningStation;
  host: RunningWebHost;
  page: Page;
  problems: string[];
}

let database: SiteDatabase;
let site: ThrowawayPostgres;
let browser: Browser;
const stations: SiteStation[] = [];

/** A station whose station.json names the site with its own role, served to its own page. */
async function siteStation(): Promise<SiteStation> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailscreen-e2e-custody-'));
  const store = Store.open(path.join(dataDir, 'mailscreen.sqlite'));
  const id = store.stationId;
  store.close();
  const login = await addStation(database.admin, id);
  const config = path.join(dataDir, 'station.json');
  writeFileSync(config, JSON.stringify({ site: { postgres: site.url(login.role, login.password) } }));
  chmodSync(config, 0o600);
  const running = await startStation({ dataDir, demo: false, version: 'e2e' });
  const host = await startWebHost({ endpoint: running.endpoint, rendererDir: path.join(ROOT, 'out/renderer'), port: 0, log: () => undefined });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const made = { id, dataDir, running, host, page, problems: watchPageErrors(page) };
  stations.push(made);
  await setUpAdmin(page, host.url, ADMIN);
  return made;
}

async function publishedAll(station: SiteStation): Promise<void> {
  const last = station.running.station.store.reader.publishing.chainHead()!.seq;
  await expect
    .poll(async () => Number((await database.admin.query<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [station.id])).rows[0]?.seq ?? 0), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(last);
}

beforeAll(async () => {
  database = await startSiteDatabase();
  site = database.site;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const station of stations) {
    await station.host.close();
    await station.running.close();
    rmSync(station.dataDir, { recursive: true, force: true });
  }
  await database?.stop();
}, 180_000);

describe('custody between stations, on the screens', () => {
  it('A hands the item over to B on its custody panel; B sees it arriving and records its receipt; the site pairs them', { timeout: 180_000 }, async () => {
    const a = await siteStation();
    const b = await siteStation();
    await nameStation(database.admin, b.id, 'Security office');

    // B's incidents screen is open before anything is on its way: the list updates there by itself.
    await b.page.getByTestId('nav-incidents').click();
    await expect.poll(() => b.page.getByTestId('arriving-transfers').textContent()).toContain('No item is on its way to this station.');

    // A suspect parcel at A, quarantined under seal S-77 (by a coordinator's screen of A).
    const screen: StationConnection = await coordinatorScreen(a.running.station);
    const scanned = await screen.call('intake.scan', { code: 'SUSPECT-TO-OFFICE' });
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    expect((await screen.call('item.markSuspect', { custodyId, incidentType: 'other', reason: 'Powder leaking' })).ok).toBe(true);
    expect((await screen.call('custody.quarantine', { custodyId, location: 'Isolation room', sealNumbers: ['S-77'], reason: 'Isolate' })).ok).toBe(true);

    // A's screen: the incident's custody panel, handed over to station B.
    // (One operator at a time: the coordinator's login locked A's page; the admin logs back in.)
    await logIn(a.page, ADMIN.badge, ADMIN.pin);
    // An open incident takes over the station's screen: its custody section.
    await a.page.getByTestId('incident-section-custody').click();
    await a.page.getByTestId('custody-move-toStation').check();
    // The site's stations, by name: A itself is not among them.
    const list = a.page.getByTestId('to-station-list');
    await expect.poll(() => list.locator('option').allTextContents()).toContain(`Security office — ${b.id}`);
    expect((await list.locator('option').allTextContents()).join()).not.toContain(a.id);
    // An ID typed that is not on the list: said in words, and sent only if confirmed.
    await a.page.getByTestId('to-station-type').click();
    await a.page.getByTestId('to-station-id').fill(`${b.id}X`);
    await a.page.getByTestId('to-station-unlisted').waitFor();
    expect(await a.page.getByTestId('to-station-unlisted').textContent()).toContain(`${b.id}X is not one of the site’s stations`);
    await expectAccessible(a.page, 'a hand-over to a station not on the list');
    await screenshot(a.page, 'ui-custody-to-station-unlisted');
    await a.page.getByTestId('to-station-choose').click();
    await list.selectOption(b.id);
    expect(await a.page.getByTestId('to-station-unlisted').count()).toBe(0);
    await screenshot(a.page, 'ui-custody-to-station-list');
    expect(await a.page.getByTestId('to-station-seals').inputValue()).toBe('S-77');
    await a.page.getByTestId('to-station-seal-intact').check();
    await a.page.getByTestId('to-station-submit').click();
    await expect.poll(() => a.page.getByTestId('custody-item-state').first().textContent()).toMatch(/handed over/i);
    await expect.poll(() => a.page.getByTestId('custody-chain').first().textContent()).toContain(`Security office (station ${b.id})`);
    await publishedAll(a);

    // B's screen, not reloaded: arriving from A, received with the seal as read off the item.
    const arriving = b.page.getByTestId('arriving-transfer');
    await arriving.first().waitFor({ timeout: 60_000 });
    expect(await arriving.count()).toBe(1);
    expect(await arriving.textContent()).toContain(custodyId);
    expect(await arriving.textContent()).toContain(`from station ${a.id}`);
    await expectAccessible(b.page, 'arriving transfers');
    await screenshot(b.page, 'ui-custody-arriving');
    await arriving.getByTestId('receive-seals').fill('S-77');
    await arriving.getByTestId('receive-seal-intact').check();
    await arriving.getByTestId('receive-submit').click();
    await expect.poll(() => b.page.getByTestId('arriving-done').textContent()).toContain(`Receipt of ${custodyId} from ${a.id} recorded.`);
    await expect.poll(() => b.page.getByTestId('arriving-transfer').count()).toBe(0);
    await publishedAll(b);

    const { rows } = await database.admin.query<{ status: string; received_at_station: string }>('SELECT status, received_at_station FROM site_custody_pairs WHERE custody_id = $1', [custodyId]);
    expect(rows).toEqual([{ status: 'received', received_at_station: b.id }]);
    expect([...a.problems, ...b.problems]).toEqual([]);
  });
});
