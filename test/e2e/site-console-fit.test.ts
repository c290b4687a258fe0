// Issue 13, point 5: every screen of the site console fits a 1366×768 screen in Chromium, with
// enough of the site's record to overflow each list (16 stations, 60 incidents, 85 items, 24 scans
// waiting for a second review): the page itself never scrolls, each screen's primary actions are in
// the window and uncovered, and the long lists scroll inside their own panel. A screenshot of each
// (the window as the officer sees it) is kept in test-results/.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { hashPin } from '../../src/main/core/pin.ts';
import type { Station } from '../../src/main/core/station.ts';
import { lineLog } from '../../src/main/log.ts';
import { addRosterOperator, addStation, PostgresSiteLink, PostgresSiteReviews, PostgresSiteRoster, recordRosterTraining, RosterSync, SiteProjector } from '../../src/main/site/index.ts';
import { Store } from '../../src/main/store/index.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import { startSiteDatabase, type SiteDatabase } from '../helpers/siteDatabase.ts';
import { makeStation, tempDir } from '../helpers/station.ts';
import { localToday, waitFor } from '../helpers/wait.ts';
import { inconclusiveXrayWithImage } from '../helpers/xrayImage.ts';
import { serveSiteConsole, type ServedConsole } from './helpers/siteConsole.ts';
import { expectAccessible, launchChromium, SCREENSHOTS, watchPageErrors } from './harness.ts';

const PIN = '739154';
const INCIDENTS = 60;
const SCANS = 24;
const OTHER_STATIONS = 15;

let db: SiteDatabase;
let station: Station;
let stationId = '';
let screen: StationConnection;
let serve: ServedConsole | undefined;
let consoleUrl: string;
let browser: Browser;
let page: Page;
let problems: string[];
const folders: string[] = [];
let parcels = 0;

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** A suspect parcel with its incident open and the protocol's first step acknowledged (its progress shows). */
async function suspectParcel(n: number): Promise<void> {
  const { item } = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: `FIT-SUSPECT-${n}` }), 'scan');
  const { incident } = must<{ incident: { id: number } }>(await screen.call('item.markSuspect', { custodyId: item.custodyId, incidentType: 'suspiciousSubstance', reason: `Powder leaking from parcel ${n}, sender unknown, marked at the counter by the morning shift` }), 'suspect');
  const detail = must<{ incident: { steps: Array<{ id: string }> } }>(await screen.call('incident.get', { incidentId: incident.id }), 'incident');
  must(await screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: detail.incident.steps[0]!.id, note: 'Area cleared and cordoned off', couldNotBecause: 'not in this walk' }), 'step');
}

/** A parcel whose X-ray is inconclusive, with its image: the site's review queue holds it. */
async function inconclusiveParcel(n: number, imageStore: string): Promise<void> {
  await inconclusiveXrayWithImage(station, screen, `FIT-XRAY-${n}`, { grams: 1000 + (parcels += 1) * 130, imageStore, notes: 'Dense mass top left, cannot tell' });
}

beforeAll(async () => {
  db = await startSiteDatabase();
  // Stations of the site that have published nothing yet: each is a card on the stations screen.
  for (let i = 1; i <= OTHER_STATIONS; i += 1) await addStation(db.admin, `ST-FIT${String(i).padStart(3, '0')}`);
  const dir = tempDir('mailscreen-e2e-console-fit-');
  folders.push(dir);
  const dbPath = path.join(dir, 'mailscreen.sqlite');
  const store = Store.open(dbPath);
  stationId = store.stationId;
  store.close();
  const login = await addStation(db.admin, stationId);
  const url = db.site.url(login.role, login.password);
  const imageStore = path.join(dir, 'xray-images');
  mkdirSync(imageStore, { recursive: true });
  const pin = await hashPin(PIN);
  const nextYear = `${Number(localToday().slice(0, 4)) + 1}${localToday().slice(4)}`;
  await addRosterOperator(db.admin, { badge: 'FIT-ANA', name: 'Ana Quartey', role: 'coordinator', pinSalt: pin.salt, pinHash: pin.hash });
  await recordRosterTraining(db.admin, 'FIT-ANA', { kind: 'xrayOperator', completedOn: localToday(), expiresOn: nextYear, trainer: 'Vendor' });

  station = makeStation({
    dbPath,
    imageStore,
    cabinets: { requestScan: async () => ({ accepted: true, deviceId: 'xray-1' }) },
    site: { link: new PostgresSiteLink(url), redact: (text) => text, reviews: new PostgresSiteReviews(url, stationId), reviewPollMs: 3_600_000, tuning: { pollMs: 200, retry: { firstMs: 100, maxMs: 500 } } },
  });
  station.start();
  const sync = new RosterSync({ store: station.store, roster: new PostgresSiteRoster(url), mode: 'live', log: lineLog('roster', () => undefined), redact: (t) => t, pollMs: 3_600_000 });
  sync.start();
  await sync.idle();
  await sync.stop();
  screen = station.connect();
  must(await screen.call('session.login', { badge: 'FIT-ANA', pin: PIN }), 'login');
  for (let n = 1; n <= INCIDENTS; n += 1) await suspectParcel(n);
  for (let n = 1; n <= SCANS; n += 1) await inconclusiveParcel(n, imageStore);
  const head = (station.store.db.prepare('SELECT max(seq) AS seq FROM audit_events').get() as { seq: number }).seq;
  await waitFor('the station published', async () => {
    const { rows } = await db.admin.query<{ seq: string }>('SELECT seq FROM station_heads WHERE station = $1', [stationId]);
    return Number(rows[0]?.seq ?? 0) >= head;
  }, 120_000);
  const projector = new SiteProjector(db.site.adminUrl, { page: 5000 });
  try {
    await projector.project();
  } finally {
    await projector.close();
  }

  serve = await serveSiteConsole(db);
  consoleUrl = serve.url;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  problems = watchPageErrors(page);
  await page.goto(consoleUrl);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await station?.shutdown().catch(() => undefined);
  await db?.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 120_000);

interface Placed {
  selector: string;
  found: boolean;
  seen: boolean;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * The screen as the window shows it, nothing scrolled: the page and the work area do not scroll
 * (nothing below the window to reach), each primary action is wholly in the window and drawn on top
 * at each edge, and each list named scrolls inside its own panel (it holds more than it shows).
 * Soft: every screen is measured and shot, and all that does not fit is told at once.
 */
async function expectFits(shot: string, actions: readonly string[], scrollingLists: readonly string[]): Promise<void> {
  await expect.poll(() => page.evaluate(() => innerHeight)).toBe(768);
  const measured = await page.evaluate(
    ({ actions, lists }) => {
      // As the screen opens: every scroller at its top (a click scrolls what it clicked into view, and would hide a defect).
      for (const element of document.querySelectorAll('*')) if (element.scrollTop !== 0) element.scrollTop = 0;
      const body = document.querySelector('.app-body')!;
      const placed = actions.map((selector) => {
        const element = document.querySelector(selector);
        if (!element) return { selector, found: false, seen: false, top: 0, bottom: 0, left: 0, right: 0 };
        const box = element.getBoundingClientRect();
        // The middle of each edge, just inside (a rounded corner is not the element's).
        const edges: Array<[number, number]> = [
          [(box.left + box.right) / 2, box.top + 2],
          [(box.left + box.right) / 2, box.bottom - 2],
          [box.left + 2, (box.top + box.bottom) / 2],
          [box.right - 2, (box.top + box.bottom) / 2],
        ];
        const seen = edges.every(([x, y]) => {
          const at = document.elementFromPoint(x, y);
          return at !== null && (at === element || element.contains(at));
        });
        return { selector, found: true, seen, top: box.top, bottom: box.bottom, left: box.left, right: box.right };
      });
      const scrolled = lists.map((selector) => {
        const element = document.querySelector(selector);
        if (!element) return { selector, found: false, overflows: false, bottom: 0 };
        return { selector, found: true, overflows: element.scrollHeight > element.clientHeight + 1, bottom: element.getBoundingClientRect().bottom };
      });
      return {
        page: { scrollHeight: document.documentElement.scrollHeight, scrollWidth: document.documentElement.scrollWidth },
        body: { scrollHeight: body.scrollHeight, clientHeight: body.clientHeight },
        placed,
        scrolled,
        innerWidth,
        innerHeight,
      };
    },
    { actions, lists: scrollingLists },
  );
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `site-console-fit-${shot}.png`) });
  expect.soft(measured.page.scrollHeight, `${shot}: the page's height`).toBeLessThanOrEqual(measured.innerHeight);
  expect.soft(measured.page.scrollWidth, `${shot}: the page's width`).toBeLessThanOrEqual(measured.innerWidth);
  expect.soft(measured.body.scrollHeight, `${shot}: the work area's content (it must not need scrolling)`).toBeLessThanOrEqual(measured.body.clientHeight + 1);
  for (const where of measured.placed as Placed[]) {
    const what = `${shot}: ${where.selector}`;
    expect.soft(where.found, `${what} is on the screen`).toBe(true);
    expect.soft(where.top, `${what} top`).toBeGreaterThanOrEqual(0);
    expect.soft(where.left, `${what} left`).toBeGreaterThanOrEqual(0);
    expect.soft(where.bottom, `${what} bottom`).toBeLessThanOrEqual(measured.innerHeight);
    expect.soft(where.right, `${what} right`).toBeLessThanOrEqual(measured.innerWidth);
    expect.soft(where.seen, `${what} is not covered`).toBe(true);
  }
  for (const list of measured.scrolled) {
    expect.soft(list.found, `${shot}: ${list.selector} is on the screen`).toBe(true);
    expect.soft(list.overflows, `${shot}: ${list.selector} holds more than it shows (it scrolls in its panel)`).toBe(true);
    expect.soft(list.bottom, `${shot}: ${list.selector} ends in the window`).toBeLessThanOrEqual(measured.innerHeight);
  }
}

describe('the site console at 1366×768', () => {
  it('stations, incidents with one open, items with a history, the daily log and the second review fit the window; long lists scroll in their panel', { timeout: 300_000 }, async () => {
    await page.getByTestId('console-stations').waitFor();
    await expect.poll(() => page.getByTestId('console-station').count(), { timeout: 60_000 }).toBe(OTHER_STATIONS + 1);
    await expectFits('stations', ['[data-testid="console-nav-review"]', `[data-testid="console-station"][data-station="${stationId}"]`], ['[data-testid="console-station-list"]']);
    await expectAccessible(page, 'the console’s stations, many');

    await page.getByTestId('console-nav-incidents').click();
    await expect.poll(() => page.getByTestId('console-incident-row').count(), { timeout: 60_000 }).toBe(50);
    await page.getByTestId('console-incident-open').first().click();
    await page.getByTestId('console-step').first().waitFor();
    await page.getByTestId('console-event').first().waitFor();
    await expectFits(
      'incident-open',
      ['[data-testid="console-incidents-open"]', '[data-testid="console-incidents-more"]', '[data-testid="console-incident-close"]', '[data-testid="console-incident-reason"]'],
      ['[aria-label="Incidents across stations"]', '[aria-label^="Protocol steps of incident"]'],
    );
    await expectAccessible(page, 'the console’s incidents, one open');

    await page.getByTestId('console-nav-items').click();
    await expect.poll(() => page.getByTestId('console-item-row').count(), { timeout: 60_000 }).toBe(50);
    await page.getByTestId('console-item-open').first().click();
    await expect.poll(() => page.getByTestId('console-event').count()).toBeGreaterThan(4);
    await expectFits(
      'item-history',
      ['[data-testid="console-search-input"]', '[data-testid="console-search-submit"]', '[data-testid="console-items-more"]', '[data-testid="console-item-close"]', '[data-testid="console-item-state"]'],
      ['[aria-label="Items across stations"]', '[aria-label^="Events of"]'],
    );
    await expectAccessible(page, 'the console’s items, one open');

    await page.getByTestId('console-nav-reports').click();
    await page.getByTestId('console-report-make').waitFor();
    await expectFits('daily-log', ['[data-testid="console-report-station"]', '[data-testid="console-report-make"]'], []);

    await page.getByTestId('console-nav-review').click();
    await expect.poll(() => page.getByTestId('console-review-row').count(), { timeout: 60_000 }).toBe(SCANS);
    await expectFits('review-queue', ['[data-testid="console-review-open"]'], ['[aria-label="Review queue"]']);
    await expectAccessible(page, 'the console’s review queue, long');
    await page.getByTestId('console-review-open').first().click();
    await page.getByTestId('console-review-scan').waitFor();
    await expect.poll(() => page.getByTestId('xray-viewer').getAttribute('data-has-image'), { timeout: 60_000 }).toBe('true');
    await page.getByTestId('console-review-verdict-suspect').check();
    await expectFits('review-scan', ['[data-testid="console-review-badge"]', '[data-testid="console-review-back"]', '[data-testid="console-review-submit"]', '[data-testid="console-review-scan"] .xray-canvas'], []);
    await expectAccessible(page, 'the console’s review of a scan');
    expect(problems).toEqual([]);
  });
});
