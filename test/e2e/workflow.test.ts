import { describe, expect, it } from 'vitest';
import { createOperator, expectAccessible, logIn, protocolMovedOn, sayWhyRecordNotMade, screenshot, setUpAdmin, useKiosk } from './harness.ts';
import { ADMIN, COORDINATOR, SCREENER } from './people.ts';

const kiosk = useKiosk({ demo: true });

async function receive(code: string): Promise<string> {
  await kiosk.page.getByTestId('nav-intake').click();
  await kiosk.page.getByTestId('scan-input').fill(code);
  await kiosk.page.getByTestId('scan-input').press('Enter');
  const workspace = kiosk.page.getByTestId('item-workspace');
  await workspace.waitFor();
  await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  return (await workspace.getAttribute('data-custody-id'))!;
}

async function setDetails(type: string, recipient: string): Promise<void> {
  await kiosk.page.getByTestId('details-step').waitFor();
  await kiosk.page.getByTestId(`item-type-${type}`).check();
  await kiosk.page.getByTestId('details-recipient').fill(recipient);
  await kiosk.page.getByTestId('details-submit').click();
}

async function weighByHand(grams: string, reason: string): Promise<void> {
  await kiosk.page.getByTestId('weigh-step').waitFor();
  await kiosk.page.getByTestId('manual-weight-open').click();
  await kiosk.page.getByTestId('manual-weight-value').fill(grams);
  await kiosk.page.getByTestId('manual-weight-reason').fill(reason);
  await kiosk.page.getByTestId('manual-weight-submit').click();
}

async function recordXrayTraining(badge: string): Promise<void> {
  const option = kiosk.page.getByTestId('training-operator').locator('option', { hasText: badge });
  await kiosk.page.getByTestId('training-operator').selectOption((await option.getAttribute('value'))!);
  await kiosk.page.getByTestId('training-kind-xrayOperator').check();
  await kiosk.page.getByTestId('training-submit').click();
  await expect.poll(() => kiosk.page.getByTestId('operator-row').filter({ hasText: badge }).getByTestId('training-tag').count()).toBeGreaterThan(0);
}

async function hasXrayCabinet(): Promise<boolean> {
  return (await kiosk.page.locator('[data-testid="device-status"]').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''))).some((text) => /x-ray|cabinet/i.test(text));
}

describe('the operator’s screens, end to end in Chromium (web host, demo mode)', () => {
  it('sets up the admin, who adds operators and records X-ray training on the admin screen', async () => {
    await setUpAdmin(kiosk.page, kiosk.station.url, ADMIN);
    await expectAccessible(kiosk.page, 'intake');
    await kiosk.page.getByTestId('nav-admin').click();
    await kiosk.page.getByTestId('admin-screen').waitFor();
    await createOperator(kiosk.page, COORDINATOR, 'coordinator');
    await createOperator(kiosk.page, SCREENER, 'screener');
    await recordXrayTraining(ADMIN.badge);
    await recordXrayTraining(SCREENER.badge);
    await recordXrayTraining(COORDINATOR.badge);
    await screenshot(kiosk.page, 'ui-01-admin');
    await expectAccessible(kiosk.page, 'admin');
  });

  it('clears a letter: typed weight with a reason, no indicators, X-ray skipped with a reason, delivered by name', async () => {
    const custodyId = await receive('RB123456785GB');
    await expect.poll(() => kiosk.page.getByTestId('item-arrival').textContent()).toMatch(/New item received/);
    await screenshot(kiosk.page, 'ui-02-letter-details');
    await expectAccessible(kiosk.page, 'item details');
    await setDetails('letter', 'Legal department, 4th floor');

    await kiosk.page.getByTestId('weigh-step').waitFor();
    expect(await kiosk.page.getByTestId('capture-weight').isDisabled()).toBe(true);
    await weighByHand('20', 'Scale out of order');
    await kiosk.page.getByTestId('inspect-step').waitFor();
    await screenshot(kiosk.page, 'ui-03-letter-inspect');
    await expectAccessible(kiosk.page, 'inspection');
    await kiosk.page.getByTestId('inspect-submit').click();

    await kiosk.page.getByTestId('xray-step').waitFor();
    await kiosk.page.getByTestId('skip-xray-open').click();
    await kiosk.page.getByTestId('skip-xray-reason').fill('Low-risk letter, site policy allows');
    await screenshot(kiosk.page, 'ui-04-letter-skip-xray');
    await kiosk.page.getByTestId('skip-xray-submit').click();

    await kiosk.page.getByTestId('clear-step').waitFor();
    await screenshot(kiosk.page, 'ui-05-letter-clear');
    await kiosk.page.getByTestId('clear-submit').click();
    await kiosk.page.getByTestId('deliver-step').waitFor();
    await expect.poll(() => kiosk.page.getByTestId('label-status').textContent()).toMatch(/label/i);
    await kiosk.page.getByTestId('recipient').fill('Jordan Reyes');
    await kiosk.page.getByTestId('deliver-submit').click();
    // Nothing typed is lost on a refusal: the confirmation was missing, the name stays.
    await expect.poll(() => kiosk.page.getByTestId('error-message').textContent()).toMatch(/Confirm/);
    expect(await kiosk.page.getByTestId('recipient').inputValue()).toBe('Jordan Reyes');
    await kiosk.page.getByTestId('deliver-confirm').check();
    await screenshot(kiosk.page, 'ui-06-letter-deliver');
    await expectAccessible(kiosk.page, 'deliver');
    await kiosk.page.getByTestId('deliver-submit').click();
    await kiosk.page.getByTestId('done-step').waitFor();
    expect(await kiosk.page.getByTestId('workspace-state').textContent()).toMatch(/Delivered/);

    await kiosk.page.getByTestId('open-history').click();
    await kiosk.page.getByTestId('item-history').waitFor();
    const timeline = await kiosk.page.getByTestId('timeline').textContent();
    expect(timeline).toContain('Weighed 20 g (typed: Scale out of order)');
    expect(timeline).toContain('Skipped X-ray: Low-risk letter, site policy allows');
    expect(timeline).toContain('Delivered to Jordan Reyes');
    expect(timeline).toContain(ADMIN.name);
    await screenshot(kiosk.page, 'ui-07-letter-history');
    await expectAccessible(kiosk.page, 'history');
    await kiosk.page.keyboard.press('Escape');
    await kiosk.page.getByTestId('item-workspace').waitFor();
    expect(await kiosk.page.getByTestId('item-workspace').getAttribute('data-custody-id')).toBe(custodyId);
  });

  it('X-rays a parcel: the cabinet’s refusal is shown in words, or with a cabinet, clears it with its label', async () => {
    await receive('1Z5R89390357567127');
    await setDetails('parcel', 'Facilities');
    await weighByHand('1250', 'Parcel too large for the letter scale');
    await kiosk.page.getByTestId('inspect-step').waitFor();
    await kiosk.page.getByTestId('inspect-submit').click();
    await kiosk.page.getByTestId('xray-step').waitFor();
    // At medium risk a parcel's X-ray is required: no skip offered.
    expect(await kiosk.page.getByTestId('skip-xray-open').count()).toBe(0);
    await kiosk.page.getByTestId('xray-request').click();
    if (!(await hasXrayCabinet())) {
      await expect.poll(() => kiosk.page.getByTestId('error-message').textContent()).toMatch(/cabinet/i);
      expect(await kiosk.page.getByTestId('error-message').getAttribute('data-code')).toBe('UNAVAILABLE');
      await screenshot(kiosk.page, 'ui-08-parcel-cabinet-refused');
      await expectAccessible(kiosk.page, 'x-ray');
      return;
    }
    await kiosk.page.getByTestId('verdict-form').waitFor({ timeout: 20_000 });
    await screenshot(kiosk.page, 'ui-08-parcel-xray');
    await kiosk.page.getByTestId('verdict-clear').check();
    await kiosk.page.getByTestId('verdict-submit').click();
    await kiosk.page.getByTestId('clear-step').waitFor();
    await kiosk.page.getByTestId('clear-submit').click();
    await kiosk.page.getByTestId('deliver-step').waitFor();
    await expect.poll(() => kiosk.page.getByTestId('label-status').getAttribute('data-state'), { timeout: 15_000 }).toMatch(/queued|printing|printed/);
    await screenshot(kiosk.page, 'ui-09-parcel-cleared-label');
  });

  it('locks, refuses a wrong PIN without losing the badge, and resumes the work in progress', async () => {
    const workspace = await kiosk.page.getByTestId('item-workspace').getAttribute('data-custody-id');
    await kiosk.page.getByTestId('lock-button').click();
    await kiosk.page.getByTestId('lock-screen').waitFor();
    expect(await kiosk.page.getByTestId('item-workspace').count()).toBe(0);
    await kiosk.page.getByTestId('login-badge').fill(COORDINATOR.badge);
    await kiosk.page.getByTestId('login-pin').fill('000000');
    await kiosk.page.getByTestId('login-submit').click();
    await kiosk.page.getByTestId('error-message').waitFor();
    expect(await kiosk.page.getByTestId('login-badge').inputValue()).toBe(COORDINATOR.badge);
    await screenshot(kiosk.page, 'ui-10-login-refused');
    await expectAccessible(kiosk.page, 'lock');
    await kiosk.page.getByTestId('login-pin').fill(COORDINATOR.pin);
    await kiosk.page.getByTestId('login-submit').click();
    await kiosk.page.getByTestId('item-workspace').waitFor();
    expect(await kiosk.page.getByTestId('item-workspace').getAttribute('data-custody-id')).toBe(workspace);
    await expect.poll(() => kiosk.page.getByTestId('item-arrival').textContent()).toMatch(/Resumed/);
  });

  it('a powder letter: SUSPECT from inspection, the protocol step by step, hand-over to hazmat, two-person close', async () => {
    await receive('POWDER-LETTER-0001');
    await setDetails('letter', 'Executive office');
    await weighByHand('35', 'Do not move a suspect item');
    await kiosk.page.getByTestId('inspect-step').waitFor();
    await kiosk.page.getByTestId('indicator-P84-09').check();
    await kiosk.page.getByTestId('suspect-button').click();
    await kiosk.page.getByTestId('suspect-panel').waitFor();
    // The ticked indicator's hazard hint pre-selects the protocol.
    expect(await kiosk.page.getByTestId('suspect-type-suspiciousSubstance').isChecked()).toBe(true);
    await kiosk.page.getByTestId('suspect-reason').fill('White powder leaking from the flap');
    await screenshot(kiosk.page, 'ui-11-suspect');
    await expectAccessible(kiosk.page, 'suspect');
    await kiosk.page.getByTestId('suspect-submit').click();

    const mode = kiosk.page.getByTestId('incident-mode');
    await mode.waitFor();
    expect(await kiosk.page.getByTestId('nav-intake').count()).toBe(0);
    await screenshot(kiosk.page, 'ui-12-incident-first-step');
    await expectAccessible(kiosk.page, 'incident mode');

    // Quarantine the item before the protocol asks for the hand-over.
    await kiosk.page.getByTestId('incident-section-custody').click();
    await kiosk.page.getByTestId('quarantine-location').fill('Screening room bench 2, covered');
    await kiosk.page.getByTestId('quarantine-seals').fill('S-1001, S-1002');
    await kiosk.page.getByTestId('quarantine-submit').click();
    await expect.poll(() => kiosk.page.getByTestId('custody-item-state').textContent()).toBe('Quarantined');
    await kiosk.page.getByTestId('incident-section-protocol').click();

    for (let guard = 0; guard < 40; guard++) {
      const step = kiosk.page.getByTestId('incident-step');
      if ((await kiosk.page.getByTestId('protocol-complete').count()) > 0) break;
      await step.waitFor();
      const stepId = await step.getAttribute('data-step-id');
      if ((await step.getByTestId('person-form').count()) > 0) {
        await kiosk.page.getByTestId('person-name').fill('Sam Lindqvist');
        await kiosk.page.getByTestId('person-involvement-both').check();
        await kiosk.page.getByTestId('person-add').click();
        await expect.poll(() => kiosk.page.getByTestId('persons-list').textContent()).toContain('Sam Lindqvist');
        await screenshot(kiosk.page, 'ui-13-incident-persons');
      }
      if ((await step.getByTestId('notification-form').count()) > 0) {
        await kiosk.page.getByTestId('notification-reference').fill(`REF-${stepId}`);
        await kiosk.page.getByTestId('notification-add').click();
        await expect.poll(() => kiosk.page.getByTestId('notification-log').first().textContent()).toContain(`REF-${stepId}`);
      }
      if ((await step.getByTestId('responders-form').count()) > 0) {
        await kiosk.page.getByTestId('responder-agency').fill('County fire hazmat');
        await kiosk.page.getByTestId('responder-names').fill('Unit 7, Lt. Okoye');
        await kiosk.page.getByTestId('responder-add').click();
        await expect.poll(() => kiosk.page.getByTestId('responders-list').textContent()).toContain('County fire hazmat');
      }
      if ((await step.getByTestId('handover-form').count()) > 0) {
        await kiosk.page.getByTestId('handover-name').fill('Lt. Okoye');
        await kiosk.page.getByTestId('handover-agency').fill('County fire hazmat');
        await kiosk.page.getByTestId('handover-badge').fill('HZ-4471');
        await kiosk.page.getByTestId('handover-identity').check();
        await kiosk.page.getByTestId('handover-seal-intact').check();
        await screenshot(kiosk.page, 'ui-14-incident-handover');
        await kiosk.page.getByTestId('handover-submit').click();
        await expect.poll(() => kiosk.page.getByTestId('custody-item-state').textContent()).toBe('Handed over');
      }
      // A record this walk does not make is done with a reason (issue 12, point 8).
      await sayWhyRecordNotMade(kiosk.page);
      await kiosk.page.getByTestId('step-acknowledge').click();
      await expect.poll(() => protocolMovedOn(kiosk.page, stepId)).toBe(true);
    }
    await screenshot(kiosk.page, 'ui-15-incident-protocol-done');

    await kiosk.page.getByTestId('incident-section-close').click();
    await kiosk.page.getByTestId('outcome-hoax').check();
    await kiosk.page.getByTestId('outcome-lab').fill('State lab 24-0193: talc');
    await kiosk.page.getByTestId('outcome-actions').fill('Brief staff on the powder protocol; restock bags.');
    await kiosk.page.getByTestId('outcome-save').click();
    await kiosk.page.getByTestId('close-second-badge').fill(COORDINATOR.badge);
    await kiosk.page.getByTestId('close-second-pin').fill(COORDINATOR.pin);
    await kiosk.page.getByTestId('close-submit').click();
    // The second signature must be another person's.
    await expect.poll(() => kiosk.page.getByTestId('close-form').getByTestId('error-message').getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await kiosk.page.getByTestId('close-second-badge').inputValue()).toBe(COORDINATOR.badge);
    await kiosk.page.getByTestId('close-second-badge').fill(SCREENER.badge);
    await kiosk.page.getByTestId('close-second-pin').fill(SCREENER.pin);
    await screenshot(kiosk.page, 'ui-16-incident-close');
    await expectAccessible(kiosk.page, 'incident close');
    await kiosk.page.getByTestId('close-submit').click();
    await kiosk.page.getByTestId('incident-closed').waitFor();
    await screenshot(kiosk.page, 'ui-17-incident-closed');
    await kiosk.page.getByTestId('incident-exit').click();
    await kiosk.page.getByTestId('intake-screen').waitFor();

    await kiosk.page.getByTestId('nav-incidents').click();
    await kiosk.page.getByTestId('incident-row').first().waitFor();
    expect(await kiosk.page.getByTestId('incident-row').first().textContent()).toMatch(/Closed: Hoax/);
    await screenshot(kiosk.page, 'ui-18-incidents');
    await expectAccessible(kiosk.page, 'incidents');
  });

  it('an inconclusive X-ray goes to a second reviewer (needs the demo X-ray cabinet)', async (context) => {
    if (!(await hasXrayCabinet())) {
      context.skip();
      return;
    }
    await receive('9400111899223397621346');
    await setDetails('parcel', 'Mailroom');
    await weighByHand('800', 'Test parcel');
    await kiosk.page.getByTestId('inspect-submit').click();
    await kiosk.page.getByTestId('xray-request').click();
    await kiosk.page.getByTestId('verdict-form').waitFor({ timeout: 20_000 });
    await kiosk.page.getByTestId('verdict-inconclusive').check();
    await kiosk.page.getByTestId('verdict-notes').fill('Dense mass top left, cannot tell');
    await kiosk.page.getByTestId('verdict-submit').click();
    await kiosk.page.getByTestId('needs-second-reviewer').waitFor();
    await kiosk.page.getByTestId('second-reviewer-hint').waitFor();
    await screenshot(kiosk.page, 'ui-19-xray-inconclusive');
    await kiosk.page.getByTestId('lock-button').click();
    await logIn(kiosk.page, SCREENER.badge, SCREENER.pin);
    await kiosk.page.getByTestId('second-review-form').waitFor();
    await kiosk.page.getByTestId('second-verdict-clear').check();
    await kiosk.page.getByTestId('second-notes').fill('Book binding glue; clear');
    await kiosk.page.getByTestId('second-review-submit').click();
    await kiosk.page.getByTestId('clear-step').waitFor();
  });

  it('left no CSP violation or page error', () => {
    expect(kiosk.problems).toEqual([]);
  });
});
