// Issue 12, points 9 and 12, walked at a 1366×768 kiosk by keyboard and scanner: the admin tries a
// badge that already exists (said as whose it is), resets a screener's PIN, deactivates a
// coordinator, is refused demoting themself as the last admin; the deactivated coordinator is told
// their badge is not active; the screener's login on the reset PIN asks for a new one before
// anything opens; every operator changes their own PIN from the lock screen.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { lockByKeyboard, openAdminByKeyboard, rowText, selectedText, shot } from './adminKeyboard.ts';
import { expectAccessible, typeAsScanner, useKiosk } from './harness.ts';
import { expectFocus, focusShot, logInByKeyboard, setUpStaffThenLock, tabTo, textOf, typeByHand, valueOf } from './keyboard.ts';
import { ADMIN, COORDINATOR, SCREENER } from './people.ts';

const RESET_PIN = '428613';
const SCREENER_OWN_PIN = '907531';
const SCREENER_NEXT_PIN = '563902';

/** In the "Change an operator" form: the operator chosen in its closed list with ArrowDown (`back`: from a field below it). */
async function chooseToManage(page: Page, badge: string, { back = false } = {}): Promise<void> {
  await tabTo(page, 'manage-operator', { max: back ? 10 : 60, back });
  // The list is in name order: up to its top, then down to the operator.
  for (let presses = 0; presses < 10 && !(await selectedText(page, 'manage-operator'))?.includes(badge); presses++) await page.keyboard.press('ArrowUp');
  for (let presses = 0; presses < 10 && !(await selectedText(page, 'manage-operator'))?.includes(badge); presses++) await page.keyboard.press('ArrowDown');
  expect(await selectedText(page, 'manage-operator')).toContain(badge);
}

/**
 * The element is inside the admin screen's visible strip, to the pixel: the screen starts at a
 * fractional offset under the bars, so a box scrolled flush to its foot may overhang by a fraction
 * of a pixel, which nobody sees (adminKeyboard's inView counts that as out of view).
 */
async function inSight(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((css) => {
    const box = document.querySelector(css)?.getBoundingClientRect();
    const strip = document.querySelector('[data-testid="admin-screen"]')?.getBoundingClientRect();
    return box !== undefined && strip !== undefined && box.top >= strip.top - 1 && box.bottom <= strip.bottom + 1;
  }, selector);
}

/** The element is wholly inside the browser's viewport (a screen with no scroller of its own). */
async function inViewport(page: Page, testId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const box = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
    return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
  }, testId);
}

/** The badge scanned at the lock screen, the PIN typed, Enter: without waiting for the main screen (a refusal or a new PIN may come instead). */
async function tryLogIn(page: Page, badge: string, pin: string): Promise<void> {
  await expectFocus(page, 'login-badge');
  await typeAsScanner(page, badge);
  await expectFocus(page, 'login-pin');
  await typeByHand(page, pin);
  await page.keyboard.press('Enter');
}

/** The new PIN twice by keyboard, Enter. */
async function typeNewPinTwice(page: Page, first: string, second = first): Promise<void> {
  await expectFocus(page, 'new-pin');
  await typeByHand(page, first);
  await page.keyboard.press('Tab');
  await expectFocus(page, 'new-pin-again');
  await typeByHand(page, second);
  await page.keyboard.press('Enter');
}

describe('operators managed by the admin, walked by keyboard and scanner at 1366×768 (web host, demo mode)', () => {
  const kiosk = useKiosk({ demo: true, viewport: { width: 1366, height: 768 } });

  it('a badge that already exists is said as whose it is, not as "someone else changed this"', async () => {
    const { page, station } = kiosk;
    await setUpStaffThenLock(page, station.url, [
      { person: COORDINATOR, role: 'coordinator' },
      { person: SCREENER, role: 'screener' },
    ]);
    await logInByKeyboard(page, ADMIN);
    await openAdminByKeyboard(page);
    await tabTo(page, 'new-operator-badge', { max: 5 });
    // The screener's badge, scanned again for a newcomer by mistake.
    await typeAsScanner(page, SCREENER.badge);
    await expectFocus(page, 'new-operator-name');
    await typeByHand(page, 'Noor Haddad');
    await tabTo(page, 'new-operator-pin', { max: 3 });
    await typeByHand(page, '318264');
    await page.keyboard.press('Enter');
    const error = '[data-testid="create-operator-form"] [data-testid="error-message"]';
    await expect.poll(() => page.locator(error).count()).toBe(1);
    const said = await page.locator(error).textContent();
    expect(said).toContain(`Badge ${SCREENER.badge} already belongs to ${SCREENER.name}.`);
    expect(said).toContain('Scan or type the new operator’s own badge.');
    expect(said).not.toContain('Someone else changed this at the same moment');
    // Nothing typed is lost, and the error is in view next to the button that sent it.
    expect(await valueOf(page, 'new-operator-name')).toBe('Noor Haddad');
    await expect.poll(() => inSight(page, error)).toBe(true);
    await shot(page, 'operators-1-duplicate-badge');
  });

  it('the admin resets the screener’s PIN, deactivates the coordinator, and cannot demote the last admin', async () => {
    const { page } = kiosk;
    await chooseToManage(page, SCREENER.badge);
    await tabTo(page, 'manage-pin', { max: 8 });
    await typeByHand(page, RESET_PIN);
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'manage-operator-status')).toBe(`${SCREENER.name}’s PIN is reset. Give it to them in person: they choose their own at their next login.`);
    await expect.poll(() => rowText(page, SCREENER.badge)).toContain('New PIN at next login');
    expect(await valueOf(page, 'manage-pin')).toBe('');
    // What was done is said in view, where the admin is.
    await expect.poll(() => inSight(page, '[data-testid="manage-operator-status"]')).toBe(true);
    await shot(page, 'operators-2-pin-reset');

    await chooseToManage(page, COORDINATOR.badge, { back: true });
    await tabTo(page, 'manage-active', { max: 8 });
    expect(await textOf(page, 'manage-active')).toBe('Deactivate');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'manage-operator-status')).toBe(
      `${COORDINATOR.name} is deactivated: they can no longer log in or sign, and any screen they were logged in on is locked.`,
    );
    await expect.poll(() => rowText(page, COORDINATOR.badge)).toContain('Not active');
    await expect.poll(() => inSight(page, '[data-testid="manage-operator-status"]')).toBe(true);
    // The same button now offers the way back.
    await expect.poll(() => textOf(page, 'manage-active')).toBe('Reactivate');
    await shot(page, 'operators-3-deactivated');

    // The admin is the only active admin left: stepping down is refused, in words that say what to do.
    await chooseToManage(page, ADMIN.badge, { back: true });
    await page.keyboard.press('Tab');
    await expectFocus(page, 'manage-role-admin');
    await page.keyboard.press('ArrowUp');
    await expectFocus(page, 'manage-role-coordinator');
    await tabTo(page, 'manage-role-submit', { max: 3 });
    await page.keyboard.press('Enter');
    const error = '[data-testid="manage-operator-form"] [data-testid="error-message"]';
    await expect.poll(() => page.locator(error).count()).toBe(1);
    expect(await page.locator(error).textContent()).toContain(
      `${ADMIN.name} is the last active admin at this station, so making them a coordinator would leave nobody to manage it. Make another operator an admin first.`,
    );
    await expect.poll(() => inSight(page, error)).toBe(true);
    expect(await rowText(page, ADMIN.badge)).toContain('Admin');
    await shot(page, 'operators-4-last-admin');
    await expectAccessible(page, 'operators panel with the change form');
    await lockByKeyboard(page);
  });

  it('the deactivated coordinator is told the badge is not active; the screener must choose a new PIN before anything opens', async () => {
    const { page } = kiosk;
    await tryLogIn(page, COORDINATOR.badge, COORDINATOR.pin);
    await expect.poll(() => textOf(page, 'error-message')).toContain('This badge is not active at this station. Ask the site admin.');
    expect(await page.getByTestId('operator-name').count()).toBe(0);
    await focusShot(page, 'operators-5-not-active');
    await tabTo(page, 'login-badge', { back: true, max: 3 });

    // The screener's old PIN no longer works: the reset one does, and leads to a new PIN first.
    await tryLogIn(page, SCREENER.badge, RESET_PIN);
    await expect.poll(() => page.getByTestId('new-pin-screen').count()).toBe(1);
    expect(await textOf(page, 'new-pin-lead')).toContain(`${SCREENER.name}, your PIN was set by an admin.`);
    expect(await page.getByTestId('operator-name').count()).toBe(0);
    await focusShot(page, 'operators-6-new-pin-asked');
    // A PIN the rule refuses is refused here, before it is sent; the fields empty for another try.
    await typeNewPinTwice(page, '1234');
    await expect.poll(() => textOf(page, 'error-message')).toContain('counts up or down');
    await expectFocus(page, 'new-pin');
    // Two different PINs are refused too.
    await typeNewPinTwice(page, SCREENER_OWN_PIN, '907532');
    await expect.poll(() => textOf(page, 'error-message')).toContain('The two new PINs are different.');
    // At 1366×768 the refusal and the Save button are both in view.
    for (const what of ['error-message', 'new-pin-submit']) expect(await inViewport(page, what), what).toBe(true);
    await focusShot(page, 'operators-7-new-pin-refused');
    await expectAccessible(page, 'new PIN screen');
    // Main refuses every other command meanwhile: nothing of the station shows.
    expect(await page.getByTestId('intake-screen').count()).toBe(0);
    await typeNewPinTwice(page, SCREENER_OWN_PIN);
    await expect.poll(() => page.getByTestId('operator-name').count()).toBe(1);
    expect(await textOf(page, 'operator-name')).toBe(SCREENER.name);
    await expectFocus(page, 'scan-input');
    await lockByKeyboard(page);
  });

  it('any operator changes their own PIN at the lock screen: badge, current PIN, Change my PIN, the new one twice', async () => {
    const { page } = kiosk;
    await expectFocus(page, 'login-badge');
    await typeAsScanner(page, SCREENER.badge);
    await expectFocus(page, 'login-pin');
    await typeByHand(page, SCREENER_OWN_PIN);
    await tabTo(page, 'login-change-pin', { max: 3 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('new-pin-screen').count()).toBe(1);
    expect(await page.getByTestId('new-pin-screen').getAttribute('data-required')).toBe('false');
    await focusShot(page, 'operators-8-change-my-pin');
    await typeNewPinTwice(page, SCREENER_NEXT_PIN);
    await expect.poll(() => page.getByTestId('operator-name').count()).toBe(1);
    await lockByKeyboard(page);
    // The old PIN is gone; the new one logs in at once.
    await tryLogIn(page, SCREENER.badge, SCREENER_OWN_PIN);
    await expect.poll(() => textOf(page, 'error-message')).toContain('Badge or PIN not recognised');
    await tabTo(page, 'login-badge', { back: true, max: 3 });
    await logInByKeyboard(page, { badge: SCREENER.badge, pin: SCREENER_NEXT_PIN });
    await lockByKeyboard(page);
  });

  it('the admin reactivates the coordinator, who logs in again with their own PIN', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, ADMIN);
    await openAdminByKeyboard(page);
    await chooseToManage(page, COORDINATOR.badge);
    await tabTo(page, 'manage-active', { max: 8 });
    expect(await textOf(page, 'manage-active')).toBe('Reactivate');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'manage-operator-status')).toBe(`${COORDINATOR.name} is active again: they can log in with their PIN.`);
    await expect.poll(() => rowText(page, COORDINATOR.badge)).not.toContain('Not active');
    await lockByKeyboard(page);
    await logInByKeyboard(page, COORDINATOR);
    expect(await textOf(page, 'operator-name')).toBe(COORDINATOR.name);
    expect(kiosk.problems).toEqual([]);
  });
});
