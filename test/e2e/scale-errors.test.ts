// Issue 12, point 17, at a 1366×768 kiosk: when the MT-SICS scale answers with an error or a
// refusal instead of a weight (EL, ES, S I), the device bar and the weigh step say what it means
// and what to do, never the bare code. The demo drawer stands in for a scale that misbehaves.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { openSimulator, screenshot, SCREENSHOTS, typeAsScanner, useKiosk } from './harness.ts';
import { attributeOf, expectFocus, logInByKeyboard, setDetailsByKeyboard, setUpStaffThenLock, textOf } from './keyboard.ts';
import { SCREENER } from './people.ts';

const kiosk = useKiosk({ demo: true, viewport: { width: 1366, height: 768 } });

const scaleInBar = (page: Page) => page.locator('[data-testid="device-status"][data-device-id="scale-sim"]');

/** The drawer's "The scale answers" choice: the simulator answers every weight request with it. */
async function scaleAnswers(page: Page, answer: string): Promise<void> {
  await openSimulator(page);
  const details = page.getByTestId('sim-scale');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await page.getByTestId('sim-scale-answer').selectOption(answer);
}

describe('MT-SICS errors and refusals in words, at the weigh step and in the device bar (web host, demo mode)', () => {
  it('SETUP (mouse allowed here only): the admin, a screener, the lock screen', async () => {
    await setUpStaffThenLock(kiosk.page, kiosk.station.url, [{ person: SCREENER, role: 'screener' }]);
  });

  it('the screener reaches the weigh step by scanner and keyboard', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, SCREENER);
    await expectFocus(page, 'scan-input');
    await typeAsScanner(page, '1Z5R89390357567127');
    await setDetailsByKeyboard(page, 'parcel', 'Facilities');
    await expectFocus(page, 'H2@weigh-step');
    await expect.poll(() => scaleInBar(page).getAttribute('data-health'), { timeout: 15_000 }).toBe('online');
  });

  it('EL: "logical error: the scale cannot execute the command", with what to do, where the operator looks', async () => {
    const { page } = kiosk;
    await scaleAnswers(page, 'EL');
    await expect.poll(() => scaleInBar(page).getAttribute('data-health'), { timeout: 15_000 }).toBe('fault');
    expect(await scaleInBar(page).textContent()).toMatch(/EL — logical error: the scale cannot execute the command; check that the scale is not in its menu/);
    await expect.poll(() => attributeOf(page, 'scale-device-status', 'data-health'), { timeout: 10_000 }).toBe('fault');
    const words = await textOf(page, 'scale-device-status');
    expect(words).toMatch(/^Scale fault — the scale answered EL — logical error: the scale cannot execute the command/);
    expect(words).toMatch(/Enter the weight by hand with a reason meanwhile/);
    // What the scale showed before it stopped is not a reading now, and nothing can be captured from it.
    expect(await textOf(page, 'scale-condition')).toMatch(/^(No weight from the scale|No recent reading) — /);
    expect(await page.getByTestId('capture-weight').isDisabled()).toBe(true);
    // What the operator sees at the panel (the full-page one below lays the page out taller).
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scale-03-el-logical-error-viewport.png') });
    await screenshot(page, 'scale-03-el-logical-error');
  });

  it('ES: "syntax error: the scale did not recognise the command"', async () => {
    const { page } = kiosk;
    await scaleAnswers(page, 'ES');
    await expect.poll(() => textOf(page, 'scale-device-status'), { timeout: 10_000 }).toMatch(/the scale answered ES — syntax error: the scale did not recognise the command.*set to MT-SICS/);
    expect(await scaleInBar(page).textContent()).toMatch(/ES — syntax error/);
  });

  it('S I: online, "command understood but not executable now: the scale is busy", and to wait', async () => {
    const { page } = kiosk;
    await scaleAnswers(page, 'S I');
    await expect.poll(() => attributeOf(page, 'scale-device-status', 'data-health'), { timeout: 10_000 }).toBe('online');
    expect(await textOf(page, 'scale-device-status')).toMatch(/^Scale — the scale answered S I — command understood but not executable now: the scale is busy.*; wait/);
    expect(await scaleInBar(page).getAttribute('data-health')).toBe('online');
    await screenshot(page, 'scale-04-s-i-busy');
  });

  it('weights again: the words go, and the scale reads as before', async () => {
    const { page } = kiosk;
    await scaleAnswers(page, '');
    await expect.poll(() => page.getByTestId('scale-device-status').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => attributeOf(page, 'scale-panel', 'data-condition'), { timeout: 10_000 }).toMatch(/stableAtZero/);
  });

  it('left no CSP violation or page error', () => {
    expect(kiosk.problems).toEqual([]);
  });
});
