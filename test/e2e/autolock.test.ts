import { describe, expect, it } from 'vitest';
import { expectAccessible, logIn, screenshot, setUpAdmin, useKiosk } from './harness.ts';
import { ADMIN } from './people.ts';

const kiosk = useKiosk({ demo: true });

/**
 * The real thing, no test hook: auto-lock set to its minimum (1 minute) on the admin screen, then
 * the screen is left alone. The station checks idle sessions every 5 s, so the lock comes between
 * 60 and 65 s later.
 */
describe('auto-lock after the site’s idle time, and resume', () => {
  it('locks an idle screen with the reason, and the next login reopens the item in progress', { timeout: 150_000 }, async () => {
    await setUpAdmin(kiosk.page, kiosk.station.url, ADMIN);
    await kiosk.page.getByTestId('nav-admin').click();
    await kiosk.page.getByTestId('site-autolock').fill('1');
    await kiosk.page.getByTestId('site-save').click();
    await expect.poll(() => kiosk.page.getByTestId('site-status').textContent()).toMatch(/Saved/);

    await kiosk.page.getByTestId('nav-intake').click();
    await kiosk.page.getByTestId('scan-input').fill('RB123456785GB');
    await kiosk.page.getByTestId('scan-input').press('Enter');
    const workspace = kiosk.page.getByTestId('item-workspace');
    await workspace.waitFor();
    const custodyId = await workspace.getAttribute('data-custody-id');
    await kiosk.page.getByTestId('item-type-letter').check();
    await kiosk.page.getByTestId('details-recipient').fill('Typed, not yet saved');

    // Hands off: no key, no touch, no call, until the station locks the screen.
    await kiosk.page.getByTestId('lock-screen').waitFor({ timeout: 90_000 });
    await expect.poll(() => kiosk.page.getByTestId('lock-notice').textContent()).toMatch(/Locked after 1 minute idle — your work is kept/);
    expect(await kiosk.page.getByTestId('item-workspace').count()).toBe(0);
    await screenshot(kiosk.page, 'ui-20-auto-locked');
    await expectAccessible(kiosk.page, 'auto-locked');

    await logIn(kiosk.page, ADMIN.badge, ADMIN.pin);
    await kiosk.page.getByTestId('item-workspace').waitFor();
    expect(await kiosk.page.getByTestId('item-workspace').getAttribute('data-custody-id')).toBe(custodyId);
    await expect.poll(() => kiosk.page.getByTestId('item-arrival').textContent()).toMatch(/Resumed/);
    expect(kiosk.problems).toEqual([]);
  });
});
