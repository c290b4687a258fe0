import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { changeSiteOnSecondScreen, expectAccessible, SCREENSHOTS, setUpAdmin, useKiosk } from './harness.ts';
import { ADMIN } from './people.ts';

/**
 * Issue 12, point 10: at 1366×768 (a common kiosk panel), with the demo banner, the device bar and
 * the simulator drawer showing, every step's primary action and its error are on screen without
 * scrolling, with the drawer open and closed; and at 1920×1080. Each step's error is provoked as an
 * operator would provoke it, then every scroller is put back to its top (a click would have
 * scrolled the button into view) and the two are measured against the window.
 */
const kiosk = useKiosk({ demo: true, viewport: { width: 1366, height: 768 } });

interface Layout {
  name: string;
  width: number;
  height: number;
  drawerOpen: boolean;
}

const LAYOUTS: readonly Layout[] = [
  { name: '1366x768-drawer-closed', width: 1366, height: 768, drawerOpen: false },
  { name: '1366x768-drawer-open', width: 1366, height: 768, drawerOpen: true },
  { name: '1920x1080-drawer-open', width: 1920, height: 1080, drawerOpen: true },
];

async function setDrawer(page: Page, open: boolean): Promise<void> {
  const toggle = page.getByTestId('simulator-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== String(open)) await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe(String(open));
}

/**
 * Where each selector's (last) element is, as the page stands: nothing is scrolled for the
 * measurement, and the tests check a button is in view BEFORE clicking it (a click would scroll it
 * into view and hide the defect).
 */
async function place(page: Page, selectors: readonly string[]) {
  return page.evaluate((wanted) => {
    return wanted.map((selector) => {
      const all = document.querySelectorAll(selector);
      const element = all[all.length - 1];
      if (!element) return { selector, found: false, seen: false, top: 0, bottom: 0, left: 0, right: 0, innerWidth, innerHeight };
      const box = element.getBoundingClientRect();
      // Seen, not only placed: what is drawn at its middle is the element itself (no sticky bar over it).
      const atMiddle = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
      const seen = atMiddle !== null && (element === atMiddle || element.contains(atMiddle));
      return { selector, found: true, seen, top: box.top, bottom: box.bottom, left: box.left, right: box.right, innerWidth, innerHeight };
    });
  }, selectors);
}

const ERROR = '[data-testid="item-workspace"] [data-testid="error-message"]';
const byTestId = (testId: string) => `[data-testid="${testId}"]`;

/** These elements inside the window and uncovered, in every layout, without scrolling; a screenshot of each. */
async function expectInViewEverywhere(page: Page, shot: string, selectors: readonly string[]): Promise<void> {
  for (const layout of LAYOUTS) {
    await page.setViewportSize({ width: layout.width, height: layout.height });
    await setDrawer(page, layout.drawerOpen);
    await expect.poll(() => page.evaluate(() => innerHeight)).toBe(layout.height);
    const places = await place(page, selectors);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `screens-fit-${shot}-${layout.name}.png`) });
    for (const where of places) {
      const what = `${shot} at ${layout.name}: ${where.selector}`;
      expect(where.found, `${what} is on the page`).toBe(true);
      expect(where.top, `${what} top`).toBeGreaterThanOrEqual(0);
      expect(where.left, `${what} left`).toBeGreaterThanOrEqual(0);
      expect(where.bottom, `${what} bottom (window ${where.innerHeight})`).toBeLessThanOrEqual(where.innerHeight);
      expect(where.right, `${what} right (window ${where.innerWidth})`).toBeLessThanOrEqual(where.innerWidth);
      expect(where.seen, `${what} is not covered`).toBe(true);
    }
  }
  await page.setViewportSize({ width: 1366, height: 768 });
  await setDrawer(page, false);
}

async function receive(page: Page, code: string): Promise<string> {
  await page.getByTestId('nav-intake').click();
  await page.getByTestId('scan-input').fill(code);
  await page.getByTestId('scan-input').press('Enter');
  const workspace = page.getByTestId('item-workspace');
  await workspace.waitFor();
  await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  return (await workspace.getAttribute('data-custody-id'))!;
}

/**
 * A second screen on the same station, where the admin logs in and sets the site's risk level. One
 * operator at a time: that login locks the kiosk's screen (it says so), so the operator logs back in
 * there afterwards and finds the item where it was, its step drawn before the change was known.
 */
async function setRiskOnSecondScreen(page: Page, level: 'low' | 'high'): Promise<void> {
  await changeSiteOnSecondScreen(kiosk.browser, kiosk.station.url, page, ADMIN, (second) => second.getByTestId(`site-risk-${level}`).check());
}

const stepError = (page: Page) => page.getByTestId('item-workspace').getByTestId('error-message');

describe('every step fits a 1366×768 kiosk panel: primary action and error in view, drawer open or closed', () => {
  it('starts with the simulator drawer closed, and opens it from the keyboard', async () => {
    await setUpAdmin(kiosk.page, kiosk.station.url, ADMIN);
    const page = kiosk.page;
    expect(await page.getByTestId('simulator-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('simulate-scan-input').isVisible()).toBe(false);
    await page.getByTestId('simulator-toggle').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('simulate-scan-input').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('simulate-scan-input').isVisible()).toBe(false);
    // Low risk: a letter's weighing and X-ray are both optional, so both skip forms come up.
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('site-risk-low').check();
    await page.getByTestId('site-save').click();
    await expect.poll(() => page.getByTestId('site-status').textContent()).toMatch(/Saved/);
  });

  it('details: Save details in view on arrival, and with its refusal (no type chosen, Enter in a field)', async () => {
    const page = kiosk.page;
    await receive(page, 'RB123456785GB');
    await page.getByTestId('item-arrival').waitFor();
    await expectInViewEverywhere(page, 'details-arrival', [byTestId('details-submit')]);
    await page.getByTestId('details-recipient').fill('Legal department, 4th floor');
    await page.getByTestId('details-recipient').press('Enter');
    await expect.poll(() => stepError(page).textContent()).toMatch(/Choose what kind of item/);
    await expectInViewEverywhere(page, 'details-refused', [byTestId('details-submit'), ERROR]);
    await expectAccessible(page, 'details at 1366×768');
  });

  it('SUSPECT form: its submit and its refusal (no reason)', async () => {
    const page = kiosk.page;
    await page.keyboard.press('F2');
    await page.getByTestId('suspect-panel').waitFor();
    await expectInViewEverywhere(page, 'suspect-open', [byTestId('suspect-submit')]);
    await page.getByTestId('suspect-submit').click();
    await stepError(page).waitFor();
    await expectInViewEverywhere(page, 'suspect-refused', [byTestId('suspect-submit'), ERROR]);
    await page.getByTestId('suspect-cancel').click();
    await page.getByTestId('details-step').waitFor();
    await page.getByTestId('item-type-letter').check();
    await page.getByTestId('details-submit').click();
    await page.getByTestId('weigh-step').waitFor();
  });

  it('weigh: Capture weight, the skip form and the typed-weight form, each with its refusal', async () => {
    const page = kiosk.page;
    await expectInViewEverywhere(page, 'weigh-arrival', [byTestId('capture-weight'), byTestId('skip-weigh-open'), byTestId('manual-weight-open')]);
    await page.getByTestId('skip-weigh-open').click();
    await page.getByTestId('skip-weigh-reason').press('Enter');
    await expect.poll(() => stepError(page).textContent()).toMatch(/Say why/);
    await expectInViewEverywhere(page, 'weigh-skip-refused', [byTestId('skip-weigh-submit'), ERROR]);
    await page.getByTestId('skip-weigh-reason').press('Escape');
    await expect.poll(() => page.getByTestId('skip-weigh-form').count()).toBe(0);

    await page.getByTestId('manual-weight-open').click();
    await page.getByTestId('manual-weight-value').press('Enter');
    await expect.poll(() => stepError(page).textContent()).toMatch(/Type the weight/);
    await expectInViewEverywhere(page, 'weigh-manual-refused', [byTestId('manual-weight-submit'), ERROR]);
    await page.getByTestId('manual-weight-value').fill('20');
    await page.getByTestId('manual-weight-reason').fill('Scale out of order');
    await page.getByTestId('manual-weight-reason').press('Enter');
    await page.getByTestId('inspect-step').waitFor();
  });

  it('inspect: Record inspection and the station’s refusal (notes too long)', async () => {
    const page = kiosk.page;
    await expectInViewEverywhere(page, 'inspect-arrival', [byTestId('inspect-submit')]);
    await page.getByTestId('inspect-notes').fill('n'.repeat(4001));
    await expectInViewEverywhere(page, 'inspect-notes', [byTestId('inspect-submit')]);
    await page.getByTestId('inspect-submit').click();
    await stepError(page).waitFor();
    await expectInViewEverywhere(page, 'inspect-refused', [byTestId('inspect-submit'), ERROR]);
    await page.getByTestId('inspect-notes').fill('');
    await page.getByTestId('inspect-submit').click();
    await page.getByTestId('xray-step').waitFor();
  });

  it('X-ray: Request scan with the cabinet unplugged, and the skip form’s refusal', async () => {
    const page = kiosk.page;
    await expectInViewEverywhere(page, 'xray-arrival', [byTestId('xray-request'), byTestId('skip-xray-open')]);
    await setDrawer(page, true);
    await page.getByTestId('sim-plug').locator('summary').click();
    await page.getByTestId('sim-plug-xray-sim').click();
    await expect.poll(() => page.locator('[data-testid="sim-plug-row"][data-device-id="xray-sim"]').getAttribute('data-plugged')).toBe('false');
    await setDrawer(page, false);
    await page.getByTestId('xray-request').click();
    await stepError(page).waitFor();
    await expectInViewEverywhere(page, 'xray-refused', [byTestId('xray-request'), ERROR]);
    await setDrawer(page, true);
    await page.getByTestId('sim-plug-xray-sim').click();
    await setDrawer(page, false);

    await page.getByTestId('skip-xray-open').click();
    await page.getByTestId('skip-xray-reason').press('Enter');
    // The cabinet's refusal stays above; the skip form has its own.
    await expect.poll(() => page.getByTestId('skip-xray-form').getByTestId('error-message').textContent()).toMatch(/Say why/);
    await expectInViewEverywhere(page, 'xray-skip-refused', [byTestId('skip-xray-submit'), '[data-testid="skip-xray-form"] [data-testid="error-message"]']);
    await page.getByTestId('skip-xray-reason').fill('Low-risk letter, site policy allows');
    await page.getByTestId('skip-xray-reason').press('Enter');
    await page.getByTestId('clear-step').waitFor();
  });

  it('clear: Clear and print label, refused when the site’s risk level changed on another screen meanwhile', async () => {
    const page = kiosk.page;
    await expectInViewEverywhere(page, 'clear-arrival', [byTestId('clear-submit')]);
    // An admin on a second screen raises the risk level: this letter's skipped X-ray is now required.
    await setRiskOnSecondScreen(page, 'high');
    await page.getByTestId('clear-step').waitFor();
    await page.getByTestId('clear-submit').click();
    await expect.poll(() => stepError(page).textContent()).toMatch(/X-rayed/);
    await expectInViewEverywhere(page, 'clear-refused', [byTestId('clear-submit'), ERROR]);
    await setRiskOnSecondScreen(page, 'low');
    await page.getByTestId('clear-step').waitFor();
    await page.getByTestId('clear-submit').click();
    await page.getByTestId('deliver-step').waitFor();
  });

  it('deliver: Record delivery and its refusal (hand-over not confirmed)', async () => {
    const page = kiosk.page;
    await expectInViewEverywhere(page, 'deliver-arrival', [byTestId('deliver-submit')]);
    await page.getByTestId('recipient').fill('Jordan Reyes');
    await page.getByTestId('recipient').press('Enter');
    await expect.poll(() => stepError(page).textContent()).toMatch(/Confirm/);
    await expectInViewEverywhere(page, 'deliver-refused', [byTestId('deliver-submit'), ERROR]);
    await expectAccessible(page, 'deliver at 1366×768');
    expect(kiosk.problems).toEqual([]);
  });
});
