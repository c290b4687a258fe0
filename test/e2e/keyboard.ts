// Walking the kiosk with the keyboard and the scanner alone: what has focus, Tab until a target,
// type like a person (slower than a scanner burst), and log in by badge scan and PIN.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createOperator, SCREENSHOTS, setUpAdmin, typeAsScanner } from './harness.ts';
import { ADMIN } from './people.ts';

/**
 * What has focus, as the test names it: the element's own data-testid, else its tag and the
 * nearest ancestor's data-testid (a step heading reads `H2@weigh-step`); `BODY` when focus is lost.
 */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) return 'BODY';
    if (active instanceof HTMLElement && active.dataset.testid !== undefined) return active.dataset.testid;
    const owner = active.parentElement?.closest<HTMLElement>('[data-testid]');
    return `${active.tagName}@${owner?.dataset.testid ?? '?'}`;
  });
}

/** Focus lands on `expected` (React moves it after a render, so poll briefly). */
export async function expectFocus(page: Page, expected: string, timeout = 5_000): Promise<void> {
  await expect.poll(() => focused(page), { timeout }).toBe(expected);
}

/**
 * Tab (or Shift+Tab) until `target` has focus, as an operator would: fails if it is not reached in
 * `max` presses, or if focus falls out of the page on the way (a lost focus or a trap shows here).
 */
export async function tabTo(page: Page, target: string, { back = false, max = 60 } = {}): Promise<void> {
  const path: string[] = [];
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    path.push(now);
    if (now === target) {
      if (process.env.KBD_TRACE) console.log(`${back ? '⇧Tab' : 'Tab'} to ${target}: ${path.join(' → ')}`);
      return;
    }
    if (now === 'BODY') throw new Error(`focus fell out of the page on the way to ${target}: ${path.join(' → ')}`);
  }
  throw new Error(`${target} not reached in ${max} ${back ? 'Shift+Tab' : 'Tab'} presses: ${path.join(' → ')}`);
}

/**
 * The focused element is wholly in sight: the middle of each of its edges is the topmost thing on
 * the screen there (the middles, as rounded corners are not the element's), so it is inside the
 * viewport, not clipped by a scrolling box, not under a sticky table head.
 */
export async function expectFocusInSight(page: Page): Promise<void> {
  const hidden = () =>
    page.evaluate(() => {
      const active = document.activeElement;
      if (!(active instanceof HTMLElement) || active === document.body) return ['no focus'];
      const box = active.getBoundingClientRect();
      const [middleX, middleY] = [(box.left + box.right) / 2, (box.top + box.bottom) / 2];
      const edges = [
        ['top', middleX, box.top + 2],
        ['right', box.right - 2, middleY],
        ['bottom', middleX, box.bottom - 2],
        ['left', box.left + 2, middleY],
      ] as const;
      return edges.filter(([, x, y]) => !active.contains(document.elementFromPoint(x, y))).map(([edge]) => `${edge} edge of ${active.dataset.testid ?? active.tagName} hidden`);
    });
  await expect.poll(hidden).toEqual([]);
}

/** The viewport as the operator sees it, focus ring and all (a full-page shot would shrink the ring out of sight). */
export async function focusShot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** A person typing (80 ms or more a key in life): slow enough that the wedge reader never takes it for a scan. */
export async function typeByHand(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 60 });
  // The wedge reader holds typed keys for up to 40 ms before giving them back to the field.
  await page.waitForTimeout(100);
}

export async function valueOf(page: Page, testId: string): Promise<string | null> {
  return page.evaluate((id) => document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.value ?? null, testId);
}

export async function isChecked(page: Page, testId: string): Promise<boolean> {
  return page.evaluate((id) => document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.checked === true, testId);
}

/** The badge from the scanner, the PIN typed, Enter. */
export async function logInByKeyboard(page: Page, operator: { badge: string; pin: string }): Promise<void> {
  await expectFocus(page, 'login-badge');
  await typeAsScanner(page, operator.badge);
  // The scanned badge fills the badge field and moves on to the PIN.
  await expectFocus(page, 'login-pin');
  expect(await valueOf(page, 'login-badge')).toBe(operator.badge);
  await typeByHand(page, operator.pin);
  expect(await valueOf(page, 'login-pin')).toBe(operator.pin);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('operator-name').count()).toBe(1);
}


export async function count(page: Page, testId: string): Promise<number> {
  return page.evaluate((id) => document.querySelectorAll(`[data-testid="${id}"]`).length, testId);
}

/** An attribute read without waiting: the element may be gone (a plain getAttribute would wait out Playwright's 30 s). */
export async function attributeOf(page: Page, testId: string, name: string): Promise<string | null> {
  return page.evaluate(([id, attribute]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(attribute!) ?? null, [testId, name]);
}

/** An element's text, read without waiting ('' when it is not there). */
export async function textOf(page: Page, testId: string): Promise<string> {
  return page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testId);
}

/** The custody ID of the table row that holds the focus (null outside a row). */
export async function focusedRow(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-custody-id') ?? null);
}

/** Arrow keys through a radio group until `target` has focus, then Space chooses it, as a person would. */
export async function arrowTo(page: Page, target: string): Promise<void> {
  for (let presses = 0; presses < 12 && (await focused(page)) !== target; presses++) await page.keyboard.press('ArrowDown');
  await expectFocus(page, target);
  await page.keyboard.press('Space');
  expect(await isChecked(page, target)).toBe(true);
}

/** Details: the item type reached with the arrow keys from the first tile, Space; the recipient typed, Enter. */
export async function setDetailsByKeyboard(page: Page, type: string, recipient: string): Promise<void> {
  await expectFocus(page, 'H2@details-step');
  await page.keyboard.press('Tab');
  await expectFocus(page, 'item-type-letter');
  await arrowTo(page, `item-type-${type}`);
  await page.keyboard.press('Tab');
  await expectFocus(page, 'details-recipient');
  await typeByHand(page, recipient);
  await page.keyboard.press('Enter');
}

/** Weigh: "Enter weight by hand…", the weight, the reason, Enter. `escapeFirst`: open it, Escape, open it again. */
export async function weighByHandByKeyboard(page: Page, grams: string, reason: string, { escapeFirst = false } = {}): Promise<void> {
  await expectFocus(page, 'H2@weigh-step');
  await tabTo(page, 'manual-weight-open', { max: 3 });
  await page.keyboard.press('Enter');
  await expectFocus(page, 'manual-weight-value');
  if (escapeFirst) {
    // Escape closes the sub-form only (not the item), and the focus goes back to its button.
    await page.keyboard.press('Escape');
    await expectFocus(page, 'manual-weight-open');
    expect(await page.getByTestId('weigh-step').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expectFocus(page, 'manual-weight-value');
  }
  await typeByHand(page, grams);
  await page.keyboard.press('Tab');
  await expectFocus(page, 'manual-weight-reason');
  await typeByHand(page, reason);
  await page.keyboard.press('Enter');
}

/** Scan, details, typed weight, F2, the incident type and its reason: incident mode, its first step focused. */
export async function raiseIncidentByKeyboard(page: Page, code: string, type: string, reason: string): Promise<void> {
  await expectFocus(page, 'scan-input');
  await typeAsScanner(page, code);
  await expect.poll(() => count(page, 'item-arrival')).toBe(1);
  await setDetailsByKeyboard(page, 'letter', 'Executive office');
  await weighByHandByKeyboard(page, '35', 'Do not move a suspect item');
  await markSuspectByKeyboard(page, type, reason);
}

/** At the inspection: F2, the incident type and its reason: incident mode, its first step focused. */
export async function markSuspectByKeyboard(page: Page, type: string, reason: string): Promise<void> {
  await expectFocus(page, 'H2@inspect-step');
  await page.keyboard.press('F2');
  await expectFocus(page, 'H2@suspect-panel');
  // No indicator ticked, so no type chosen: Tab lands on the first tile, the arrow keys move to the right one.
  await page.keyboard.press('Tab');
  await expectFocus(page, 'suspect-type-possibleExplosive');
  await arrowTo(page, `suspect-type-${type}`);
  await tabTo(page, 'suspect-reason', { max: 3 });
  await typeByHand(page, reason);
  await page.keyboard.press('Enter');
  await expect.poll(() => count(page, 'incident-mode')).toBe(1);
  await expectFocus(page, 'incident-step-title');
}

/** Tab to the step's acknowledgement (saying why, for a record not made), Enter: the next step comes up (or the protocol's summary after the last). */
export async function acknowledgeStepByKeyboard(page: Page, stepId: string | null): Promise<void> {
  // A record the SOP asks for that this walk did not make: the reason is typed, or main refuses the step (issue 12, point 8).
  if ((await count(page, 'step-could-not')) > 0) {
    await tabTo(page, 'step-could-not', { max: 40 });
    await typeByHand(page, 'Not part of this walk');
  }
  await tabTo(page, 'step-acknowledge', { max: 40 });
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await count(page, 'protocol-complete')) > 0 || (await attributeOf(page, 'incident-step', 'data-step-id')) !== stepId, { timeout: 5_000 })
    .toBe(true);
}

/** X-ray skipped (where the site allows it) with a reason typed, Enter; then Clear: the deliver step comes up. */
export async function skipXrayAndClearByKeyboard(page: Page, reason: string): Promise<void> {
  await expectFocus(page, 'H2@xray-step');
  await tabTo(page, 'skip-xray-open', { max: 4 });
  await page.keyboard.press('Enter');
  await expectFocus(page, 'skip-xray-reason');
  await typeByHand(page, reason);
  await page.keyboard.press('Enter');
  await expectFocus(page, 'H2@clear-step', 10_000);
  await tabTo(page, 'clear-submit', { max: 3 });
  await page.keyboard.press('Enter');
  await expectFocus(page, 'H2@deliver-step', 10_000);
}

/** Inspection with nothing ticked: Tab to its record button, Enter. */
export async function inspectNothingByKeyboard(page: Page): Promise<void> {
  await expectFocus(page, 'H2@inspect-step');
  await tabTo(page, 'inspect-submit', { max: 20 });
  await page.keyboard.press('Enter');
}

/** Clear: Tab to its button, Enter. Deliver to a typed name, the confirmation ticked with Space, Enter: the record is closed. */
export async function clearAndDeliverByKeyboard(page: Page, recipient: string): Promise<void> {
  await expectFocus(page, 'H2@clear-step', 10_000);
  await tabTo(page, 'clear-submit', { max: 3 });
  await page.keyboard.press('Enter');
  await expectFocus(page, 'H2@deliver-step', 10_000);
  await tabTo(page, 'recipient-kind-name', { max: 8 });
  await page.keyboard.press('Tab');
  await expectFocus(page, 'recipient');
  await typeByHand(page, recipient);
  await page.keyboard.press('Tab');
  await expectFocus(page, 'deliver-confirm');
  await page.keyboard.press('Space');
  expect(await isChecked(page, 'deliver-confirm')).toBe(true);
  await page.keyboard.press('Tab');
  await expectFocus(page, 'deliver-submit');
  await page.keyboard.press('Enter');
  await expectFocus(page, 'H2@done-step');
}

/** Demo mode has an X-ray cabinet unless the machine lacks what its simulator needs. */
export async function hasXrayCabinet(page: Page): Promise<boolean> {
  return page.evaluate(() => [...document.querySelectorAll('[data-testid="device-status"]')].some((node) => /x-ray|cabinet/i.test(node.textContent ?? '')));
}

/** SETUP only (mouse): on the admin screen, record a current X-ray operator qualification for the badge. */
export async function recordXrayTraining(page: Page, badge: string): Promise<void> {
  const option = page.getByTestId('training-operator').locator('option', { hasText: badge });
  await page.getByTestId('training-operator').selectOption((await option.getAttribute('value'))!);
  await page.getByTestId('training-kind-xrayOperator').check();
  await page.getByTestId('training-submit').click();
  await expect.poll(() => page.getByTestId('operator-row').filter({ hasText: badge }).getByTestId('training-tag').count()).toBeGreaterThan(0);
}

export interface StaffMember {
  person: { badge: string; name: string; pin: string };
  role: 'screener' | 'coordinator' | 'admin';
  /** Give them a current X-ray operator qualification. */
  xray?: boolean;
}

/** SETUP only (mouse): the first-run admin, the staff (X-ray training where asked), then the lock screen the walk starts from. */
export async function setUpStaffThenLock(page: Page, url: string, staff: readonly StaffMember[]): Promise<void> {
  await setUpAdmin(page, url, ADMIN);
  if (staff.length > 0) {
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-screen').waitFor();
    for (const { person, role } of staff) await createOperator(page, person, role);
    for (const { person, xray } of staff) if (xray === true) await recordXrayTraining(page, person.badge);
  }
  await page.getByTestId('lock-button').click();
  await page.getByTestId('lock-screen').waitFor();
}
