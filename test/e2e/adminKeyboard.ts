// The admin screens walked by keyboard: the operator list's rows, a field's own refusal, whether a
// part of the screen is in view, screenshots that check nothing scrolled sideways, the way in.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { expectFocus, focusShot, tabTo } from './keyboard.ts';

/** The operator list's row for `badge`, as its text (null when there is no such row). */
export async function rowText(page: Page, badge: string): Promise<string | null> {
  return page.evaluate((wanted) => document.querySelector(`[data-testid="operator-row"][data-badge="${wanted}"]`)?.textContent ?? null, badge);
}

/**
 * What is said about a field that a form refused: its aria-invalid and the text of its description
 * (what a screen reader reads with it, and what shows above the box), null when it is not refused.
 */
export async function problemOf(page: Page, testId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const field = document.querySelector(`[data-testid="${id}"]`);
    if (field?.getAttribute('aria-invalid') !== 'true') return null;
    const described = (field.getAttribute('aria-describedby') ?? '').split(' ').map((ref) => document.getElementById(ref)?.textContent ?? '');
    return described.join(' ');
  }, testId);
}

/** Whether the element is inside the viewport (not scrolled out of the admin screen), top and bottom. */
export async function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((css) => {
    const element = document.querySelector(css);
    if (element === null) return false;
    const box = element.getBoundingClientRect();
    const scroller = element.closest('[data-testid="admin-screen"]')?.getBoundingClientRect() ?? { top: 0, bottom: window.innerHeight };
    return box.top >= scroller.top && box.bottom <= scroller.bottom;
  }, selector);
}

/**
 * The screenshot of a key point, once the admin screen is seen whole across: nothing in it wider
 * than the screen, so the focus never scrolls it sideways and cuts off its left side.
 */
export async function shot(page: Page, name: string): Promise<void> {
  const across = await page.evaluate(() => {
    const screen = document.querySelector('[data-testid="admin-screen"]');
    return screen === null ? null : { scrollLeft: screen.scrollLeft, overflow: screen.scrollWidth - screen.clientWidth };
  });
  if (across !== null) expect(across, `${name}: the admin screen scrolled sideways`).toEqual({ scrollLeft: 0, overflow: 0 });
  await focusShot(page, name);
}

/** The select's chosen option, as the operator reads it. */
export async function selectedText(page: Page, testId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const select = document.querySelector<HTMLSelectElement>(`[data-testid="${id}"]`);
    return select?.selectedOptions[0]?.textContent ?? null;
  }, testId);
}

/**
 * Tab from where the focus is now until it leaves the admin screen, and return every control of the
 * admin screen that Tab never reached (a radio group counts as reached when one of its radios is).
 * Fails if the focus falls out of the page on the way, or never leaves the screen (a trap).
 */
export async function unreachedByTab(page: Page, max = 120): Promise<string[]> {
  // Name each control the Tab key should stop at, so each stop can be told apart (no test id needed).
  const expected = await page.evaluate(() => {
    const screen = document.querySelector('[data-testid="admin-screen"]')!;
    const controls = [...screen.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter(
      (element) => element.tabIndex >= 0 && !(element as HTMLButtonElement).disabled && element.getClientRects().length > 0,
    );
    const names: string[] = [];
    controls.forEach((element, index) => {
      const name =
        element instanceof HTMLInputElement && element.type === 'radio'
          ? `radio:${element.name}`
          : `${element.dataset.testid ?? `${element.tagName}#${index}`}:${element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? ''}`;
      element.dataset.kbdCensus = name;
      if (!names.includes(name)) names.push(name);
    });
    return names;
  });
  const reached = new Set<string>();
  const path: string[] = [];
  let entered = false;
  let left = false;
  for (let presses = 0; presses < max && !left; presses++) {
    await page.keyboard.press('Tab');
    const now = await page.evaluate(() => {
      const active = document.activeElement;
      if (active === null || active === document.body) return { where: 'BODY', census: null };
      const inside = active.closest('[data-testid="admin-screen"]') !== null;
      return { where: inside ? 'admin' : 'outside', census: (active as HTMLElement).dataset.kbdCensus ?? `unnamed ${active.tagName}` };
    });
    if (now.where === 'BODY') throw new Error(`focus fell out of the page after ${path.join(' → ')}`);
    if (now.where === 'admin') {
      entered = true;
      reached.add(now.census!);
      path.push(now.census!);
    } else left = entered;
  }
  if (process.env.KBD_TRACE) console.log(`Tab through the admin screen: ${path.join(' → ')}`);
  if (!left) throw new Error(`Tab did not leave the admin screen in ${max} presses: ${path.join(' → ')}`);
  return expected.filter((name) => !reached.has(name));
}

/** Nav to the admin screen from wherever the focus is above it: Shift+Tab to its entry, Enter. */
export async function openAdminByKeyboard(page: Page): Promise<void> {
  await tabTo(page, 'nav-admin', { back: true, max: 40 });
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('admin-screen').count()).toBe(1);
  // The nav entry stays where it was, marked as the current screen: the focus stays on it.
  await expectFocus(page, 'nav-admin');
  expect(await page.getByTestId('nav-admin').getAttribute('aria-current', { timeout: 1_000 })).toBe('page');
}

/** Back up to the header's Lock button, Enter: the lock screen waits for a badge. */
export async function lockByKeyboard(page: Page): Promise<void> {
  await tabTo(page, 'lock-button', { back: true, max: 80 });
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('lock-screen').count()).toBe(1);
  await expectFocus(page, 'login-badge');
}

/** In the training form, from its operator list: the operator chosen with ArrowDown (the list stays closed). */
export async function chooseOperatorWithArrows(page: Page, badge: string): Promise<void> {
  await expectFocus(page, 'training-operator');
  for (let presses = 0; presses < 10 && !(await selectedText(page, 'training-operator'))?.includes(badge); presses++) await page.keyboard.press('ArrowDown');
  expect(await selectedText(page, 'training-operator')).toContain(badge);
}

