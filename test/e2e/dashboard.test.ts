import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, setUpAdmin, useKiosk } from './harness.ts';
import { ADMIN } from './people.ts';

// A live station with no devices: the dashboard counts live records only, so this is where it has
// figures to show. Items come in through the typed scan field and are weighed by hand.
const kiosk = useKiosk({ demo: false });

async function receive(code: string): Promise<string> {
  await kiosk.page.getByTestId('nav-intake').click();
  await kiosk.page.getByTestId('scan-input').fill(code);
  await kiosk.page.getByTestId('scan-input').press('Enter');
  const workspace = kiosk.page.getByTestId('item-workspace');
  await expect.poll(() => workspace.getAttribute('data-custody-id', { timeout: 2_000 })).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  await kiosk.page.getByTestId('details-step').waitFor();
  await kiosk.page.getByTestId('item-type-letter').check();
  await kiosk.page.getByTestId('details-recipient').fill('Mail room');
  await kiosk.page.getByTestId('details-submit').click();
  await kiosk.page.getByTestId('weigh-step').waitFor();
  return (await workspace.getAttribute('data-custody-id'))!;
}

async function weighByHand(): Promise<void> {
  await kiosk.page.getByTestId('manual-weight-open').click();
  await kiosk.page.getByTestId('manual-weight-value').fill('20');
  await kiosk.page.getByTestId('manual-weight-reason').fill('No scale at this station');
  await kiosk.page.getByTestId('manual-weight-submit').click();
  await kiosk.page.getByTestId('inspect-step').waitFor();
}

/** The numbers the chart drew as its bar labels (recharts' LabelList), as text. */
async function barLabels(chart: string): Promise<string[]> {
  return kiosk.page.getByTestId(chart).locator('.recharts-label-list text').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? '').filter((text) => text !== ''));
}

describe('the dashboard on a live station, in Chromium', () => {
  it('receives three letters: one cleared, one weighed, one just received', async () => {
    await setUpAdmin(kiosk.page, kiosk.station.url, ADMIN);
    await receive('RB123456785GB');
    await weighByHand();
    await kiosk.page.getByTestId('inspect-submit').click();
    await kiosk.page.getByTestId('xray-step').waitFor();
    await kiosk.page.getByTestId('skip-xray-open').click();
    await kiosk.page.getByTestId('skip-xray-reason').fill('Low-risk letter, site policy allows');
    await kiosk.page.getByTestId('skip-xray-submit').click();
    await kiosk.page.getByTestId('clear-step').waitFor();
    await kiosk.page.getByTestId('clear-submit').click();
    await kiosk.page.getByTestId('deliver-step').waitFor();
    await receive('RR987654326GB');
    await weighByHand();
    await receive('EE123456785GB');
  });

  it('charts the figures the station reports, with their tables, no CSP violation and no axe violation', async () => {
    await kiosk.page.getByTestId('nav-dashboard').click();
    const dashboard = kiosk.page.getByTestId('dashboard-screen');
    await expect.poll(() => dashboard.getAttribute('data-loaded', { timeout: 10_000 })).toMatch(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/);
    expect(await kiosk.page.getByTestId('dashboard-mode-note').count()).toBe(0);

    // Totals and the per-day table.
    expect(await kiosk.page.getByTestId('total-received').getAttribute('data-value')).toBe('3');
    expect(await kiosk.page.getByTestId('total-cleared').getAttribute('data-value')).toBe('1');
    expect(await kiosk.page.getByTestId('total-suspect').getAttribute('data-value')).toBe('0');
    expect(await kiosk.page.getByTestId('table-items-row').count()).toBe(7);
    const today = kiosk.page.getByTestId('table-items-row').filter({ has: kiosk.page.locator('[data-testid="cell-received"]', { hasText: /^3$/ }) });
    expect(await today.count()).toBe(1);
    expect(await today.getByTestId('cell-cleared').textContent()).toBe('1');

    // The chart drew the same numbers: its bars and their labels.
    await expect.poll(() => kiosk.page.getByTestId('chart-items').locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => barLabels('chart-items')).toEqual(['3', '1']);

    // Where the three stand now, in the chart and its table.
    const outcomes = await kiosk.page.getByTestId('table-outcomes-row').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-state'), row.querySelector('td')?.textContent]));
    expect(outcomes).toEqual([
      ['RECEIVED', '1'],
      ['WEIGHED', '1'],
      ['CLEARED', '1'],
    ]);
    await expect.poll(() => barLabels('chart-outcomes')).toEqual(['1', '1', '1']);

    // After clearance: the cleared letter waits for its recipient (under a day); none handed over.
    expect(await kiosk.page.getByTestId('cell-delivered').textContent()).toBe('0');
    expect(await kiosk.page.getByTestId('table-waiting-row').locator('td').allTextContents()).toEqual(['1', '0', '0', '0']);
    expect(await kiosk.page.getByTestId('waiting-longest').textContent()).toContain('less than a day');

    await screenshot(kiosk.page, 'dashboard-01-live-week');
    await expectAccessible(kiosk.page, 'dashboard');
    expect(kiosk.problems).toEqual([]);
  });

  it('takes a custom period, and says what is wrong with one it cannot ask for', async () => {
    await kiosk.page.getByTestId('period-custom').check();
    const from = kiosk.page.getByTestId('period-from');
    const to = kiosk.page.getByTestId('period-to');
    const last = await to.inputValue();
    await from.fill(last);
    await expect.poll(() => kiosk.page.getByTestId('dashboard-screen').getAttribute('data-loaded', { timeout: 2_000 })).toBe(`${last}..${last}`);
    await expect.poll(() => kiosk.page.getByTestId('table-items-row').count()).toBe(1);
    await to.fill('2020-01-01');
    await expect.poll(() => kiosk.page.getByTestId('period-problem').textContent({ timeout: 2_000 })).toMatch(/first day must be on or before/);
    await screenshot(kiosk.page, 'dashboard-02-custom-period-refused');
    expect(kiosk.problems).toEqual([]);
  });
});
