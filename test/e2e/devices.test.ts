import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { expectAccessible, openSimulator, screenshot, setUpAdmin, typeAsScanner, useKiosk } from './harness.ts';
import { ADMIN } from './people.ts';

/** The simulated scanner's line, as the admin's device list shows it (the station's end of the pty pair). */
let scannerLine: string | null = null;

const kiosk = useKiosk({ demo: true });

const device = (id: string) => kiosk.page.locator(`[data-testid="device-status"][data-device-id="${id}"]`);

/** Opens one section of the simulator drawer (a native disclosure) unless it is open. */
async function simulator(section: string): Promise<void> {
  await openSimulator(kiosk.page);
  const details = kiosk.page.getByTestId(section);
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

async function receive(code: string): Promise<string> {
  await kiosk.page.getByTestId('nav-intake').click();
  await kiosk.page.getByTestId('scan-input').fill(code);
  await kiosk.page.getByTestId('scan-input').press('Enter');
  const workspace = kiosk.page.getByTestId('item-workspace');
  await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  return (await workspace.getAttribute('data-custody-id'))!;
}

describe('devices, the demo drawer and the scanner, end to end in Chromium (web host, demo mode)', () => {
  it('shows the admin the SOP files and the simulated devices, whose settings demo mode does not let anyone edit', async () => {
    await setUpAdmin(kiosk.page, kiosk.station.url, ADMIN);
    await kiosk.page.getByTestId('nav-admin').click();
    // X-ray training for the parcel below.
    const option = kiosk.page.getByTestId('training-operator').locator('option', { hasText: ADMIN.badge });
    await kiosk.page.getByTestId('training-operator').selectOption((await option.getAttribute('value'))!);
    await kiosk.page.getByTestId('training-kind-xrayOperator').check();
    await kiosk.page.getByTestId('training-submit').click();

    await expect.poll(() => kiosk.page.getByTestId('sop-row').count()).toBeGreaterThanOrEqual(5);
    expect(await kiosk.page.getByTestId('sop-row').first().getAttribute('data-source')).toMatch(/site|default|lastGood|builtIn/);
    await kiosk.page.getByTestId('sop-reload').click();
    await expect.poll(() => kiosk.page.getByTestId('sop-reload-status').textContent()).toMatch(/Reloaded/);

    await expect.poll(() => kiosk.page.getByTestId('devices-panel').getAttribute('data-simulated')).toBe('true');
    await kiosk.page.getByTestId('devices-demo-note').waitFor();
    expect(await kiosk.page.getByTestId('device-config').count()).toBe(4);
    expect(await kiosk.page.getByTestId('device-edit').count()).toBe(0);
    scannerLine = await kiosk.page.locator('[data-testid="device-config"][data-device-id="scanner-sim"] [data-testid="device-config-address"]').textContent();
    await screenshot(kiosk.page, 'dev-01-admin-sop-devices');
    await expectAccessible(kiosk.page, 'admin with SOP files and devices');
  });

  it('shows a device unplugged in the drawer offline, and online again when plugged back', async () => {
    await kiosk.page.getByTestId('nav-intake').click();
    await expect.poll(() => device('scale-sim').getAttribute('data-health'), { timeout: 10_000 }).toBe('online');
    await simulator('sim-plug');
    await kiosk.page.getByTestId('sim-plug-scale-sim').click();
    await expect.poll(() => device('scale-sim').getAttribute('data-health'), { timeout: 10_000, interval: 100 }).not.toBe('online');
    await expect.poll(() => kiosk.page.locator('[data-testid="sim-plug-row"][data-device-id="scale-sim"]').getAttribute('data-plugged')).toBe('false');
    await screenshot(kiosk.page, 'dev-02-scale-unplugged');
    await expectAccessible(kiosk.page, 'intake with the drawer open');
    await kiosk.page.getByTestId('sim-plug-scale-sim').click();
    await expect.poll(() => device('scale-sim').getAttribute('data-health'), { timeout: 10_000 }).toBe('online');
  });

  it('weighs a parcel by capture, shows the cabinet’s refusal with its door open, then the X-ray image with its fingerprint', async () => {
    const custodyId = await receive('1Z5R89390357567127');
    await kiosk.page.getByTestId('item-type-parcel').check();
    await kiosk.page.getByTestId('details-recipient').fill('Facilities');
    await kiosk.page.getByTestId('details-submit').click();

    await kiosk.page.getByTestId('weigh-step').waitFor();
    await simulator('sim-scale');
    await kiosk.page.getByTestId('sim-scale-off').click();
    await expect.poll(() => kiosk.page.getByTestId('scale-panel').getAttribute('data-condition'), { timeout: 5_000 }).toMatch(/stableAtZero|none/);
    expect(await kiosk.page.getByTestId('capture-weight').isDisabled()).toBe(true);
    await kiosk.page.getByTestId('sim-scale-grams').fill('1250');
    await kiosk.page.getByTestId('sim-scale-put').click();
    // Capture is offered only once the scale reports the weight stable.
    await expect.poll(() => kiosk.page.getByTestId('scale-panel').getAttribute('data-condition'), { timeout: 10_000 }).toBe('stable');
    await expect.poll(() => kiosk.page.getByTestId('capture-weight').isEnabled()).toBe(true);
    await screenshot(kiosk.page, 'dev-03-weigh-stable');
    await kiosk.page.getByTestId('capture-weight').click();
    await kiosk.page.getByTestId('inspect-step').waitFor();
    await kiosk.page.getByTestId('inspect-submit').click();

    await kiosk.page.getByTestId('xray-step').waitFor();
    await simulator('sim-cabinet');
    await kiosk.page.getByTestId('sim-door-open').click();
    await expect.poll(() => kiosk.page.getByTestId('cabinet-door').textContent(), { timeout: 5_000 }).toContain('open');
    await kiosk.page.getByTestId('xray-request').click();
    await expect.poll(() => kiosk.page.getByTestId('xray-step').getByTestId('error-message').getAttribute('data-code')).toBe('UNAVAILABLE');
    await screenshot(kiosk.page, 'dev-04-xray-door-open-refused');

    await kiosk.page.getByTestId('sim-door-close').click();
    await expect.poll(() => kiosk.page.getByTestId('cabinet-panel').getAttribute('data-ready'), { timeout: 5_000 }).toBe('true');
    await kiosk.page.getByTestId('xray-request').click();
    await kiosk.page.getByTestId('verdict-form').waitFor({ timeout: 20_000 });
    await expect.poll(() => kiosk.page.getByTestId('xray-viewer').getAttribute('data-has-image'), { timeout: 10_000 }).toBe('true');
    const sha256 = await kiosk.page.getByTestId('xray-fingerprint').getAttribute('data-sha256');
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    const db = new Database(kiosk.station.dbPath, { readonly: true });
    const recorded = db.prepare('SELECT image_sha256 AS sha FROM xray_scans WHERE custody_id = ? ORDER BY id DESC').get(custodyId) as { sha: string };
    db.close();
    expect(recorded.sha).toBe(sha256);
    await screenshot(kiosk.page, 'dev-05-xray-image-fingerprint');
    await expectAccessible(kiosk.page, 'x-ray image');

    await kiosk.page.getByTestId('verdict-clear').check();
    await kiosk.page.getByTestId('verdict-submit').click();
    await kiosk.page.getByTestId('clear-step').waitFor();
    await kiosk.page.getByTestId('clear-submit').click();
    await kiosk.page.getByTestId('deliver-step').waitFor();
    await expect.poll(() => kiosk.page.getByTestId('label-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');

    // The label queue in the device bar lists it; a reprint is queued and marked as one.
    await kiosk.page.getByTestId('label-queue-toggle').click();
    const job = kiosk.page.locator(`[data-testid="label-job"][data-subject="${custodyId}"]`);
    await job.first().waitFor();
    await kiosk.page.getByTestId('label-panel-clearance').waitFor();
    await kiosk.page.getByTestId('label-panel-clearance').getByTestId('label-preview').waitFor();
    expect(await kiosk.page.getByTestId('label-print-clearance').getAttribute('data-reprint')).toBe('true');
    await kiosk.page.getByTestId('label-print-clearance').click();
    await expect.poll(() => kiosk.page.getByTestId('label-status').getAttribute('data-reprint')).toBe('true');
    await expect.poll(() => job.count()).toBe(2);
    await expect.poll(() => job.first().textContent()).toMatch(/reprint of job/);
    await expect.poll(() => kiosk.page.getByTestId('label-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    await screenshot(kiosk.page, 'dev-06-label-queue-reprint');
    await expectAccessible(kiosk.page, 'label queue');
    await kiosk.page.getByTestId('label-queue-toggle').click();
  });

  it('takes a wedge-scanner burst as a scan that opens the item, while slow typing in the scan field stays typing', async () => {
    await kiosk.page.getByTestId('nav-intake').click();
    const field = kiosk.page.getByTestId('scan-input');
    await field.click();
    // A person: 150 ms between keys.
    await kiosk.page.keyboard.type('RB98', { delay: 150 });
    await expect.poll(() => field.inputValue()).toBe('RB98');
    expect(await kiosk.page.getByTestId('item-workspace').count()).toBe(0);

    // A scanner: the whole code in a few milliseconds per key, then its Enter. It goes to intake
    // whole; the typed draft is left as it was.
    await typeAsScanner(kiosk.page, '9400111899223397621346');
    await expect.poll(() => kiosk.page.getByTestId('item-workspace').getAttribute('data-custody-id'), { timeout: 10_000 }).toMatch(/-/);
    await expect.poll(() => kiosk.page.getByTestId('item-workspace').textContent()).toContain('9400111899223397621346');
    await kiosk.page.getByTestId('back-to-intake').click();
    expect(await kiosk.page.getByTestId('scan-input').inputValue()).toBe('RB98');

    // A burst into another text field (the drawer's) never lands there as characters.
    await simulator('sim-scale');
    await kiosk.page.getByTestId('sim-scale-grams').fill('');
    await kiosk.page.getByTestId('sim-scale-grams').click();
    await typeAsScanner(kiosk.page, 'RB123456785GB');
    await expect.poll(() => kiosk.page.getByTestId('item-workspace').textContent(), { timeout: 10_000 }).toContain('RB123456785GB');
    expect(await kiosk.page.getByTestId('sim-scale-grams').inputValue()).toBe('');
    await screenshot(kiosk.page, 'dev-07-wedge-scan-opened');
  });

  it('takes a hardware scan on the lock screen as the badge and moves to the PIN', async () => {
    await kiosk.page.getByTestId('lock-button').click();
    await kiosk.page.getByTestId('lock-screen').waitFor();
    // The simulated scanner's own line: the bytes a real serial scanner sends, AIM prefix and CR.
    expect(scannerLine).toMatch(/Serial \S+\/station/);
    const stationEnd = /Serial (\S+)/.exec(scannerLine!)![1]!;
    writeFileSync(path.join(path.dirname(stationEnd), 'device'), `]C0${ADMIN.badge}\r`);
    await expect.poll(() => kiosk.page.getByTestId('login-badge').inputValue(), { timeout: 5_000 }).toBe(ADMIN.badge);
    await expect.poll(() => kiosk.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('login-pin');
    await screenshot(kiosk.page, 'dev-08-lock-badge-scanned');
    await expectAccessible(kiosk.page, 'lock screen with a scanned badge');

    // A wedge scanner in the browser does the same, even with the PIN field focused.
    await kiosk.page.getByTestId('login-badge').fill('');
    await kiosk.page.getByTestId('login-pin').click();
    await typeAsScanner(kiosk.page, ADMIN.badge);
    await expect.poll(() => kiosk.page.getByTestId('login-badge').inputValue()).toBe(ADMIN.badge);
    expect(await kiosk.page.getByTestId('login-pin').inputValue()).toBe('');
    await kiosk.page.keyboard.type(ADMIN.pin, { delay: 120 });
    await kiosk.page.keyboard.press('Enter');
    await kiosk.page.getByTestId('operator-name').waitFor();
    expect(kiosk.problems).toEqual([]);
  });
});

