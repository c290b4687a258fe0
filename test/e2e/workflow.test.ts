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

async function receive(code: string): Promise<string> {
  await page.getByTestId('nav-intake').click();
  await page.getByTestId('scan-input').fill(code);
  await page.getByTestId('scan-input').press('Enter');
  const workspace = page.getByTestId('item-workspace');
  await workspace.waitFor();
  await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  return (await workspace.getAttribute('data-custody-id'))!;
}

async function setDetails(type: string, recipient: string): Promise<void> {
  await page.getByTestId('details-step').waitFor();
  await page.getByTestId(`item-type-${type}`).check();
  await page.getByTestId('details-recipient').fill(recipient);
  await page.getByTestId('details-submit').click();
}

async function weighByHand(grams: string, reason: string): Promise<void> {
  await page.getByTestId('weigh-step').waitFor();
  await page.getByTestId('manual-weight-open').click();
  await page.getByTestId('manual-weight-value').fill(grams);
  await page.getByTestId('manual-weight-reason').fill(reason);
  await page.getByTestId('manual-weight-submit').click();
}

async function createOperator(operator: { badge: string; name: string; pin: string }, role: string): Promise<void> {
  await page.getByTestId('new-operator-badge').fill(operator.badge);
  await page.getByTestId('new-operator-name').fill(operator.name);
  await page.getByTestId(`new-operator-role-${role}`).check();
  await page.getByTestId('new-operator-pin').fill(operator.pin);
  await page.getByTestId('create-operator-submit').click();
  await expect.poll(() => page.getByTestId('create-operator-status').textContent()).toContain(operator.name);
}

async function recordXrayTraining(badge: string): Promise<void> {
  const option = page.getByTestId('training-operator').locator('option', { hasText: badge });
  await page.getByTestId('training-operator').selectOption((await option.getAttribute('value'))!);
  await page.getByTestId('training-kind-xrayOperator').check();
  await page.getByTestId('training-submit').click();
  await expect.poll(() => page.getByTestId('operator-row').filter({ hasText: badge }).getByTestId('training-tag').count()).toBeGreaterThan(0);
}

async function hasXrayCabinet(): Promise<boolean> {
  return (await page.locator('[data-testid="device-status"]').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''))).some((text) => /x-ray|cabinet/i.test(text));
}

describe('the operator’s screens, end to end in Chromium (web host, demo mode)', () => {
  it('sets up the admin, who adds operators and records X-ray training on the admin screen', async () => {
    await setUpAdmin(page, station.url, ADMIN);
    await expectAccessible(page, 'intake');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-screen').waitFor();
    await createOperator(COORDINATOR, 'coordinator');
    await createOperator(SCREENER, 'screener');
    await recordXrayTraining(ADMIN.badge);
    await recordXrayTraining(SCREENER.badge);
    await recordXrayTraining(COORDINATOR.badge);
    await screenshot(page, 'ui-01-admin');
    await expectAccessible(page, 'admin');
  });

  it('clears a letter: typed weight with a reason, no indicators, X-ray skipped with a reason, delivered by name', async () => {
    const custodyId = await receive('RB123456785GB');
    await expect.poll(() => page.getByTestId('item-arrival').textContent()).toMatch(/New item received/);
    await screenshot(page, 'ui-02-letter-details');
    await expectAccessible(page, 'item details');
    await setDetails('letter', 'Legal department, 4th floor');

    await page.getByTestId('weigh-step').waitFor();
    expect(await page.getByTestId('capture-weight').isDisabled()).toBe(true);
    await weighByHand('20', 'Scale out of order');
    await page.getByTestId('inspect-step').waitFor();
    await screenshot(page, 'ui-03-letter-inspect');
    await expectAccessible(page, 'inspection');
    await page.getByTestId('inspect-submit').click();

    await page.getByTestId('xray-step').waitFor();
    await page.getByTestId('skip-xray-open').click();
    await page.getByTestId('skip-xray-reason').fill('Low-risk letter, site policy allows');
    await screenshot(page, 'ui-04-letter-skip-xray');
    await page.getByTestId('skip-xray-submit').click();

    await page.getByTestId('clear-step').waitFor();
    await screenshot(page, 'ui-05-letter-clear');
    await page.getByTestId('clear-submit').click();
    await page.getByTestId('deliver-step').waitFor();
    await expect.poll(() => page.getByTestId('label-status').textContent()).toMatch(/label/i);
    await page.getByTestId('recipient').fill('Jordan Reyes');
    await page.getByTestId('deliver-submit').click();
    // Nothing typed is lost on a refusal: the confirmation was missing, the name stays.
    await expect.poll(() => page.getByTestId('error-message').textContent()).toMatch(/Confirm/);
    expect(await page.getByTestId('recipient').inputValue()).toBe('Jordan Reyes');
    await page.getByTestId('deliver-confirm').check();
    await screenshot(page, 'ui-06-letter-deliver');
    await expectAccessible(page, 'deliver');
    await page.getByTestId('deliver-submit').click();
    await page.getByTestId('done-step').waitFor();
    expect(await page.getByTestId('workspace-state').textContent()).toMatch(/Delivered/);

    await page.getByTestId('open-history').click();
    await page.getByTestId('item-history').waitFor();
    const timeline = await page.getByTestId('timeline').textContent();
    expect(timeline).toContain('Weighed 20 g (typed: Scale out of order)');
    expect(timeline).toContain('Skipped X-ray: Low-risk letter, site policy allows');
    expect(timeline).toContain('Delivered to Jordan Reyes');
    expect(timeline).toContain(ADMIN.name);
    await screenshot(page, 'ui-07-letter-history');
    await expectAccessible(page, 'history');
    await page.keyboard.press('Escape');
    await page.getByTestId('item-workspace').waitFor();
    expect(await page.getByTestId('item-workspace').getAttribute('data-custody-id')).toBe(custodyId);
  });

  it('X-rays a parcel: the cabinet’s refusal is shown in words, or with a cabinet, clears it with its label', async () => {
    await receive('1Z5R89390357567127');
    await setDetails('parcel', 'Facilities');
    await weighByHand('1250', 'Parcel too large for the letter scale');
    await page.getByTestId('inspect-step').waitFor();
    await page.getByTestId('inspect-submit').click();
    await page.getByTestId('xray-step').waitFor();
    // At medium risk a parcel's X-ray is required: no skip offered.
    expect(await page.getByTestId('skip-xray-open').count()).toBe(0);
    await page.getByTestId('xray-request').click();
    if (!(await hasXrayCabinet())) {
      await expect.poll(() => page.getByTestId('error-message').textContent()).toMatch(/cabinet/i);
      expect(await page.getByTestId('error-message').getAttribute('data-code')).toBe('UNAVAILABLE');
      await screenshot(page, 'ui-08-parcel-cabinet-refused');
      await expectAccessible(page, 'x-ray');
      return;
    }
    await page.getByTestId('verdict-form').waitFor({ timeout: 20_000 });
    await screenshot(page, 'ui-08-parcel-xray');
    await page.getByTestId('verdict-clear').check();
    await page.getByTestId('verdict-submit').click();
    await page.getByTestId('clear-step').waitFor();
    await page.getByTestId('clear-submit').click();
    await page.getByTestId('deliver-step').waitFor();
    await expect.poll(() => page.getByTestId('label-status').getAttribute('data-state'), { timeout: 15_000 }).toMatch(/queued|printing|printed/);
    await screenshot(page, 'ui-09-parcel-cleared-label');
  });

  it('locks, refuses a wrong PIN without losing the badge, and resumes the work in progress', async () => {
    const workspace = await page.getByTestId('item-workspace').getAttribute('data-custody-id');
    await page.getByTestId('lock-button').click();
    await page.getByTestId('lock-screen').waitFor();
    expect(await page.getByTestId('item-workspace').count()).toBe(0);
    await page.getByTestId('login-badge').fill(COORDINATOR.badge);
    await page.getByTestId('login-pin').fill('000000');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('error-message').waitFor();
    expect(await page.getByTestId('login-badge').inputValue()).toBe(COORDINATOR.badge);
    await screenshot(page, 'ui-10-login-refused');
    await expectAccessible(page, 'lock');
    await page.getByTestId('login-pin').fill(COORDINATOR.pin);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('item-workspace').waitFor();
    expect(await page.getByTestId('item-workspace').getAttribute('data-custody-id')).toBe(workspace);
    await expect.poll(() => page.getByTestId('item-arrival').textContent()).toMatch(/Resumed/);
  });

  it('a powder letter: SUSPECT from inspection, the protocol step by step, hand-over to hazmat, two-person close', async () => {
    await receive('POWDER-LETTER-0001');
    await setDetails('letter', 'Executive office');
    await weighByHand('35', 'Do not move a suspect item');
    await page.getByTestId('inspect-step').waitFor();
    await page.getByTestId('indicator-P84-09').check();
    await page.getByTestId('suspect-button').click();
    await page.getByTestId('suspect-panel').waitFor();
    // The ticked indicator's hazard hint pre-selects the protocol.
    expect(await page.getByTestId('suspect-type-suspiciousSubstance').isChecked()).toBe(true);
    await page.getByTestId('suspect-reason').fill('White powder leaking from the flap');
    await screenshot(page, 'ui-11-suspect');
    await expectAccessible(page, 'suspect');
    await page.getByTestId('suspect-submit').click();

    const mode = page.getByTestId('incident-mode');
    await mode.waitFor();
    expect(await page.getByTestId('nav-intake').count()).toBe(0);
    await screenshot(page, 'ui-12-incident-first-step');
    await expectAccessible(page, 'incident mode');

    // Quarantine the item before the protocol asks for the hand-over.
    await page.getByTestId('incident-section-custody').click();
    await page.getByTestId('quarantine-location').fill('Screening room bench 2, covered');
    await page.getByTestId('quarantine-seals').fill('S-1001, S-1002');
    await page.getByTestId('quarantine-submit').click();
    await expect.poll(() => page.getByTestId('custody-item-state').textContent()).toBe('Quarantined');
    await page.getByTestId('incident-section-protocol').click();

    for (let guard = 0; guard < 40; guard++) {
      const step = page.getByTestId('incident-step');
      if ((await page.getByTestId('protocol-complete').count()) > 0) break;
      await step.waitFor();
      const stepId = await step.getAttribute('data-step-id');
      if ((await step.getByTestId('person-form').count()) > 0) {
        await page.getByTestId('person-name').fill('Sam Lindqvist');
        await page.getByTestId('person-involvement-both').check();
        await page.getByTestId('person-add').click();
        await expect.poll(() => page.getByTestId('persons-list').textContent()).toContain('Sam Lindqvist');
        await screenshot(page, 'ui-13-incident-persons');
      }
      if ((await step.getByTestId('notification-form').count()) > 0) {
        await page.getByTestId('notification-reference').fill(`REF-${stepId}`);
        await page.getByTestId('notification-add').click();
        await expect.poll(() => page.getByTestId('notification-log').first().textContent()).toContain(`REF-${stepId}`);
      }
      if ((await step.getByTestId('responders-form').count()) > 0) {
        await page.getByTestId('responder-agency').fill('County fire hazmat');
        await page.getByTestId('responder-names').fill('Unit 7, Lt. Okoye');
        await page.getByTestId('responder-add').click();
        await expect.poll(() => page.getByTestId('responders-list').textContent()).toContain('County fire hazmat');
      }
      if ((await step.getByTestId('handover-form').count()) > 0) {
        await page.getByTestId('handover-name').fill('Lt. Okoye');
        await page.getByTestId('handover-agency').fill('County fire hazmat');
        await page.getByTestId('handover-badge').fill('HZ-4471');
        await page.getByTestId('handover-identity').check();
        await page.getByTestId('handover-seal-intact').check();
        await screenshot(page, 'ui-14-incident-handover');
        await page.getByTestId('handover-submit').click();
        await expect.poll(() => page.getByTestId('custody-item-state').textContent()).toBe('Handed over');
      }
      await page.getByTestId('step-acknowledge').click();
      await expect.poll(() => protocolMovedOn(page, stepId)).toBe(true);
    }
    await screenshot(page, 'ui-15-incident-protocol-done');

    await page.getByTestId('incident-section-close').click();
    await page.getByTestId('outcome-hoax').check();
    await page.getByTestId('outcome-lab').fill('State lab 24-0193: talc');
    await page.getByTestId('outcome-actions').fill('Brief staff on the powder protocol; restock bags.');
    await page.getByTestId('outcome-save').click();
    await page.getByTestId('close-second-badge').fill(COORDINATOR.badge);
    await page.getByTestId('close-second-pin').fill(COORDINATOR.pin);
    await page.getByTestId('close-submit').click();
    // The second signature must be another person's.
    await expect.poll(() => page.getByTestId('close-form').getByTestId('error-message').getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await page.getByTestId('close-second-badge').inputValue()).toBe(COORDINATOR.badge);
    await page.getByTestId('close-second-badge').fill(SCREENER.badge);
    await page.getByTestId('close-second-pin').fill(SCREENER.pin);
    await screenshot(page, 'ui-16-incident-close');
    await expectAccessible(page, 'incident close');
    await page.getByTestId('close-submit').click();
    await page.getByTestId('incident-closed').waitFor();
    await screenshot(page, 'ui-17-incident-closed');
    await page.getByTestId('incident-exit').click();
    await page.getByTestId('intake-screen').waitFor();

    await page.getByTestId('nav-incidents').click();
    await page.getByTestId('incident-row').first().waitFor();
    expect(await page.getByTestId('incident-row').first().textContent()).toMatch(/Closed: Hoax/);
    await screenshot(page, 'ui-18-incidents');
    await expectAccessible(page, 'incidents');
  });

  it('an inconclusive X-ray goes to a second reviewer (needs the demo X-ray cabinet)', async (context) => {
    if (!(await hasXrayCabinet())) {
      context.skip();
      return;
    }
    await receive('9400111899223397621344');
    await setDetails('parcel', 'Mailroom');
    await weighByHand('800', 'Test parcel');
    await page.getByTestId('inspect-submit').click();
    await page.getByTestId('xray-request').click();
    await page.getByTestId('verdict-form').waitFor({ timeout: 20_000 });
    await page.getByTestId('verdict-inconclusive').check();
    await page.getByTestId('verdict-notes').fill('Dense mass top left, cannot tell');
    await page.getByTestId('verdict-submit').click();
    await page.getByTestId('needs-second-reviewer').waitFor();
    await page.getByTestId('second-reviewer-hint').waitFor();
    await screenshot(page, 'ui-19-xray-inconclusive');
    await page.getByTestId('lock-button').click();
    await logIn(page, SCREENER.badge, SCREENER.pin);
    await page.getByTestId('second-review-form').waitFor();
    await page.getByTestId('second-verdict-clear').check();
    await page.getByTestId('second-notes').fill('Book binding glue; clear');
    await page.getByTestId('second-review-submit').click();
    await page.getByTestId('clear-step').waitFor();
  });

  it('left no CSP violation or page error', () => {
    expect(problems).toEqual([]);
  });
});
