import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { typeAsScanner, useKiosk } from './harness.ts';
import {
  attributeOf,
  count,
  expectFocus,
  focusShot,
  inspectNothingByKeyboard,
  isChecked,
  logInByKeyboard,
  setDetailsByKeyboard,
  setUpStaffThenLock,
  skipXrayAndClearByKeyboard,
  tabTo,
  textOf,
  typeByHand,
  valueOf,
  weighByHandByKeyboard,
} from './keyboard.ts';
import { SCREENER } from './people.ts';

const kiosk = useKiosk({ demo: true });

async function isDisabled(page: Page, testId: string): Promise<boolean> {
  return page.evaluate((id) => document.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)?.disabled === true, testId);
}

/**
 * In training, the simulator drawer stands in for the operator's hands on the scale: it is worked
 * by keyboard too (its sections are native disclosures), then Shift+Tab leads back to the work.
 */
async function putOnScaleByKeyboard(page: Page, grams: string): Promise<void> {
  // The drawer starts closed: its toggle is a button the keyboard reaches and opens.
  if ((await attributeOf(page, 'simulator-toggle', 'aria-expanded')) !== 'true') {
    await tabTo(page, 'simulator-toggle', { max: 40 });
    await page.keyboard.press('Enter');
    expect(await attributeOf(page, 'simulator-toggle', 'aria-expanded')).toBe('true');
  }
  await tabTo(page, 'SUMMARY@sim-scale', { max: 40 });
  await page.keyboard.press('Enter');
  expect(await attributeOf(page, 'sim-scale', 'open')).not.toBeNull();
  await page.keyboard.press('Tab');
  await expectFocus(page, 'sim-scale-grams');
  await page.keyboard.press('Control+a');
  await typeByHand(page, grams);
  await page.keyboard.press('Enter');
}

describe('keyboard and scanner alone: the weight from the scale, delivery to a badge, a return (web host, demo mode)', () => {
  it('SETUP (mouse and fill allowed here only): the admin, a screener, the lock screen', async () => {
    const { page, station } = kiosk;
    await setUpStaffThenLock(page, station.url, [{ person: SCREENER, role: 'screener' }]);
  });

  it('capture is offered only once the scale is stable, and Enter on it records the weight', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, SCREENER);
    await expectFocus(page, 'scan-input');
    await typeAsScanner(page, '1Z5R89390357567127');
    await setDetailsByKeyboard(page, 'letter', 'Facilities');
    await expectFocus(page, 'H2@weigh-step');

    // Nothing on the scale: the capture button is off, so Tab passes it by to the manual entry.
    await expect.poll(() => attributeOf(page, 'scale-panel', 'data-condition')).toMatch(/stableAtZero|none/);
    expect(await isDisabled(page, 'capture-weight')).toBe(true);
    await tabTo(page, 'manual-weight-open', { max: 2 });

    await putOnScaleByKeyboard(page, '1250');
    await expect.poll(() => attributeOf(page, 'scale-panel', 'data-condition'), { timeout: 10_000 }).toBe('stable');
    await tabTo(page, 'capture-weight', { back: true, max: 60 });
    await focusShot(page, 'kbd-s1-capture');
    await page.keyboard.press('Enter');
    // The weight is recorded and the inspection comes up with its heading focused.
    await expectFocus(page, 'H2@inspect-step', 10_000);
    expect(await page.evaluate(() => document.querySelector('[data-testid="item-weight"]')?.textContent ?? '')).toBe('1,250 g (scale)');
    // The arrival note was for the first look; the item has moved on, so it gives its room back.
    expect(await count(page, 'item-arrival')).toBe(0);
  });

  it('delivered to a badge: the recipient’s badge from the scanner, the handing-over confirmed with Space, Enter', async () => {
    const { page } = kiosk;
    await inspectNothingByKeyboard(page);
    await skipXrayAndClearByKeyboard(page, 'Letter, site policy allows');
    // The recipient scans their staff badge at the counter: it fills in, and the confirmation is next.
    await typeAsScanner(page, 'EMP-20417');
    await expectFocus(page, 'deliver-confirm');
    expect(await isChecked(page, 'recipient-kind-badge')).toBe(true);
    expect(await valueOf(page, 'recipient')).toBe('EMP-20417');
    await page.keyboard.press('Space');
    await focusShot(page, 'kbd-s2-deliver-badge');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'deliver-submit');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'H2@done-step', 10_000);
    expect(await textOf(page, 'done-step')).toMatch(/EMP-20417/);
  });

  it('a second letter returned to the carrier instead of delivered: the return form by keyboard, Escape and back, Enter', async () => {
    const { page } = kiosk;
    // Back to intake with Escape from the finished item, then the next letter from the scanner.
    await page.keyboard.press('Escape');
    await expectFocus(page, 'scan-input');
    await typeAsScanner(page, 'RB123456785GB');
    await setDetailsByKeyboard(page, 'letter', 'Former tenant, suite 4');
    await weighByHandByKeyboard(page, '30', 'Scale in use');
    await inspectNothingByKeyboard(page);
    await skipXrayAndClearByKeyboard(page, 'Letter, site policy allows');
    await tabTo(page, 'return-open', { max: 12 });
    await page.keyboard.press('Enter');
    await expectFocus(page, 'return-reason');
    // Escape closes the return form only, and gives the focus back to what opened it.
    await page.keyboard.press('Escape');
    await expectFocus(page, 'return-open');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'return-reason');
    await typeByHand(page, 'Addressee moved out; return to sender');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'H2@done-step', 10_000);
    expect(await attributeOf(page, 'item-workspace', 'data-state')).toBe('RETURNED');
  });

  it('left no CSP violation or page error', () => {
    expect(kiosk.problems).toEqual([]);
  });
});
