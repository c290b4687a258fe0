import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, typeAsScanner, useKiosk } from './harness.ts';
import { expectFocus, focused, focusShot, isChecked, logInByKeyboard, setDetailsByKeyboard, setUpStaffThenLock, tabTo, typeByHand, weighByHandByKeyboard } from './keyboard.ts';
import { SCREENER } from './people.ts';

const kiosk = useKiosk({ demo: true });

/** Each indicator group of the inspection, in order: its first, second and last box (test ids). */
async function firstIndicatorOfEachGroup(page: Page): Promise<Array<{ id: string; first: string; second: string; last: string }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid^="indicator-group-"]')].map((group) => {
      const boxes = [...group.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].map((box) => box.dataset.testid ?? '?');
      return { id: group.dataset.testid ?? '?', first: boxes[0] ?? '?', second: boxes[1] ?? boxes[0] ?? '?', last: boxes.at(-1) ?? '?' };
    }),
  );
}

async function workspaceState(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('[data-testid="item-workspace"]')?.getAttribute('data-state') ?? null);
}

describe('keyboard and scanner alone: no mouse, no fill (web host, demo mode)', () => {
  it('SETUP (mouse and fill allowed here only): the admin, a screener, then the lock screen', async () => {
    const { page, station } = kiosk;
    await setUpStaffThenLock(page, station.url, [{ person: SCREENER, role: 'screener' }]);
  });

  it('logs in: the badge from the scanner, the PIN typed, Enter', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, SCREENER);
    // The intake field is ready for the next scan.
    await expectFocus(page, 'scan-input');
    await focusShot(page, 'kbd-01-intake-focus');
  });

  it('clears and delivers a letter: details, typed weight, no indicator, X-ray skipped, clear, deliver, lock', async () => {
    const { page } = kiosk;
    await typeAsScanner(page, 'RB123456785GB');
    await expect.poll(() => page.getByTestId('item-arrival').count()).toBe(1);
    await expect.poll(() => page.getByTestId('item-arrival').textContent({ timeout: 1_000 })).toMatch(/New item received/);

    await setDetailsByKeyboard(page, 'letter', 'Legal department');
    await weighByHandByKeyboard(page, '20', 'Scale out of order', { escapeFirst: true });

    // Inspect: nothing seen. Each indicator group is one Tab stop; the arrow keys move within it.
    await expectFocus(page, 'H2@inspect-step');
    const groups = await firstIndicatorOfEachGroup(page);
    expect(groups.length).toBeGreaterThan(1);
    await page.keyboard.press('Tab');
    await expectFocus(page, groups[0]!.first);
    await focusShot(page, 'kbd-02-inspect-first-indicator');
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, groups[0]!.second);
    await page.keyboard.press('ArrowUp');
    await expectFocus(page, groups[0]!.first);
    // Up from the first box wraps round to the group's last; Home goes back to the first.
    await page.keyboard.press('ArrowUp');
    await expectFocus(page, groups[0]!.last);
    await page.keyboard.press('Home');
    await expectFocus(page, groups[0]!.first);
    // Moving ticks nothing.
    expect(await isChecked(page, groups[0]!.first)).toBe(false);
    expect(await isChecked(page, groups[0]!.second)).toBe(false);
    // The group remembers where the operator was: Tab out to the next group and Shift+Tab back.
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, groups[0]!.second);
    await page.keyboard.press('Tab');
    await expectFocus(page, groups[1]!.first);
    await page.keyboard.press('Shift+Tab');
    await expectFocus(page, groups[0]!.second);
    // One Tab per group, then the notes, then the record button: every stop checked.
    for (const group of groups.slice(1)) {
      await page.keyboard.press('Tab');
      await expectFocus(page, group.first);
    }
    await page.keyboard.press('Tab');
    await expectFocus(page, 'inspect-notes');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'inspect-submit');
    expect(await page.getByTestId('inspect-submit').textContent({ timeout: 1_000 })).toBe('Record inspection: no indicators');
    await page.keyboard.press('Enter');

    // X-ray: optional for a letter here; skip it with a reason.
    await expectFocus(page, 'H2@xray-step');
    await tabTo(page, 'skip-xray-open', { max: 4 });
    await page.keyboard.press('Enter');
    await expectFocus(page, 'skip-xray-reason');
    // Its Cancel, pressed with Space, gives the focus back to the button that opened it.
    await tabTo(page, 'skip-xray-cancel', { max: 2 });
    await page.keyboard.press('Space');
    await expectFocus(page, 'skip-xray-open');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'skip-xray-reason');
    await typeByHand(page, 'Low-risk letter, site policy allows');
    await focusShot(page, 'kbd-03-skip-xray-reason');
    await page.keyboard.press('Enter');

    // Clear: the first thing after the summary is the clear button.
    await expectFocus(page, 'H2@clear-step');
    await tabTo(page, 'clear-submit', { max: 3 });
    await focusShot(page, 'kbd-04-clear-button');
    await page.keyboard.press('Enter');

    // Deliver to a typed name, with the confirmation ticked by Space.
    await expectFocus(page, 'H2@deliver-step');
    await tabTo(page, 'recipient-kind-name', { max: 8 });
    await page.keyboard.press('Tab');
    await expectFocus(page, 'recipient');
    await typeByHand(page, 'Jordan Reyes');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'deliver-confirm');
    await page.keyboard.press('Space');
    expect(await isChecked(page, 'deliver-confirm')).toBe(true);
    await focusShot(page, 'kbd-05-deliver-confirm');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'deliver-submit');
    await page.keyboard.press('Enter');

    await expectFocus(page, 'H2@done-step');
    await expect.poll(() => workspaceState(page)).toBe('DELIVERED');
    expect(await page.getByTestId('done-step').textContent({ timeout: 1_000 })).toContain('Jordan Reyes');

    // Lock: back up to the header's Lock button, Enter; the lock screen waits for a badge.
    await tabTo(page, 'lock-button', { back: true });
    await focusShot(page, 'kbd-06-lock-button');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('lock-screen').count()).toBe(1);
    await expectFocus(page, 'login-badge');
  });

  it('raises a suspect item: scan, tick an indicator, SUSPECT, the incident type, the first protocol steps', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, SCREENER);
    await expectFocus(page, 'scan-input');
    await typeAsScanner(page, 'POWDER-LETTER-0001');
    await expect.poll(() => page.getByTestId('item-arrival').count()).toBe(1);
    await setDetailsByKeyboard(page, 'letter', 'Executive office');
    await weighByHandByKeyboard(page, '35', 'Do not move a suspect item');

    // Tick the powder indicator with Space: Tab group by group to the substance group, arrow down to it.
    await expectFocus(page, 'H2@inspect-step');
    const groups = await firstIndicatorOfEachGroup(page);
    const substance = groups.findIndex((group) => group.id === 'indicator-group-substance');
    expect(substance).toBeGreaterThan(0);
    await tabTo(page, 'indicator-P84-06', { max: substance + 1 });
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'indicator-P84-09');
    await page.keyboard.press('Space');
    expect(await isChecked(page, 'indicator-P84-09')).toBe(true);
    expect(await isChecked(page, 'indicator-P84-06')).toBe(false);
    await expectFocus(page, 'indicator-P84-09');
    await focusShot(page, 'kbd-07-indicator-ticked');

    // SUSPECT has its key, shown on the button, and it works from a text field too: F2 from the notes.
    const suspectButton = page.getByTestId('suspect-button');
    expect(await suspectButton.getAttribute('aria-keyshortcuts', { timeout: 1_000 })).toBe('F2');
    expect(await suspectButton.textContent({ timeout: 1_000 })).toContain('F2');
    await tabTo(page, 'inspect-notes', { max: groups.length - substance });
    await page.keyboard.press('F2');
    await expectFocus(page, 'H2@suspect-panel');
    // Escape backs out to the inspection as it was, the focus on SUSPECT; Enter on it reopens the panel.
    await page.keyboard.press('Escape');
    await expectFocus(page, 'suspect-button');
    expect(await isChecked(page, 'indicator-P84-09')).toBe(true);
    await page.keyboard.press('Enter');
    await expectFocus(page, 'H2@suspect-panel');
    // F2 again, and Escape: back on SUSPECT; F2 from there opens it once more.
    await page.keyboard.press('Escape');
    await expectFocus(page, 'suspect-button');
    await page.keyboard.press('F2');
    await expectFocus(page, 'H2@suspect-panel');
    // The ticked indicator's hint pre-selected the protocol; Tab lands on the chosen tile.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'suspect-type-suspiciousSubstance');
    // The arrow keys move the choice, and back.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(page)).not.toBe('suspect-type-suspiciousSubstance');
    await page.keyboard.press('ArrowUp');
    await expectFocus(page, 'suspect-type-suspiciousSubstance');
    expect(await isChecked(page, 'suspect-type-suspiciousSubstance')).toBe(true);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'suspect-reason');
    await typeByHand(page, 'White powder at the flap');
    await focusShot(page, 'kbd-08-suspect-reason');
    await expectAccessible(page, 'suspect (keyboard)');
    await page.keyboard.press('Enter');

    // Incident mode: each step's title takes focus; Tab to its acknowledgement, Enter, the next comes up.
    await expect.poll(() => page.getByTestId('incident-mode').count()).toBe(1);
    for (let n = 0; n < 3; n++) {
      await expectFocus(page, 'incident-step-title');
      const stepId = await page.getByTestId('incident-step').getAttribute('data-step-id', { timeout: 2_000 });
      await tabTo(page, 'step-acknowledge', { max: 6 });
      if (n === 0) await focusShot(page, 'kbd-09-incident-acknowledge');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('incident-step').getAttribute('data-step-id', { timeout: 1_000 })).not.toBe(stepId);
    }
    await expectFocus(page, 'incident-step-title');
    expect(await page.getByTestId('incident-elapsed').textContent({ timeout: 1_000 })).toMatch(/3 of \d+ steps/);
    await focusShot(page, 'kbd-10-incident-next-step');
    expect(kiosk.problems).toEqual([]);
  });
});
