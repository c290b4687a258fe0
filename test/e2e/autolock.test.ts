import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchChromium, logIn, screenshot, serveDemoStation, setUpAdmin, watchPageErrors, type ServedStation } from './harness.ts';

const ADMIN = { badge: 'ADMIN-0001', name: 'Ada Okafor', pin: '135790' };

let station: ServedStation;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  station = await serveDemoStation();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  problems = watchPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  expect(await station?.stop()).toBe(0);
});

/**
 * The real thing, no test hook: auto-lock set to its minimum (1 minute) on the admin screen, then
 * the screen is left alone. The station checks idle sessions every 5 s, so the lock comes between
 * 60 and 65 s later.
 */
describe('auto-lock after the site’s idle time, and resume', () => {
  it('locks an idle screen with the reason, and the next login reopens the item in progress', { timeout: 150_000 }, async () => {
    await setUpAdmin(page, station.url, ADMIN);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('site-autolock').fill('1');
    await page.getByTestId('site-save').click();
    await expect.poll(() => page.getByTestId('site-status').textContent()).toMatch(/Saved/);

    await page.getByTestId('nav-intake').click();
    await page.getByTestId('scan-input').fill('RB123456785GB');
    await page.getByTestId('scan-input').press('Enter');
    const workspace = page.getByTestId('item-workspace');
    await workspace.waitFor();
    const custodyId = await workspace.getAttribute('data-custody-id');
    await page.getByTestId('item-type-letter').check();
    await page.getByTestId('details-recipient').fill('Typed, not yet saved');

    // Hands off: no key, no touch, no call, until the station locks the screen.
    await page.getByTestId('lock-screen').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('lock-notice').textContent()).toMatch(/Locked after 1 minute idle — your work is kept/);
    expect(await page.getByTestId('item-workspace').count()).toBe(0);
    await screenshot(page, 'ui-20-auto-locked');
    await expectAccessible(page, 'auto-locked');

    await logIn(page, ADMIN.badge, ADMIN.pin);
    await page.getByTestId('item-workspace').waitFor();
    expect(await page.getByTestId('item-workspace').getAttribute('data-custody-id')).toBe(custodyId);
    await expect.poll(() => page.getByTestId('item-arrival').textContent()).toMatch(/Resumed/);
    expect(problems).toEqual([]);
  });
});
