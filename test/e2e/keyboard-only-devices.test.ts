import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, useKiosk } from './harness.ts';
import { inView, openAdminByKeyboard, shot } from './adminKeyboard.ts';
import { expectFocus, logInByKeyboard, setUpStaffThenLock, tabTo, textOf, typeByHand, valueOf } from './keyboard.ts';
import { ADMIN } from './people.ts';

/** A device form's field: select all it holds and type the new text by hand. */
async function retype(page: Page, testId: string, text: string): Promise<void> {
  await expectFocus(page, testId);
  await page.keyboard.press('Control+A');
  await typeByHand(page, text);
  expect(await valueOf(page, testId)).toBe(text);
}

// Demo mode shows its simulated devices and offers nothing to change: the device forms are only on a
// station with real devices, here a live one with none configured yet.
describe('keyboard alone: the device settings of a live station (web host, no devices yet)', () => {
  const kiosk = useKiosk({ demo: false });

  it('SETUP (mouse and fill allowed here only): the first-run admin, then the lock screen', async () => {
    const { page, station } = kiosk;
    await setUpStaffThenLock(page, station.url, []);
  });

  it('adds a serial scanner: Add opens the form on its first field, Escape gives the focus back, Enter keeps it', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, ADMIN);
    await openAdminByKeyboard(page);
    await expect.poll(() => page.getByTestId('devices-panel').getAttribute('data-simulated', { timeout: 1_000 })).toBe('false');
    await tabTo(page, 'device-add-serialScanners', { max: 60 });
    await page.keyboard.press('Enter');
    // The Add buttons go while a form is open: the focus goes into the form, not to the page.
    await expectFocus(page, 'device-field-id');
    expect(await page.getByTestId('device-add-serialScanners').count()).toBe(0);
    // Escape closes the form only, and the focus goes back to the button that opened it.
    await page.keyboard.press('Escape');
    await expectFocus(page, 'device-add-serialScanners');
    expect(await page.getByTestId('device-form').count()).toBe(0);
    expect(await page.getByTestId('admin-screen').count()).toBe(1);

    await page.keyboard.press('Enter');
    await retype(page, 'device-field-id', 'scanner-intake');
    await page.keyboard.press('Tab');
    await retype(page, 'device-field-name', 'Intake scanner');
    await page.keyboard.press('Tab');
    await retype(page, 'device-field-path', '/dev/ttyMS-NONE0');
    // Find port… opens the list of connected ports and closes it again; the focus stays on it.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'device-find-port');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('port-picker').count()).toBe(1);
    expect(await page.getByTestId('device-find-port').getAttribute('aria-expanded', { timeout: 1_000 })).toBe('true');
    await expectFocus(page, 'device-find-port');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('port-picker').count()).toBe(0);
    await expectFocus(page, 'device-find-port');
    await shot(page, 'kbd-a14-device-form');
    // Enter in a field keeps the settings: the form goes, and the focus goes to the kept device's Edit.
    await page.keyboard.press('Shift+Tab');
    await expectFocus(page, 'device-field-path');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('device-form').count()).toBe(0);
    await expectFocus(page, 'device-edit');
    expect(await textOf(page, 'device-config-address')).toBe('Serial /dev/ttyMS-NONE0');
    expect(await page.getByTestId('devices-save').isEnabled({ timeout: 1_000 })).toBe(true);
  });

  it('a bad baud rate keeps the form and what was typed; Escape drops the edit, the focus back on Edit', async () => {
    const { page } = kiosk;
    await page.keyboard.press('Enter');
    await expectFocus(page, 'device-field-id');
    expect(await valueOf(page, 'device-field-id')).toBe('scanner-intake');
    await tabTo(page, 'device-field-baudRate', { max: 6 });
    await typeByHand(page, 'fast');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'device-form-problems')).toBe('Baud rate: a whole number.');
    await expectFocus(page, 'device-field-baudRate');
    expect(await valueOf(page, 'device-field-baudRate')).toBe('fast');
    await shot(page, 'kbd-a15-device-form-problem');
    await page.keyboard.press('Escape');
    await expectFocus(page, 'device-edit');
    expect(await textOf(page, 'device-config-address')).toBe('Serial /dev/ttyMS-NONE0');
  });

  it('saves the configuration (the focus goes to the heading by its status), then removes and discards', async () => {
    const { page } = kiosk;
    await tabTo(page, 'devices-save', { max: 20 });
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'devices-status')).toBe('Saved. The devices restart with the new settings; watch the device bar.');
    // Save is off once saved, and would have dropped the focus to the page: it is on the heading.
    await expectFocus(page, 'H2@devices-panel');
    expect(await page.getByTestId('devices-save').isDisabled({ timeout: 1_000 })).toBe(true);
    expect(await inView(page, '[data-testid="devices-status"]')).toBe(true);
    await shot(page, 'kbd-a16-devices-saved');

    // Remove: the device's buttons go with it; the focus goes to its class's Add button.
    await tabTo(page, 'device-remove', { max: 6 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('device-config').count()).toBe(0);
    await expectFocus(page, 'device-add-serialScanners');
    // Discard: the button goes with the changes; the focus goes to the heading, by the status.
    await tabTo(page, 'devices-discard', { max: 20 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('device-config').count()).toBe(1);
    await expectFocus(page, 'H2@devices-panel');
    expect(await textOf(page, 'devices-status')).toBe('Changes discarded: the devices keep their saved settings.');
    expect(await page.getByTestId('devices-discard').count()).toBe(0);
    await shot(page, 'kbd-a17-devices-discarded');
  });

  it('no page errors or CSP refusals on the way, and the admin screen with its device forms passes axe', async () => {
    const { page } = kiosk;
    await expectAccessible(page, 'admin screen, live devices (keyboard)');
    expect(kiosk.problems).toEqual([]);
  });
});
