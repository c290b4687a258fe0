import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchChromium, logIn, protocolMovedOn, screenshot, serveDemoStation, setUpAdmin, watchPageErrors, type ServedStation } from './harness.ts';

const ADMIN = { badge: 'ADMIN-0001', name: 'Ada Okafor', pin: '135790' };
const COORDINATOR = { badge: 'COORD-0002', name: 'Cara Mendes', pin: '246810' };
const SCREENER = { badge: 'SCREEN-0003', name: 'Sam Lindqvist', pin: '112233' };

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

async function createOperator(operator: { badge: string; name: string; pin: string }, role: string): Promise<void> {
  await page.getByTestId('new-operator-badge').fill(operator.badge);
  await page.getByTestId('new-operator-name').fill(operator.name);
  await page.getByTestId(`new-operator-role-${role}`).check();
  await page.getByTestId('new-operator-pin').fill(operator.pin);
  await page.getByTestId('create-operator-submit').click();
  await expect.poll(() => page.getByTestId('create-operator-status').textContent()).toContain(operator.name);
}

async function startDrill(scenario: string, description: string): Promise<void> {
  await page.getByTestId('nav-incidents').click();
  await page.getByTestId('drill-form').waitFor();
  await page.getByTestId(`drill-scenario-${scenario}`).check();
  await page.getByTestId('drill-description').fill(description);
  await page.getByTestId('drill-start').click();
  await expect.poll(() => page.getByTestId('incident-mode').getAttribute('data-mode')).toBe('drill');
}

async function expectDrillMarked(): Promise<void> {
  expect(await page.getByTestId('drill-banner').isVisible()).toBe(true);
}

async function quarantine(): Promise<void> {
  await page.getByTestId('incident-section-custody').click();
  await expectDrillMarked();
  await page.getByTestId('quarantine-location').fill('Drill bench, covered');
  await page.getByTestId('quarantine-seals').fill('D-1, D-2');
  await page.getByTestId('quarantine-submit').click();
  await expect.poll(() => page.getByTestId('custody-item-state').first().textContent()).toBe('Quarantined');
}

describe('drills, run by the coordinator, with two-person release and destruction', () => {
  it('sets up a coordinator and a screener, and the coordinator logs in', async () => {
    await setUpAdmin(page, station.url, ADMIN);
    await page.getByTestId('nav-admin').click();
    await createOperator(COORDINATOR, 'coordinator');
    await createOperator(SCREENER, 'screener');
    await page.getByTestId('lock-button').click();
    await logIn(page, COORDINATOR.badge, COORDINATOR.pin);
  });

  it('runs a powder drill through to a two-person release and close: DRILL on every screen, the time of each step', async () => {
    await startDrill('suspiciousSubstance', 'Quarterly powder-letter exercise');
    await expectDrillMarked();
    await screenshot(page, 'drill-01-started');
    await expectAccessible(page, 'drill incident');

    await quarantine();
    // The custody label, as it will print, and printed from here.
    await page.getByTestId('label-panel-custody').getByTestId('label-preview').waitFor();
    await page.getByTestId('label-print-custody').click();
    await expect.poll(() => page.getByTestId('label-print-custody').getAttribute('data-reprint'), { timeout: 10_000 }).toBe('true');
    // Release needs the coordinator and a second person; the first try with the coordinator's own badge is refused.
    await page.getByTestId('custody-move-release').check();
    await page.getByTestId('release-reason').fill('Drill: the lab found talc');
    await page.getByTestId('release-seal-intact').check();
    await page.getByTestId('release-second-badge').fill(COORDINATOR.badge);
    await page.getByTestId('release-second-pin').fill(COORDINATOR.pin);
    await page.getByTestId('release-submit').click();
    await expect.poll(() => page.getByTestId('release-form').getByTestId('error-message').getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await page.getByTestId('release-reason').inputValue()).toBe('Drill: the lab found talc');
    await page.getByTestId('release-second-badge').fill(SCREENER.badge);
    await page.getByTestId('release-second-pin').fill(SCREENER.pin);
    await screenshot(page, 'drill-02-release-two-people');
    await page.getByTestId('release-submit').click();
    await expect.poll(() => page.getByTestId('custody-item-state').first().textContent()).toBe('Released');

    await page.getByTestId('incident-section-protocol').click();
    await expectDrillMarked();
    let clocked = false;
    for (let guard = 0; guard < 40; guard++) {
      if ((await page.getByTestId('protocol-complete').count()) > 0) break;
      const step = page.getByTestId('incident-step');
      await step.waitFor();
      const stepId = await step.getAttribute('data-step-id');
      clocked ||= (await page.getByTestId('step-clock').count()) > 0;
      if ((await step.getByTestId('step-second').count()) > 0) {
        await page.getByTestId('step-second-badge').fill(SCREENER.badge);
        await page.getByTestId('step-second-pin').fill(SCREENER.pin);
      }
      await page.getByTestId('step-acknowledge').click();
      await expect.poll(() => protocolMovedOn(page, stepId)).toBe(true);
    }
    expect(clocked).toBe(true);
    // Every acknowledged step shows the time it took, in the step list.
    await expect.poll(() => page.locator('.step-time').count()).toBeGreaterThan(0);
    await screenshot(page, 'drill-03-protocol-timed');

    await page.getByTestId('incident-section-close').click();
    await expectDrillMarked();
    await page.getByTestId('outcome-benign').check();
    await page.getByTestId('outcome-actions').fill('Drill went well; restock evidence bags.');
    await page.getByTestId('outcome-save').click();
    await page.getByTestId('close-second-badge').fill(SCREENER.badge);
    await page.getByTestId('close-second-pin').fill(SCREENER.pin);
    await page.getByTestId('close-submit').click();
    await page.getByTestId('incident-closed').waitFor();
    await expectDrillMarked();
    await screenshot(page, 'drill-04-closed');
    await page.getByTestId('incident-exit').click();
    await page.getByTestId('nav-incidents').click();
    await expect.poll(() => page.getByTestId('incident-row').first().textContent()).toMatch(/DRILL.*Closed: Benign/);
    await expectAccessible(page, 'incidents with a drill');
  });

  it('records a drill item destroyed with two people', async () => {
    await startDrill('possibleExplosive', 'Bomb-squad disposal exercise');
    await quarantine();
    await page.getByTestId('custody-move-destroy').check();
    await page.getByTestId('destroy-reason').fill('Drill: rendered safe and destroyed by the bomb squad');
    await page.getByTestId('destroy-submit').click();
    // Without the second person it is refused, and what was typed stays.
    await page.getByTestId('destroy-form').getByTestId('error-message').waitFor();
    expect(await page.getByTestId('destroy-reason').inputValue()).toMatch(/rendered safe/);
    await page.getByTestId('destroy-second-badge').fill(SCREENER.badge);
    await page.getByTestId('destroy-second-pin').fill(SCREENER.pin);
    await page.getByTestId('destroy-submit').click();
    await expect.poll(() => page.getByTestId('custody-item-state').first().textContent()).toBe('Destroyed');
    await expectDrillMarked();
    await screenshot(page, 'drill-05-destroyed');
    await expectAccessible(page, 'destroyed');
    expect(problems).toEqual([]);
  });
});
