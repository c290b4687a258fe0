import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, typeAsScanner, useKiosk } from './harness.ts';
import {
  attributeOf,
  clearAndDeliverByKeyboard,
  count,
  expectFocus,
  expectFocusInSight,
  focused,
  focusedRow,
  focusShot,
  hasXrayCabinet,
  inspectNothingByKeyboard,
  isChecked,
  logInByKeyboard,
  setDetailsByKeyboard,
  tabTo,
  textOf,
  typeByHand,
  weighByHandByKeyboard,
  setUpStaffThenLock,
} from './keyboard.ts';
import { SCREENER } from './people.ts';

const REVIEWER = { badge: 'SCREEN-0004', name: 'Noor Haddad', pin: '445566' };
const PARCEL = '1Z5R89390357567127';
const LETTER = 'RB123456785GB';

const kiosk = useKiosk({ demo: true });
/** The parcel's custody ID, once the station has given it one. */
let parcelId = '';
/** This demo has no X-ray cabinet (its simulator needs what the machine may lack): nothing to review. */
let noCabinet = false;

async function workspaceState(page: Page): Promise<string | null> {
  return attributeOf(page, 'item-workspace', 'data-state');
}

describe('keyboard and scanner alone: an inconclusive X-ray and its second review (web host, demo mode)', () => {
  it('SETUP (mouse and fill allowed here only): the admin, two X-ray-trained screeners, the lock screen', async () => {
    const { page, station } = kiosk;
    await setUpStaffThenLock(page, station.url, [
      { person: SCREENER, role: 'screener', xray: true },
      { person: REVIEWER, role: 'screener', xray: true },
    ]);
  });

  it('the screener X-rays a parcel and finds it inconclusive: verdict by the arrow keys, notes typed, Enter; then locks', async (context) => {
    const { page } = kiosk;
    await logInByKeyboard(page, SCREENER);
    await expectFocus(page, 'scan-input');
    // A letter first, left at the weigh step, so the queue holds more than the parcel.
    await typeAsScanner(page, LETTER);
    await expect.poll(() => count(page, 'item-arrival')).toBe(1);
    await setDetailsByKeyboard(page, 'letter', 'Legal department');
    await expectFocus(page, 'H2@weigh-step');
    await page.keyboard.press('Escape');
    await expectFocus(page, 'scan-input');

    await typeAsScanner(page, PARCEL);
    await expect.poll(() => textOf(page, 'item-arrival')).toMatch(/New item received/);
    parcelId = (await attributeOf(page, 'item-workspace', 'data-custody-id'))!;
    expect(parcelId).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    await setDetailsByKeyboard(page, 'parcel', 'Facilities');
    await weighByHandByKeyboard(page, '800', 'Parcel too large for the letter scale');
    await inspectNothingByKeyboard(page);
    await expectFocus(page, 'H2@xray-step');
    if (!(await hasXrayCabinet(page))) {
      noCabinet = true;
      context.skip();
      return;
    }
    await tabTo(page, 'xray-request', { max: 10 });
    await page.keyboard.press('Enter');
    await expect.poll(() => attributeOf(page, 'xray-viewer', 'data-has-image'), { timeout: 20_000 }).toBe('true');
    await expectFocus(page, 'H3@verdict-form');

    // The verdict: Tab lands on the first tile (none chosen yet); the arrow keys move the choice down to Inconclusive.
    await tabTo(page, 'verdict-clear', { max: 12 });
    for (let presses = 0; presses < 4 && (await focused(page)) !== 'verdict-inconclusive'; presses++) await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'verdict-inconclusive');
    expect(await isChecked(page, 'verdict-inconclusive')).toBe(true);
    // Passing over Suspect on the way asked for no threat type: that question is gone with the choice.
    expect(await count(page, 'xray-incident-type')).toBe(0);
    await tabTo(page, 'verdict-notes', { max: 4 });
    await typeByHand(page, 'Dense mass top left, cannot tell');
    await tabTo(page, 'verdict-submit', { max: 2 });
    await focusShot(page, 'kbd-r1-verdict-inconclusive');
    await page.keyboard.press('Enter');

    // Waiting for a second reviewer: what the first review said, and that this screener cannot make the second.
    await expect.poll(() => count(page, 'needs-second-reviewer')).toBe(1);
    expect(await textOf(page, 'needs-second-reviewer')).toContain('Dense mass top left, cannot tell');
    expect(await count(page, 'second-reviewer-hint')).toBe(1);
    expect(await count(page, 'second-review-form')).toBe(0);
    expect(await workspaceState(page)).toBe('INSPECTED');
    // The verdict form left with the submit button: the notice takes the focus, not the page.
    await expectFocus(page, 'H3@needs-second-reviewer');
    await focusShot(page, 'kbd-r2-needs-second-reviewer');
    await expectAccessible(page, 'X-ray waiting for a second reviewer (keyboard)');

    await tabTo(page, 'lock-button', { back: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'lock-screen')).toBe(1);
    await expectFocus(page, 'login-badge');
  });

  it('a second X-ray operator logs in by badge and PIN, reopens the parcel from the queue and by a scan, reviews it, clears and delivers it', async (context) => {
    const { page } = kiosk;
    if (noCabinet) {
      context.skip();
      return;
    }
    await logInByKeyboard(page, REVIEWER);
    // The station resumes its work in progress: the parcel, at its second review.
    await expect.poll(() => attributeOf(page, 'item-workspace', 'data-custody-id')).toBe(parcelId);
    await expect.poll(() => textOf(page, 'item-arrival')).toMatch(/Resumed/);
    await expectFocus(page, 'H2@xray-step');
    // Another X-ray operator than the first reviewer: the form, not the hint to ask someone else.
    expect(await count(page, 'second-review-form')).toBe(1);
    expect(await count(page, 'second-reviewer-hint')).toBe(0);

    // Back to intake with Escape, then down the queue to the parcel's row: Enter opens it.
    await page.keyboard.press('Escape');
    await expectFocus(page, 'scan-input');
    await expect.poll(() => count(page, 'item-row')).toBe(2);
    await tabTo(page, 'item-open', { max: 6 });
    for (let presses = 0; presses < 4 && (await focusedRow(page)) !== parcelId; presses++) await tabTo(page, 'item-open', { max: 3 });
    expect(await focusedRow(page)).toBe(parcelId);
    // The row is in sight, below the list's sticky heads, however little room the bars above leave.
    await expectFocusInSight(page);
    await focusShot(page, 'kbd-r3-queue-row');
    await page.keyboard.press('Enter');
    await expect.poll(() => attributeOf(page, 'item-workspace', 'data-custody-id')).toBe(parcelId);
    await expectFocus(page, 'H2@xray-step');

    // And once more by the parcel's own barcode, scanned from the intake field.
    await page.keyboard.press('Escape');
    await expectFocus(page, 'scan-input');
    await typeAsScanner(page, PARCEL);
    await expect.poll(() => textOf(page, 'item-arrival')).toContain(`Already open — brought up existing item ${parcelId}`);
    await expectFocus(page, 'H2@xray-step');

    // The second verdict: Tab to the first tile, the arrow keys to Suspect and back, Space on Clear.
    await tabTo(page, 'second-verdict-clear', { max: 12 });
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'second-verdict-suspect');
    expect(await isChecked(page, 'second-verdict-suspect')).toBe(true);
    await page.keyboard.press('ArrowUp');
    await expectFocus(page, 'second-verdict-clear');
    await page.keyboard.press('Space');
    expect(await isChecked(page, 'second-verdict-clear')).toBe(true);
    await focusShot(page, 'kbd-r4-second-verdict-clear');
    await tabTo(page, 'second-notes', { max: 4 });
    await typeByHand(page, 'Book binding glue; clear');
    await tabTo(page, 'second-review-submit', { max: 2 });
    await expectAccessible(page, 'X-ray second review (keyboard)');
    await page.keyboard.press('Enter');

    // On to the clear step, which says the X-ray was cleared after a second review.
    await expectFocus(page, 'H2@clear-step', 10_000);
    expect(await textOf(page, 'screening-summary')).toContain('after a second review');
    await focusShot(page, 'kbd-r5-clear-after-review');
    await clearAndDeliverByKeyboard(page, 'Jordan Reyes');
    await expect.poll(() => workspaceState(page)).toBe('DELIVERED');
  });

  it('left no CSP violation or page error', () => {
    expect(kiosk.problems).toEqual([]);
  });
});
