import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { expectAccessible, launchChromium, screenshot, serveDemoStation, setUpAdmin, typeAsScanner, watchPageErrors, type ServedStation } from './harness.ts';

const ADMIN = { badge: 'ADMIN-0001', name: 'Ada Okafor', pin: '135790' };

let station: ServedStation;
let browser: Browser;
let page: Page;
let problems: string[];
/** The simulated scanner's line, as the admin's device list shows it (the station's end of the pty pair). */
let scannerLine: string | null = null;

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

const device = (id: string) => page.locator(`[data-testid="device-status"][data-device-id="${id}"]`);

/** Opens one section of the simulator drawer (a native disclosure) unless it is open. */
async function simulator(section: string): Promise<void> {
  const details = page.getByTestId(section);
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

async function receive(code: string): Promise<string> {
  await page.getByTestId('nav-intake').click();
  await page.getByTestId('scan-input').fill(code);
  await page.getByTestId('scan-input').press('Enter');
  const workspace = page.getByTestId('item-workspace');
  await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  return (await workspace.getAttribute('data-custody-id'))!;
}

describe('devices, the demo drawer and the scanner, end to end in Chromium (web host, demo mode)', () => {
  it('shows the admin the SOP files and the simulated devices, whose settings demo mode does not let anyone edit', async () => {
    await setUpAdmin(page, station.url, ADMIN);
    await page.getByTestId('nav-admin').click();
    // X-ray training for the parcel below.
    const option = page.getByTestId('training-operator').locator('option', { hasText: ADMIN.badge });
    await page.getByTestId('training-operator').selectOption((await option.getAttribute('value'))!);
    await page.getByTestId('training-kind-xrayOperator').check();
    await page.getByTestId('training-submit').click();

    await expect.poll(() => page.getByTestId('sop-row').count()).toBeGreaterThanOrEqual(5);
    expect(await page.getByTestId('sop-row').first().getAttribute('data-source')).toMatch(/site|default|lastGood|builtIn/);
    await page.getByTestId('sop-reload').click();
    await expect.poll(() => page.getByTestId('sop-reload-status').textContent()).toMatch(/Reloaded/);

    await expect.poll(() => page.getByTestId('devices-panel').getAttribute('data-simulated')).toBe('true');
    await page.getByTestId('devices-demo-note').waitFor();
    expect(await page.getByTestId('device-config').count()).toBe(4);
    expect(await page.getByTestId('device-edit').count()).toBe(0);
    scannerLine = await page.locator('[data-testid="device-config"][data-device-id="scanner-sim"] [data-testid="device-config-address"]').textContent();
    await screenshot(page, 'dev-01-admin-sop-devices');
    await expectAccessible(page, 'admin with SOP files and devices');
  });

  it('shows a device unplugged in the drawer offline within 2 s, and online again when plugged back', async () => {
    await page.getByTestId('nav-intake').click();
    await expect.poll(() => device('scale-sim').getAttribute('data-health'), { timeout: 10_000 }).toBe('online');
    await simulator('sim-plug');
    await page.getByTestId('sim-plug-scale-sim').click();
    await expect.poll(() => device('scale-sim').getAttribute('data-health'), { timeout: 2_000, interval: 100 }).not.toBe('online');
    await expect.poll(() => page.locator('[data-testid="sim-plug-row"][data-device-id="scale-sim"]').getAttribute('data-plugged')).toBe('false');
    await screenshot(page, 'dev-02-scale-unplugged');
    await expectAccessible(page, 'intake with the drawer open');
    await page.getByTestId('sim-plug-scale-sim').click();
    await expect.poll(() => device('scale-sim').getAttribute('data-health'), { timeout: 10_000 }).toBe('online');
  });

  it('weighs a parcel by capture, shows the cabinet’s refusal with its door open, then the X-ray image with its fingerprint', async () => {
    const custodyId = await receive('1Z5R89390357567127');
    await page.getByTestId('item-type-parcel').check();
    await page.getByTestId('details-recipient').fill('Facilities');
    await page.getByTestId('details-submit').click();

    await page.getByTestId('weigh-step').waitFor();
    await simulator('sim-scale');
    await page.getByTestId('sim-scale-off').click();
    await expect.poll(() => page.getByTestId('scale-panel').getAttribute('data-condition'), { timeout: 5_000 }).toMatch(/stableAtZero|none/);
    expect(await page.getByTestId('capture-weight').isDisabled()).toBe(true);
    await page.getByTestId('sim-scale-grams').fill('1250');
    await page.getByTestId('sim-scale-put').click();
    // Capture is offered only once the scale reports the weight stable.
    await expect.poll(() => page.getByTestId('scale-panel').getAttribute('data-condition'), { timeout: 10_000 }).toBe('stable');
    await expect.poll(() => page.getByTestId('capture-weight').isEnabled()).toBe(true);
    await screenshot(page, 'dev-03-weigh-stable');
    await page.getByTestId('capture-weight').click();
    await page.getByTestId('inspect-step').waitFor();
    await page.getByTestId('inspect-submit').click();

    await page.getByTestId('xray-step').waitFor();
    await simulator('sim-cabinet');
    await page.getByTestId('sim-door-open').click();
    await expect.poll(() => page.getByTestId('cabinet-door').textContent(), { timeout: 5_000 }).toContain('open');
    await page.getByTestId('xray-request').click();
    await expect.poll(() => page.getByTestId('xray-step').getByTestId('error-message').getAttribute('data-code')).toBe('UNAVAILABLE');
    await screenshot(page, 'dev-04-xray-door-open-refused');

    await page.getByTestId('sim-door-close').click();
    await expect.poll(() => page.getByTestId('cabinet-panel').getAttribute('data-ready'), { timeout: 5_000 }).toBe('true');
    await page.getByTestId('xray-request').click();
    await page.getByTestId('verdict-form').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('xray-viewer').getAttribute('data-has-image'), { timeout: 10_000 }).toBe('true');
    const sha256 = await page.getByTestId('xray-fingerprint').getAttribute('data-sha256');
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    const db = new Database(station.dbPath, { readonly: true });
    const recorded = db.prepare('SELECT image_sha256 AS sha FROM xray_scans WHERE custody_id = ? ORDER BY id DESC').get(custodyId) as { sha: string };
    db.close();
    expect(recorded.sha).toBe(sha256);
    await screenshot(page, 'dev-05-xray-image-fingerprint');
    await expectAccessible(page, 'x-ray image');

    await page.getByTestId('verdict-clear').check();
    await page.getByTestId('verdict-submit').click();
    await page.getByTestId('clear-step').waitFor();
    await page.getByTestId('clear-submit').click();
    await page.getByTestId('deliver-step').waitFor();
    await expect.poll(() => page.getByTestId('label-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');

    // The label queue in the device bar lists it; a reprint is queued and marked as one.
    await page.getByTestId('label-queue-toggle').click();
    const job = page.locator(`[data-testid="label-job"][data-subject="${custodyId}"]`);
    await job.first().waitFor();
    await page.getByTestId('label-panel-clearance').waitFor();
    await page.getByTestId('label-panel-clearance').getByTestId('label-preview').waitFor();
    expect(await page.getByTestId('label-print-clearance').getAttribute('data-reprint')).toBe('true');
    await page.getByTestId('label-print-clearance').click();
    await expect.poll(() => page.getByTestId('label-status').getAttribute('data-reprint')).toBe('true');
    await expect.poll(() => job.count()).toBe(2);
    await expect.poll(() => job.first().textContent()).toMatch(/reprint of job/);
    await expect.poll(() => page.getByTestId('label-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    await screenshot(page, 'dev-06-label-queue-reprint');
    await expectAccessible(page, 'label queue');
    await page.getByTestId('label-queue-toggle').click();
  });

  it('takes a wedge-scanner burst as a scan that opens the item, while slow typing in the scan field stays typing', async () => {
    await page.getByTestId('nav-intake').click();
    const field = page.getByTestId('scan-input');
    await field.click();
    // A person: 150 ms between keys.
    await page.keyboard.type('RB98', { delay: 150 });
    await expect.poll(() => field.inputValue()).toBe('RB98');
    expect(await page.getByTestId('item-workspace').count()).toBe(0);

    // A scanner: the whole code in a few milliseconds per key, then its Enter. It goes to intake
    // whole; the typed draft is left as it was.
    await typeAsScanner(page, '9400111899223397621344');
    await expect.poll(() => page.getByTestId('item-workspace').getAttribute('data-custody-id'), { timeout: 10_000 }).toMatch(/-/);
    await expect.poll(() => page.getByTestId('item-workspace').textContent()).toContain('9400111899223397621344');
    await page.getByTestId('back-to-intake').click();
    expect(await page.getByTestId('scan-input').inputValue()).toBe('RB98');

    // A burst into another text field (the drawer's) never lands there as characters.
    await simulator('sim-scale');
    await page.getByTestId('sim-scale-grams').fill('');
    await page.getByTestId('sim-scale-grams').click();
    await typeAsScanner(page, 'RB123456785GB');
    await expect.poll(() => page.getByTestId('item-workspace').textContent(), { timeout: 10_000 }).toContain('RB123456785GB');
    expect(await page.getByTestId('sim-scale-grams').inputValue()).toBe('');
    await screenshot(page, 'dev-07-wedge-scan-opened');
  });

  it('takes a hardware scan on the lock screen as the badge and moves to the PIN', async () => {
    await page.getByTestId('lock-button').click();
    await page.getByTestId('lock-screen').waitFor();
    // The simulated scanner's own line: the bytes a real serial scanner sends, AIM prefix and CR.
    expect(scannerLine).toMatch(/Serial \S+\/station/);
    const stationEnd = /Serial (\S+)/.exec(scannerLine!)![1]!;
    writeFileSync(path.join(path.dirname(stationEnd), 'device'), `]C0${ADMIN.badge}\r`);
    await expect.poll(() => page.getByTestId('login-badge').inputValue(), { timeout: 5_000 }).toBe(ADMIN.badge);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('login-pin');
    await screenshot(page, 'dev-08-lock-badge-scanned');
    await expectAccessible(page, 'lock screen with a scanned badge');

    // A wedge scanner in the browser does the same, even with the PIN field focused.
    await page.getByTestId('login-badge').fill('');
    await page.getByTestId('login-pin').click();
    await typeAsScanner(page, ADMIN.badge);
    await expect.poll(() => page.getByTestId('login-badge').inputValue()).toBe(ADMIN.badge);
    expect(await page.getByTestId('login-pin').inputValue()).toBe('');
    await page.keyboard.type(ADMIN.pin, { delay: 120 });
    await page.keyboard.press('Enter');
    await page.getByTestId('operator-name').waitFor();
    expect(problems).toEqual([]);
  });
});

