// The remote second review at the site console, in Chromium: a demo station A of one site (a
// throwaway PostgreSQL) behind its web host, and the console (`site serve`, as the README gives it)
// with the console's role. At A a screener's X-ray is inconclusive; at the console a trained
// reviewer finds it in the site's queue, sees its image, gives a wrong PIN (refused), then badge and
// PIN and records the second review; A's screen then shows the item reviewed (written in A's own
// chain by A's core, the console named as where it came from) and moves on to clearance.
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStation } from '../../src/main/core/startStation.ts';
import type { RunningWebHost } from '../../src/main/hosts/web/index.ts';
import { startSiteDatabase, type SiteDatabase } from '../helpers/siteDatabase.ts';
import { expectAccessible, launchChromium, logIn, screenshot, watchPageErrors } from './harness.ts';
import { serveSiteConsole, type ServedConsole } from './helpers/siteConsole.ts';
import { addTrainedReviewers, inconclusiveXray, serveJoinedStation } from './helpers/siteReview.ts';

const ANA = { badge: 'SITE-ANA-01', name: 'Ana Quartey', pin: '739154' };
const CY = { badge: 'SITE-CY-03', name: 'Cy Okafor', pin: '482913' };

let siteDb: SiteDatabase;
let serveConsole: ServedConsole | undefined;
let consoleUrl: string;
const folders: string[] = [];
let station: RunningStation;
let host: RunningWebHost;
let browser: Browser;
let pageA: Page;
let pageConsole: Page;
let problems: string[] = [];

beforeAll(async () => {
  siteDb = await startSiteDatabase();
  await addTrainedReviewers(siteDb, [ANA, CY]);
  // Station A, a demo station joined to the site with its own role.
  ({ station, host } = await serveJoinedStation(siteDb, [ANA], folders));

  // The console, as the README starts it: its connection string from the environment.
  serveConsole = await serveSiteConsole(siteDb);
  consoleUrl = serveConsole.url;

  browser = await launchChromium();
  pageA = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  pageConsole = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  problems = [...watchPageErrors(pageA), ...watchPageErrors(pageConsole)];
  await pageA.goto(host.url);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await serveConsole?.stop();
  await host?.close().catch(() => undefined);
  await station?.close().catch(() => undefined);
  await siteDb?.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 180_000);

describe('the remote second review at the site console', () => {
  it('A\'s inconclusive X-ray is reviewed at the console by badge and PIN; A shows the review written in its record', { timeout: 300_000 }, async () => {
    // Station A: the X-ray is inconclusive.
    await logIn(pageA, ANA.badge, ANA.pin);
    const custodyId = await inconclusiveXray(pageA);

    // The console: the queue (asked again every 5 s; A publishes within seconds), the image.
    await pageConsole.goto(consoleUrl);
    await pageConsole.getByTestId('console-nav-review').click();
    await pageConsole.getByTestId('console-review-screen').waitFor();
    const row = pageConsole.locator(`[data-testid="console-review-row"][data-custody-id="${custodyId}"]`);
    await row.waitFor({ timeout: 60_000 });
    await expectAccessible(pageConsole, 'the console’s review queue');
    await screenshot(pageConsole, 'ui-site-console-review-queue');
    await row.getByTestId('console-review-open').click();
    const scan = pageConsole.getByTestId('console-review-scan');
    await scan.waitFor();
    // The image may reach the site a batch after the verdict: the open scan follows the queue's next read.
    await expect.poll(() => scan.getByTestId('xray-viewer').getAttribute('data-has-image'), { timeout: 60_000 }).toBe('true');
    expect(await pageConsole.getByTestId('xray-fingerprint').getAttribute('data-sha256')).toMatch(/^[0-9a-f]{64}$/);

    // A wrong PIN is refused by the site, and the PIN field is emptied.
    await pageConsole.getByTestId('console-review-badge').fill(CY.badge);
    await pageConsole.getByTestId('console-review-pin').fill('111111');
    await pageConsole.getByTestId('console-review-verdict-clear').check();
    await pageConsole.getByTestId('console-review-notes').fill('Books and a charger cable, seen at the office');
    await pageConsole.getByTestId('console-review-submit').click();
    await expect.poll(() => scan.textContent(), { timeout: 30_000 }).toContain('do not match an active operator');
    expect(await pageConsole.getByTestId('console-review-pin').inputValue()).toBe('');

    await pageConsole.getByTestId('console-review-pin').fill(CY.pin);
    await screenshot(pageConsole, 'ui-site-console-review-scan');
    await expectAccessible(pageConsole, 'the console’s review of a scan');
    await pageConsole.getByTestId('console-review-submit').click();
    const answer = pageConsole.locator(`[data-testid="console-review-answer"][data-custody-id="${custodyId}"]`);
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.textContent()).toContain(`${CY.name} (the console)`);

    // Station A: its follower writes the review through A's own core; the item moves on to clearance.
    await pageA.getByTestId('clear-step').waitFor({ timeout: 90_000 });
    await screenshot(pageA, 'ui-site-console-review-a-reviewed');
    // A's item history says where the review came from: the site's console.
    await pageA.getByTestId('open-history').click();
    await pageA.getByTestId('item-history').waitFor();
    expect(await pageA.getByTestId('timeline').textContent()).toContain('Second X-ray review: Clear (answered through the site, at its console mailscreen_console_office)');
    await pageA.keyboard.press('Escape');
    const stationA = station.station;
    expect(stationA.workflow.records.xray_scans.forItem(custodyId).at(-1)).toMatchObject({
      verdict: 'inconclusive',
      secondVerdict: 'clear',
      secondNotes: 'Books and a charger cable, seen at the office',
      secondReviewerId: stationA.store.operators.byBadge(CY.badge)!.id,
    });
    expect(stationA.store.audit.eventsFor('item', custodyId).find((event) => event.kind === 'xray.secondReview')?.payload).toMatchObject({ remote: { station: null, by: 'mailscreen_console_office' } });

    // The console: the answer written at A (the queue is read again every 5 s).
    await expect.poll(() => answer.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('written');
    expect(await pageConsole.locator(`[data-testid="console-review-row"][data-custody-id="${custodyId}"]`).count()).toBe(0);
    await screenshot(pageConsole, 'ui-site-console-review-written');
    expect(problems).toEqual([]);
  });
});
