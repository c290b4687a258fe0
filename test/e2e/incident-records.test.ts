import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../helpers/pdfText.ts';
import { createOperator, expectAccessible, logIn, protocolMovedOn, sayWhyRecordNotMade, screenshot, setUpAdmin, typeAsScanner, useKiosk } from './harness.ts';
import { ADMIN, COORDINATOR, SCREENER } from './people.ts';

// Issue 12, points 7, 8 and 12, walked as the operator would at a 1366×768 kiosk panel.
const kiosk = useKiosk({ demo: true, viewport: { width: 1366, height: 768 }, acceptDownloads: true });

const page = () => kiosk.page;
// A command's name (item.enterWeight, incident.close): the station's, never the operator's words.
const COMMAND_NAME = /\b(station|session|intake|item|incident|custody|operator|xray|drill)\.[a-z][a-zA-Z]+\b/;

async function acknowledge(): Promise<void> {
  const stepId = await page().getByTestId('incident-step').getAttribute('data-step-id');
  await page().getByTestId('step-acknowledge').click();
  await expect.poll(() => protocolMovedOn(page(), stepId)).toBe(true);
}

/** Acknowledges steps (saying why for any record not made) until `stepId` is the one shown. */
async function acknowledgeUntil(stepId: string): Promise<void> {
  for (let guard = 0; guard < 30; guard++) {
    const shown = await page().getByTestId('incident-step').getAttribute('data-step-id');
    if (shown === stepId) return;
    await sayWhyRecordNotMade(page());
    await acknowledge();
  }
  throw new Error(`step ${stepId} never came up`);
}

async function errorText(scope: ReturnType<Page['getByTestId']>): Promise<string> {
  return (await scope.getByTestId('error-message').textContent()) ?? '';
}
type Page = ReturnType<typeof page>;

describe('incident records and words at the station', () => {
  let custodyId = '';
  let incidentNumber = '';

  it('sets up the operators; the coordinator logs in', async () => {
    await setUpAdmin(page(), kiosk.station.url, ADMIN);
    await page().getByTestId('nav-admin').click();
    await createOperator(page(), COORDINATOR, 'coordinator');
    await createOperator(page(), SCREENER, 'screener');
    await page().getByTestId('lock-button').click();
    await logIn(page(), COORDINATOR.badge, COORDINATOR.pin);
  });

  it('a padded envelope is scanned, weighed, two indicators ticked, then SUSPECT before the inspection is recorded', async () => {
    await page().getByTestId('nav-intake').click();
    await page().getByTestId('scan-input').focus();
    await typeAsScanner(page(), '1Z5R89390357567127');
    const workspace = page().getByTestId('item-workspace');
    await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    custodyId = (await workspace.getAttribute('data-custody-id'))!;
    await page().getByTestId('item-type-padded-envelope').check();
    await page().getByTestId('details-submit').click();
    await page().getByTestId('manual-weight-open').click();
    await page().getByTestId('manual-weight-value').fill('180');
    await page().getByTestId('manual-weight-reason').fill('Do not move it more than needed');
    await page().getByTestId('manual-weight-submit').click();
    await page().getByTestId('inspect-step').waitFor();
    await page().getByTestId('indicator-P84-01').check();
    await page().getByTestId('indicator-P84-09').check();
    await page().keyboard.press('F2');
    await page().getByTestId('suspect-panel').waitFor();
    await page().getByTestId('suspect-reason').fill('Powder at a corner');
    await page().getByTestId('suspect-submit').click();
    await page().getByTestId('incident-mode').waitFor();
    incidentNumber = ((await page().locator('.incident-kicker').textContent()) ?? '').replace(/^INCIDENT\s*/, '').trim();
    expect(incidentNumber).toMatch(/^DEMO-\d{4}-\d{4}$/);
  });

  it('"List everyone present" is refused with nobody listed, in words, and done once people are listed', async () => {
    await acknowledgeUntil('persons-present-handled');
    const step = page().getByTestId('incident-step');
    expect(await step.getByTestId('step-missing').textContent()).toContain('at least one person who was present; at least one person who handled the item');
    await step.getByTestId('step-acknowledge').click();
    await expect.poll(() => errorText(step)).toContain('asks for a record that is not there yet');
    const refusal = await errorText(step);
    expect(refusal).not.toMatch(COMMAND_NAME);
    expect(refusal).not.toMatch(/was refused|current step|INVALID_STATE/);
    await screenshot(page(), 'incident-records-01-persons-refused');
    expect(await step.getAttribute('data-done')).toBe('false');

    await page().getByTestId('person-name').fill('Zoë Ørsted');
    await page().getByTestId('person-involvement-both').check();
    await page().getByTestId('person-add').click();
    await expect.poll(() => page().getByTestId('persons-list').textContent()).toContain('Zoë Ørsted');
    await expect.poll(() => step.getByTestId('step-missing').count()).toBe(0);
    await acknowledge();
  });

  it('"Call 911" is refused with no call logged, and done with "could not, because …"', async () => {
    await acknowledgeUntil('call-911');
    const step = page().getByTestId('incident-step');
    await step.getByTestId('step-acknowledge').click();
    await expect.poll(() => errorText(step)).toContain('a logged call to 911');
    await step.getByTestId('step-could-not').fill('Phone lines down; the guard radioed dispatch from outside');
    await screenshot(page(), 'incident-records-02-call-could-not');
    await expectAccessible(page(), 'step with a missing record');
    await acknowledge();
  });

  it('closing without an outcome is refused in words that name no item step', async () => {
    await page().getByTestId('incident-section-close').click();
    await page().getByTestId('close-second-badge').fill(SCREENER.badge);
    await page().getByTestId('close-second-pin').fill(SCREENER.pin);
    await page().getByTestId('close-submit').click();
    const form = page().getByTestId('close-form');
    await expect.poll(() => errorText(form)).toContain('Record the outcome');
    expect(await errorText(form)).not.toMatch(COMMAND_NAME);
    expect(await errorText(form)).not.toMatch(/current step|was refused/);
    await screenshot(page(), 'incident-records-03-close-refused');
  });

  it('the rest of the protocol, release by two people, outcome and close', async () => {
    await page().getByTestId('incident-section-custody').click();
    await page().getByTestId('quarantine-location').fill('Screening bench 2, covered');
    await page().getByTestId('quarantine-seals').fill('S-1001');
    await page().getByTestId('quarantine-submit').click();
    await expect.poll(() => page().getByTestId('custody-item-state').first().textContent()).toBe('Quarantined');
    await page().getByTestId('custody-move-release').check();
    await page().getByTestId('release-reason').fill('The lab found talc');
    await page().getByTestId('release-seal-intact').check();
    await page().getByTestId('release-second-badge').fill(SCREENER.badge);
    await page().getByTestId('release-second-pin').fill(SCREENER.pin);
    await page().getByTestId('release-submit').click();
    await expect.poll(() => page().getByTestId('custody-item-state').first().textContent()).toBe('Released');
    await page().getByTestId('incident-section-protocol').click();
    for (let guard = 0; guard < 30 && (await page().getByTestId('protocol-complete').count()) === 0; guard++) {
      await sayWhyRecordNotMade(page(), 'Released after the lab result: no responders came');
      await acknowledge();
    }

    // The incident report, from the screen: the indicators ticked, the reason a call was not made, words not codes.
    const [download] = await Promise.all([page().waitForEvent('download', { timeout: 20_000 }), page().getByTestId('incident-report').click()]);
    const text = pdfText(readFileSync(await download.path()));
    expect(text).toContain('Indicators ticked No return address;');
    expect(text).not.toContain('Indicators ticked None recorded');
    expect(text).toContain('Phone lines down; the guard radioed dispatch from outside');
    expect(text).toContain('Item type Padded envelope');
    expect(text).not.toMatch(/padded-envelope|HANDED_OVER|RELEASED|P84-01/);

    await page().getByTestId('incident-section-close').click();
    await page().getByTestId('outcome-hoax').check();
    await page().getByTestId('outcome-save').click();
    await page().getByTestId('close-second-badge').fill(SCREENER.badge);
    await page().getByTestId('close-second-pin').fill(SCREENER.pin);
    await page().getByTestId('close-submit').click();
    await page().getByTestId('incident-closed').waitFor();
    await page().getByTestId('incident-exit').click();
  });

  it('the item page shows the indicators ticked and links to its incident; so does its history', async () => {
    await page().getByTestId('nav-records').click();
    await page().getByTestId('search-query').fill(custodyId);
    await page().getByTestId('search-submit').click();
    await page().getByTestId('search-open').first().click();
    await page().getByTestId('done-step').waitFor();
    const summary = (await page().getByTestId('screening-summary').textContent()) ?? '';
    expect(summary).not.toContain('Not inspected');
    expect(summary).toContain('No return address');
    expect(await page().getByTestId('done-incident').textContent()).toContain(incidentNumber);
    await screenshot(page(), 'incident-records-04-item-page');
    await expectAccessible(page(), 'closed item with its incident');

    await page().getByTestId('open-history').click();
    await page().getByTestId('item-history').waitFor();
    await expect.poll(() => page().getByTestId('history-incident').textContent()).toContain(incidentNumber);
    await screenshot(page(), 'incident-records-05-history');
    await page().getByTestId('history-incident').click();
    await expect.poll(() => page().getByTestId('incident-mode').getAttribute('data-closed')).toBe('true');
    expect(kiosk.problems).toEqual([]);
  });
});
