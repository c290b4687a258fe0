// The site console in Chromium: `site serve` (the CLI, as the README gives it) over a real site
// database that two real stations publish to, the projector run beside it. The security office
// sees both stations' status and station A's incident with its protocol progress; a new incident at
// station B appears without a reload; an item found across stations; station A's daily log saved;
// hostile text a station recorded shows as text; the screens fit 1366×768 and pass axe.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleRun, value, type ConsoleRun, type JoinedStation } from './helpers/siteConsole.ts';
import { expectAccessible, screenshot } from './harness.ts';

const HOSTILE = '<img src=x onerror="window.__consolePwned=1">Leaking </td> powder';

let run: ConsoleRun | undefined;
let consoleUrl: string;
let page: Page;
let problems: string[];

/** A suspect parcel at the station: its incident open, the first step of its protocol acknowledged. */
async function suspectParcel(s: JoinedStation, code: string, reason: string): Promise<{ custodyId: string; number: string }> {
  const { item } = await value<{ item: { custodyId: string } }>(s.screen.call('intake.scan', { code }));
  const { incident } = await value<{ incident: { id: number } }>(s.screen.call('item.markSuspect', { custodyId: item.custodyId, incidentType: 'suspiciousSubstance', reason }));
  const detail = await value<{ incident: { number: string; steps: Array<{ id: string }> } }>(s.screen.call('incident.get', { incidentId: incident.id }));
  await value(s.screen.call('incident.acknowledgeStep', { incidentId: incident.id, stepId: detail.incident.steps[0]!.id, note: 'Area cleared', couldNotBecause: 'not in this walk' }));
  return { custodyId: item.custodyId, number: detail.incident.number };
}

beforeAll(async () => {
  run = await startConsoleRun();
  ({ page, problems } = run);
  consoleUrl = run.console.url;
}, 240_000);

afterAll(async () => {
  await run?.stop();
}, 120_000);

async function fitsWidth(): Promise<boolean> {
  return await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('the site console', () => {
  it('shows both stations’ status, and station A’s incident live with its protocol progress; hostile text stays text', { timeout: 240_000 }, async () => {
    expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[^&]+&mode=site$/);
    const a = await run!.joinedStation();
    const b = await run!.joinedStation();
    const atA = await suspectParcel(a, 'SUSPECT-A-1', HOSTILE);
    await value(b.screen.call('intake.scan', { code: 'RB123456785GB' }));
    await a.publish();
    await b.publish();

    await page.goto(consoleUrl);
    await page.getByTestId('console-stations').waitFor();
    const card = (id: string) => page.locator(`[data-testid="console-station"][data-station="${id}"]`);
    await card(a.id).waitFor();
    await card(b.id).waitFor();
    for (const s of [a, b]) {
      await expect.poll(() => card(s.id).getAttribute('data-health')).toBe('current');
      expect(await card(s.id).getByTestId('station-heard').textContent()).toMatch(/ago$/);
      expect(await card(s.id).getByTestId('station-lag').textContent()).toMatch(/^all \d+ events$/);
    }
    expect(await card(a.id).getByTestId('station-open-incidents').textContent()).toBe('1');
    expect(await card(b.id).getByTestId('station-open-incidents').textContent()).toBe('0');
    expect(await fitsWidth()).toBe(true);
    await expectAccessible(page, 'the console’s stations');
    await screenshot(page, 'ui-site-console-stations');

    await page.getByTestId('console-nav-incidents').click();
    const rowA = page.locator(`[data-testid="console-incident-row"][data-station="${a.id}"][data-number="${atA.number}"]`);
    await rowA.waitFor();
    expect(await rowA.getByTestId('console-incident-progress').textContent()).toMatch(/^1 \/ \d+ steps/);
    await rowA.getByTestId('console-incident-open').click();
    const detail = page.getByTestId('console-incident');
    await detail.waitFor();
    await expect.poll(() => detail.getByTestId('console-incident-reason').textContent()).toContain(HOSTILE);
    expect(await detail.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __consolePwned?: unknown }).__consolePwned)).toBeUndefined();
    const steps = detail.getByTestId('console-step');
    expect(await steps.first().getAttribute('data-done')).toBe('true');
    expect(await steps.first().textContent()).toContain('Area cleared');
    expect(await fitsWidth()).toBe(true);
    await expectAccessible(page, 'the console’s incidents');
    await screenshot(page, 'ui-site-console-incident');

    // Live: an incident opened at station B now reaches the open list without a reload.
    const atB = await suspectParcel(b, 'SUSPECT-B-1', 'Ticking parcel at B');
    await b.publish();
    await page.locator(`[data-testid="console-incident-row"][data-station="${b.id}"][data-number="${atB.number}"]`).waitFor({ timeout: 60_000 });

    // Search across stations, then the item's history.
    await page.getByTestId('console-nav-items').click();
    await page.getByTestId('console-search-input').fill(atA.custodyId);
    await page.getByTestId('console-search-submit').click();
    const found = page.getByTestId('console-item-row');
    await expect.poll(() => found.count()).toBe(1);
    expect(await found.first().getAttribute('data-station')).toBe(a.id);
    await found.first().getByTestId('console-item-open').click();
    await page.getByTestId('console-item').waitFor();
    await expect.poll(() => page.getByTestId('console-event').count()).toBeGreaterThan(1);
    expect(await fitsWidth()).toBe(true);
    await expectAccessible(page, 'the console’s items');

    // A filtered search, as a station searches: every station's items still received (B's parcel,
    // not the suspect ones), then one station's suspect items; the cursor and page are the console's.
    await page.getByTestId('console-search-input').fill('');
    await page.getByTestId('console-search-narrow').click();
    await page.getByTestId('console-search-state-RECEIVED').check();
    await page.getByTestId('console-search-submit').click();
    await expect.poll(async () => (await found.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-station')))).join(',')).toBe(b.id);
    await page.getByTestId('console-search-state-RECEIVED').uncheck();
    await page.getByTestId('console-search-state-SUSPECT').check();
    await page.getByTestId('console-search-station').selectOption(a.id);
    await page.getByTestId('console-search-submit').click();
    await expect.poll(async () => (await found.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-station')))).join(',')).toBe(a.id);
    expect(await found.first().getByTestId('console-item-open').textContent()).toBe(atA.custodyId);
    expect(await fitsWidth()).toBe(true);
    await expectAccessible(page, 'the console’s filtered search');
    await screenshot(page, 'ui-site-console-search-filtered');

    // Station A's daily log, from the site's record.
    await page.getByTestId('console-nav-reports').click();
    await page.getByTestId('console-report-station').selectOption(a.id);
    const saved = page.waitForEvent('download');
    await page.getByTestId('console-report-make').click();
    expect((await saved).suggestedFilename()).toMatch(new RegExp(`^daily-log-\\d{4}-\\d\\d-\\d\\d-${a.id}\\.pdf$`));
    await page.getByTestId('console-report-saved').waitFor();
    expect(await fitsWidth()).toBe(true);
    await expectAccessible(page, 'the console’s daily log');
    await screenshot(page, 'ui-site-console-daily-log');
    expect(problems).toEqual([]);
  });

  it('the console’s address without its token shows the page that asks for it, and no record', { timeout: 60_000 }, async () => {
    const bare = new URL(consoleUrl);
    bare.hash = 'mode=site';
    const other = await run!.browser.newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await other.goto(bare.toString());
      await other.getByTestId('no-token-screen').waitFor();
      expect(await other.getByTestId('console-stations').count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
