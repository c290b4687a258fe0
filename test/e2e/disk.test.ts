import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, setUpAdmin, useKiosk } from './harness.ts';
import { ADMIN } from './people.ts';

const kiosk = useKiosk({ demo: false, viewport: { width: 1366, height: 768 } });

/**
 * The early warning, on a real station and a real disk: no disk has 100,000 GB free, so with the
 * site's warning line set there the data disk is low at once, and every screen says so.
 */
describe('the data folder’s disk on the screens', () => {
  it('warns in the device bar and on the admin screen when free space falls under the site’s line', { timeout: 120_000 }, async () => {
    const page = kiosk.page;
    await setUpAdmin(page, kiosk.station.url, ADMIN);
    expect(await page.getByTestId('disk-chip').count()).toBe(0);
    await page.getByTestId('nav-admin').click();
    await expect.poll(() => page.getByTestId('disk-panel').getAttribute('data-state')).toBe('ok');

    await page.getByTestId('site-disk-warning').fill('0');
    await page.getByTestId('site-save').click();
    await expect.poll(() => page.getByTestId('site-disk-warning').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('site-disk-warning').fill('100000');
    await page.getByTestId('site-save').click();
    await expect.poll(() => page.getByTestId('site-status').textContent()).toMatch(/Saved/);

    const chip = page.getByTestId('disk-chip');
    await chip.waitFor();
    expect(await chip.getAttribute('data-state')).toBe('low');
    expect(await chip.textContent()).toMatch(/Disk space low: [\d.]+ (GB|MB) free/);
    await expect.poll(() => page.getByTestId('disk-panel').getAttribute('data-state')).toBe('low');
    expect(await page.getByTestId('disk-free').textContent()).toMatch(/free of .* the station warns under 100,000 GB/);
    await screenshot(page, 'ui-disk-low-admin');

    await page.getByTestId('nav-intake').click();
    await page.getByTestId('intake-screen').waitFor();
    await screenshot(page, 'ui-disk-low-intake');
    await expectAccessible(page, 'intake with the disk low');
    // Low is a warning only: intake goes on.
    await page.getByTestId('scan-input').fill('RB123456785GB');
    await page.getByTestId('scan-input').press('Enter');
    await page.getByTestId('item-workspace').waitFor();
    expect(kiosk.problems).toEqual([]);
  });
});
