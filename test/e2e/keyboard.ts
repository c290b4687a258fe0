// Walking the kiosk with the keyboard and the scanner alone: what has focus, Tab until a target,
// type like a person (slower than a scanner burst), and log in by badge scan and PIN.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SCREENSHOTS, typeAsScanner } from './harness.ts';

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

