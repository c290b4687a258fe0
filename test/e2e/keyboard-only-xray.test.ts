import { describe, expect, it } from 'vitest';
import { createOperator, setUpAdmin, typeAsScanner, useKiosk } from './harness.ts';
import {
  attributeOf,
  clearAndDeliverByKeyboard,
  count,
  expectFocus,
  focused,
  focusShot,
  hasXrayCabinet,
  inspectNothingByKeyboard,
  isChecked,
  logInByKeyboard,
  recordXrayTraining,
  setDetailsByKeyboard,
  tabTo,
  typeByHand,
  weighByHandByKeyboard,
} from './keyboard.ts';

const ADMIN = { badge: 'ADMIN-0001', name: 'Ada Okafor', pin: '135790' };
const COORDINATOR = { badge: 'COORD-0002', name: 'Cara Mendes', pin: '246810' };
const SCREENER = { badge: 'SCREEN-0003', name: 'Sam Lindqvist', pin: '112233' };

const kiosk = useKiosk({ demo: true });

describe('keyboard and scanner alone: the X-ray and the incident (web host, demo mode)', () => {
  it('SETUP (mouse and fill allowed here only): the admin, a coordinator, an X-ray-trained screener, the lock screen', async () => {
    const { page, station } = kiosk;
    await setUpAdmin(page, station.url, ADMIN);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-screen').waitFor();
    await createOperator(page, COORDINATOR, 'coordinator');
    await createOperator(page, SCREENER, 'screener');
    await recordXrayTraining(page, SCREENER.badge);
    await page.getByTestId('lock-button').click();
    await page.getByTestId('lock-screen').waitFor();
  });

  it('X-rays a parcel: scan, type, typed weight, inspected, Request scan, the image, Clear recorded, cleared', async (context) => {
    const { page } = kiosk;
    await logInByKeyboard(page, SCREENER);
    await expectFocus(page, 'scan-input');
    await typeAsScanner(page, '1Z5R89390357567127');
    await expect.poll(() => count(page, 'item-arrival')).toBe(1);
    await setDetailsByKeyboard(page, 'parcel', 'Facilities');
    await weighByHandByKeyboard(page, '1250', 'Parcel too large for the letter scale');
    await inspectNothingByKeyboard(page);

    // X-ray: required for a parcel here, so no skip; Tab to Request scan, Enter.
    await expectFocus(page, 'H2@xray-step');
    expect(await count(page, 'skip-xray-open')).toBe(0);
    if (!(await hasXrayCabinet(page))) {
      context.skip();
      return;
    }
    await tabTo(page, 'xray-request', { max: 10 });
    await focusShot(page, 'kbd-x1-xray-request');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'verdict-form'), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => attributeOf(page, 'xray-viewer', 'data-has-image'), { timeout: 20_000 }).toBe('true');
    // The request button leaves with the scan: the verdict form's heading takes the focus.
    await expectFocus(page, 'H3@verdict-form');
    // The image itself is a Tab stop just before it (it pans and zooms with the keys), then on to the verdict.
    await tabTo(page, 'xray-canvas', { back: true, max: 10 });
    await tabTo(page, 'verdict-clear', { max: 12 });
    await page.keyboard.press('Space');
    expect(await isChecked(page, 'verdict-clear')).toBe(true);
    await focusShot(page, 'kbd-x2-verdict-clear');
    await tabTo(page, 'verdict-submit', { max: 20 });
    await page.keyboard.press('Enter');

    await clearAndDeliverByKeyboard(page, 'Jordan Reyes');

    await tabTo(page, 'lock-button', { back: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'lock-screen')).toBe(1);
    await expectFocus(page, 'login-badge');
  });

  it('a suspect letter: F2, the protocol acknowledged to the end, by keyboard', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, SCREENER);
    await expectFocus(page, 'scan-input');
    await typeAsScanner(page, 'POWDER-LETTER-0001');
    await expect.poll(() => count(page, 'item-arrival')).toBe(1);
    await setDetailsByKeyboard(page, 'letter', 'Executive office');
    await weighByHandByKeyboard(page, '35', 'Do not move a suspect item');

    await expectFocus(page, 'H2@inspect-step');
    await page.keyboard.press('F2');
    await expectFocus(page, 'H2@suspect-panel');
    // No indicator ticked, so no type chosen: Tab lands on the first tile, the arrow keys move to the right one.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'suspect-type-possibleExplosive');
    for (let presses = 0; presses < 10 && (await focused(page)) !== 'suspect-type-suspiciousSubstance'; presses++) await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'suspect-type-suspiciousSubstance');
    await page.keyboard.press('Space');
    expect(await isChecked(page, 'suspect-type-suspiciousSubstance')).toBe(true);
    await tabTo(page, 'suspect-reason', { max: 3 });
    await typeByHand(page, 'White powder at the flap');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'incident-mode')).toBe(1);

    // Every step: its title takes focus; two-person steps take a second badge and PIN; Tab to the acknowledgement, Enter.
    for (let guard = 0; guard < 40; guard++) {
      if ((await count(page, 'protocol-complete')) > 0) break;
      await expectFocus(page, 'incident-step-title');
      const stepId = await attributeOf(page, 'incident-step', 'data-step-id');
      if ((await count(page, 'step-second-badge')) > 0) {
        await tabTo(page, 'step-second-badge', { max: 40 });
        await typeByHand(page, COORDINATOR.badge);
        await page.keyboard.press('Tab');
        await expectFocus(page, 'step-second-pin');
        await typeByHand(page, COORDINATOR.pin);
      }
      await tabTo(page, 'step-acknowledge', { max: 40 });
      await page.keyboard.press('Enter');
      await expect
        .poll(async () => (await count(page, 'protocol-complete')) > 0 || (await attributeOf(page, 'incident-step', 'data-step-id')) !== stepId, { timeout: 5_000 })
        .toBe(true);
    }
    // The last acknowledgement: the summary heading takes the focus.
    await expectFocus(page, 'H2@protocol-complete');
    await focusShot(page, 'kbd-x3-protocol-complete');

    expect(kiosk.problems).toEqual([]);
  });
});
