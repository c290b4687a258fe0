import { describe, expect, it } from 'vitest';
import { typeAsScanner, useKiosk } from './harness.ts';
import {
  acknowledgeStepByKeyboard,
  attributeOf,
  clearAndDeliverByKeyboard,
  count,
  expectFocus,
  focusShot,
  hasXrayCabinet,
  inspectNothingByKeyboard,
  isChecked,
  logInByKeyboard,
  raiseIncidentByKeyboard,
  setDetailsByKeyboard,
  setUpStaffThenLock,
  tabTo,
  typeByHand,
  weighByHandByKeyboard,
} from './keyboard.ts';
import { COORDINATOR, SCREENER } from './people.ts';

const kiosk = useKiosk({ demo: true });

describe('keyboard and scanner alone: the X-ray and the incident (web host, demo mode)', () => {
  it('SETUP (mouse and fill allowed here only): the admin, a coordinator, an X-ray-trained screener, the lock screen', async () => {
    const { page, station } = kiosk;
    await setUpStaffThenLock(page, station.url, [
      { person: COORDINATOR, role: 'coordinator' },
      { person: SCREENER, role: 'screener', xray: true },
    ]);
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
    await raiseIncidentByKeyboard(page, 'POWDER-LETTER-0001', 'suspiciousSubstance', 'White powder at the flap');

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
      await acknowledgeStepByKeyboard(page, stepId);
    }
    // The last acknowledgement: the summary heading takes the focus.
    await expectFocus(page, 'H2@protocol-complete');
    await focusShot(page, 'kbd-x3-protocol-complete');

    expect(kiosk.problems).toEqual([]);
  });
});
