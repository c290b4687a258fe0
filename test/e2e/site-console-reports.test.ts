// The console's dashboard in Chromium: `site serve` (the CLI, as the README gives it) over a real
// site database two real stations publish to, the projector run beside it. Station A records an
// incident; the console's Dashboard shows it for the whole site and for station A alone, with the
// same figures A's own dashboard gives, and says which figures are station-only instead of drawing
// a zero; the incident's item's custody form and the incident's report are saved from the incident. The screen fits 1366×768 (checked, and a screenshot looked at) and passes axe.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardStats } from '../../src/shared/contract/index.ts';
import { pdfText } from '../helpers/pdfText.ts';
import { localToday } from '../helpers/wait.ts';
import { startConsoleRun, value, type ConsoleRun } from './helpers/siteConsole.ts';
import { expectAccessible, screenshot } from './harness.ts';

let run: ConsoleRun | undefined;
let consoleUrl: string;
let page: Page;
let problems: string[];

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

const total = async (testId: string) => await page.getByTestId(testId).getAttribute('data-value');

describe('the dashboard at the console', () => {
  it('shows station A’s incident for the site and for A alone, with A’s own figures, and says which figures are station-only', { timeout: 240_000 }, async () => {
    const a = await run!.joinedStation();
    const b = await run!.joinedStation();
    for (const code of ['1ZA0000000000001', '1ZA0000000000002']) await value(a.screen.call('intake.scan', { code }));
    const { item } = await value<{ item: { custodyId: string } }>(a.screen.call('intake.scan', { code: 'SUSPECT-A-1' }));
    const { incident } = await value<{ incident: { number: string } }>(
      a.screen.call('item.markSuspect', { custodyId: item.custodyId, incidentType: 'suspiciousSubstance', reason: 'Powder leaking from a corner' }),
    );
    await a.publishSop(incident.number);
    await value(b.screen.call('intake.scan', { code: 'RB123456785GB' }));
    await a.publish();
    await b.publish();

    await page.goto(consoleUrl);
    await page.getByTestId('console-stations').waitFor();
    await page.getByTestId('console-nav-dashboard').click();
    await page.getByTestId('console-dashboard').waitFor();
    // The whole site: A's three items and B's one; A's incident open.
    await expect.poll(() => total('total-received'), { timeout: 30_000 }).toBe('4');
    expect(await total('total-suspect')).toBe('1');
    expect(await total('total-incidents-open')).toBe('1');
    expect(await page.getByTestId('cell-notices-pending').textContent()).toContain('station-only');
    await page.getByTestId('device-uptime-station-only').waitFor();
    expect(await page.getByTestId('console-dashboard-counted').textContent()).toContain(`${a.id} event`);

    // Station A alone: the figures A's own dashboard gives.
    await page.getByTestId('console-dashboard-station').selectOption(a.id);
    await expect.poll(() => total('total-received'), { timeout: 30_000 }).toBe('3');
    const today = localToday();
    const own = await value<DashboardStats>(a.screen.call('dashboard.stats', { from: new Date(Date.now() - 6 * 86_400_000).toLocaleDateString('sv-SE'), to: today }));
    const days = own.itemsPerDay.reduce((sum, day) => sum + day.received, 0);
    expect(await total('total-received')).toBe(String(days));
    expect(await total('total-incidents-open')).toBe('1');
    const todayRow = page.locator(`[data-testid="table-items-row"][data-date="${today}"]`);
    expect(await todayRow.getByTestId('cell-suspect').textContent()).toBe('1');
    expect(await page.getByTestId('console-dashboard-counted').textContent()).not.toContain(b.id);

    expect(await fitsWidth()).toBe(true);
    await expectAccessible(page, 'the console’s dashboard');
    await screenshot(page, 'ui-site-console-dashboard');

    // The incident's item: its custody form, made from the site's record, saved from the incident.
    await page.getByTestId('console-nav-incidents').click();
    const row = page.locator(`[data-testid="console-incident-row"][data-station="${a.id}"]`);
    await row.waitFor();
    await row.getByTestId('console-incident-open').click();
    const detail = page.getByTestId('console-incident');
    await detail.getByTestId('console-custody-form-make').waitFor();
    const saved = page.waitForEvent('download');
    await detail.getByTestId('console-custody-form-make').click();
    expect((await saved).suggestedFilename()).toBe(`custody-${item.custodyId}.pdf`);
    await detail.getByTestId('console-custody-form-saved').waitFor();
    expect(await fitsWidth()).toBe(true);
    await expectAccessible(page, 'the console’s incident with its custody form');
    await screenshot(page, 'ui-site-console-custody-form');

    // The incident's report, made from the site's record by the station's own builder, with its SOP.
    const report = page.waitForEvent('download');
    await detail.getByTestId('console-incident-report-make').click();
    const download = await report;
    expect(download.suggestedFilename()).toBe(`${incident.number}-incident-report.pdf`);
    await detail.getByTestId('console-incident-report-saved').waitFor();
    const text = pdfText(readFileSync((await download.path())!));
    expect(text).toContain(`Incident report ${incident.number}`);
    expect(text).toContain('the site console (mailscreen_console_office)');
    expect(text).toContain('Powder leaking from a corner');
    expect(text).toContain('NOT ACKNOWLEDGED');
    expect(await fitsWidth()).toBe(true);
    await expectAccessible(page, 'the console’s incident with its report saved');
    await screenshot(page, 'ui-site-console-incident-report');
    expect(problems).toEqual([]);
  });
});
