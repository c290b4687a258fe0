import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, typeAsScanner, useKiosk } from './harness.ts';
import {
  acknowledgeStepByKeyboard,
  arrowTo,
  attributeOf,
  count,
  expectFocus,
  focused,
  focusShot,
  logInByKeyboard,
  raiseIncidentByKeyboard,
  setUpStaffThenLock,
  tabTo,
  textOf,
  typeByHand,
  valueOf,
} from './keyboard.ts';
import { COORDINATOR, SCREENER } from './people.ts';

const kiosk = useKiosk({ demo: true });

/** The second person scans their badge (their PIN field takes the focus) and types their PIN. */
async function secondPersonSigns(page: Page, fields: string, person: { badge: string; pin: string }): Promise<void> {
  if ((await focused(page)) !== `${fields}-badge`) await tabTo(page, `${fields}-badge`, { max: 40 });
  await typeAsScanner(page, person.badge);
  await expectFocus(page, `${fields}-pin`);
  expect(await valueOf(page, `${fields}-badge`)).toBe(person.badge);
  await typeByHand(page, person.pin);
}

/** The persons list: name, contact skipped, involvement by arrows, Enter adds. */
async function addPersonByKeyboard(page: Page, name: string): Promise<void> {
  await tabTo(page, 'person-name', { max: 20 });
  await typeByHand(page, name);
  await page.keyboard.press('Tab');
  await expectFocus(page, 'person-contact');
  // On to the involvement group (its chosen tile is the Tab stop), then the arrows.
  await page.keyboard.press('Tab');
  await arrowTo(page, 'person-involvement-both');
  await tabTo(page, 'person-add', { max: 2 });
  await page.keyboard.press('Enter');
  await expect.poll(() => textOf(page, 'persons-list')).toContain(name);
}

/** The call logged: the agency is already filled in by the step, the reference typed, Enter. */
async function logNotificationByKeyboard(page: Page, reference: string): Promise<void> {
  await tabTo(page, 'notification-reference', { max: 20 });
  await typeByHand(page, reference);
  await page.keyboard.press('Enter');
  await expect.poll(() => textOf(page, 'notification-log')).toContain(reference);
}

async function recordRespondersByKeyboard(page: Page): Promise<void> {
  await tabTo(page, 'responder-agency', { max: 20 });
  await typeByHand(page, 'County fire hazmat');
  await page.keyboard.press('Tab');
  await typeByHand(page, 'Unit 7, Lt. Okoye');
  await page.keyboard.press('Enter');
  await expect.poll(() => textOf(page, 'responders-list')).toContain('County fire hazmat');
}

/** The hand-over inside its protocol step: the responder, their ID checked, the seals intact, Enter. */
async function handOverByKeyboard(page: Page): Promise<void> {
  await tabTo(page, 'handover-name', { max: 20 });
  await typeByHand(page, 'Lt. Okoye');
  await page.keyboard.press('Tab');
  await typeByHand(page, 'County fire hazmat');
  await page.keyboard.press('Tab');
  await typeByHand(page, 'HZ-4471');
  await page.keyboard.press('Tab');
  // The seals recorded at quarantine are there already.
  await expectFocus(page, 'handover-seals');
  expect(await valueOf(page, 'handover-seals')).toBe('S-1001, S-1002');
  await page.keyboard.press('Tab');
  await expectFocus(page, 'handover-identity');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expectFocus(page, 'handover-seal-intact');
  await page.keyboard.press('Space');
  await focusShot(page, 'kbd-i2-handover');
  await tabTo(page, 'handover-submit', { max: 3 });
  await page.keyboard.press('Enter');
  await expect.poll(() => textOf(page, 'custody-item-state')).toBe('Handed over');
  await expectFocus(page, 'custody-heading');
}

/** The incident's section tabs sit before the protocol: Shift+Tab back to one, Enter opens it. */
async function openSection(page: Page, section: 'protocol' | 'custody' | 'close'): Promise<void> {
  await tabTo(page, `incident-section-${section}`, { back: true, max: 40 });
  await page.keyboard.press('Enter');
  expect(await attributeOf(page, `incident-section-${section}`, 'aria-pressed')).toBe('true');
}

describe('keyboard and scanner alone: custody, hand-over, outcome and the two-person close (web host, demo mode)', () => {
  it('SETUP (mouse and fill allowed here only): the admin, a coordinator, a screener, the lock screen', async () => {
    const { page, station } = kiosk;
    await setUpStaffThenLock(page, station.url, [
      { person: COORDINATOR, role: 'coordinator' },
      { person: SCREENER, role: 'screener' },
    ]);
  });

  it('a powder letter: quarantined with its seals, the protocol with its records, handed over, outcome, closed by two', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, COORDINATOR);
    await raiseIncidentByKeyboard(page, 'POWDER-LETTER-0001', 'suspiciousSubstance', 'White powder at the flap');

    // Custody: quarantine where it lies, with its seals.
    await openSection(page, 'custody');
    // The operator sees the form before typing into it.
    await expect.poll(() => attributeOf(page, 'custody-panel', 'data-item-state')).toBe('SUSPECT');
    await tabTo(page, 'quarantine-location', { max: 10 });
    await typeByHand(page, 'Screening room bench 2, covered');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'quarantine-seals');
    await typeByHand(page, 'S-1001, S-1002');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'quarantine-reason');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'custody-item-state')).toBe('Quarantined');
    // The form leaves with the move: the heading, now saying "Quarantined", holds the focus.
    await expectFocus(page, 'custody-heading');
    await focusShot(page, 'kbd-i1-quarantined');

    // Back to the protocol: the open step's title takes the focus.
    await openSection(page, 'protocol');
    await expectFocus(page, 'incident-step-title');
    // The step list is one Tab stop (the shown step); the arrow keys move along it.
    await tabTo(page, 'incident-step-item', { back: true, max: 3 });
    const shown = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.stepId);
    expect(shown).toBe(await attributeOf(page, 'incident-step', 'data-step-id'));
    await page.keyboard.press('ArrowDown');
    const below = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.stepId);
    expect(below).not.toBe(shown);
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.stepId)).toBe(shown);
    await page.keyboard.press('Shift+Tab');
    await expectFocus(page, 'incident-section-close');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'incident-step-item');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'incident-step-title');

    for (let guard = 0; guard < 40; guard++) {
      if ((await count(page, 'protocol-complete')) > 0) break;
      await expectFocus(page, 'incident-step-title');
      const stepId = await attributeOf(page, 'incident-step', 'data-step-id');
      if ((await count(page, 'person-form')) > 0) await addPersonByKeyboard(page, 'Sam Lindqvist');
      if ((await count(page, 'notification-form')) > 0) await logNotificationByKeyboard(page, `REF-${stepId}`);
      if ((await count(page, 'responders-form')) > 0) await recordRespondersByKeyboard(page);
      if ((await count(page, 'handover-form')) > 0) await handOverByKeyboard(page);
      if ((await count(page, 'step-second-badge')) > 0) await secondPersonSigns(page, 'step-second', SCREENER);
      await acknowledgeStepByKeyboard(page, stepId);
    }
    await expectFocus(page, 'H2@protocol-complete');

    // Outcome and close: "Go to outcome and closing" leaves its tab focused.
    await tabTo(page, 'go-to-close', { max: 3 });
    await page.keyboard.press('Enter');
    await expectFocus(page, 'incident-section-close');
    await page.keyboard.press('Tab');
    await arrowTo(page, 'outcome-hoax');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'outcome-lab');
    await typeByHand(page, 'State lab 24-0193: talc');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'outcome-actions');
    // A textarea takes Enter as a new line: the actions run to two lines, then Tab to save.
    await typeByHand(page, 'Brief staff on the powder protocol.');
    await page.keyboard.press('Enter');
    await typeByHand(page, 'Restock isolation bags.');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'outcome-save');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'outcome-saved')).toMatch(/Hoax/);
    await expectFocus(page, 'outcome-save');

    // The second signature must be another person's: the refusal keeps the badge, clears the PIN, keeps the focus.
    await secondPersonSigns(page, 'close-second', COORDINATOR);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.querySelector<HTMLElement>('[data-testid="close-form"] [data-testid="error-message"]')?.dataset.code ?? null)).toBe('FORBIDDEN');
    expect(await valueOf(page, 'close-second-badge')).toBe(COORDINATOR.badge);
    expect(await valueOf(page, 'close-second-pin')).toBe('');
    await focusShot(page, 'kbd-i3-close-refused');
    await expectFocus(page, 'close-second-pin');
    // Another person steps up: their badge scan replaces the refused one. A wrong PIN is their
    // refusal, said in the form; the coordinator's own session carries on (no lock screen).
    await tabTo(page, 'close-second-badge', { back: true, max: 2 });
    await secondPersonSigns(page, 'close-second', { badge: SCREENER.badge, pin: '999999' });
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'close-form')).toMatch(/not recognised/);
    expect(await count(page, 'lock-screen')).toBe(0);
    expect(await count(page, 'incident-mode')).toBe(1);
    await expectFocus(page, 'close-second-pin');
    await typeByHand(page, SCREENER.pin);
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'incident-closed')).toBe(1);
    await expectFocus(page, 'incident-exit');
    await focusShot(page, 'kbd-i4-closed');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'scan-input');
  });

  it('a threat letter: quarantined, custody transferred to the screener by badge scan, released by two', async () => {
    const { page } = kiosk;
    await raiseIncidentByKeyboard(page, 'THREAT-LETTER-0002', 'threatLetter', 'Threatening words on the envelope');
    await openSection(page, 'custody');
    await expect.poll(() => attributeOf(page, 'custody-panel', 'data-item-state')).toBe('SUSPECT');
    await tabTo(page, 'quarantine-location', { max: 10 });
    await typeByHand(page, 'Evidence locker 3');
    await page.keyboard.press('Tab');
    await typeByHand(page, 'S-2001');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'custody-item-state')).toBe('Quarantined');
    await expectFocus(page, 'custody-heading');

    // Transfer: the next custody step's choice by arrows, the receiver's badge scanned, their PIN typed.
    await tabTo(page, 'custody-move-handOver', { max: 10 });
    await arrowTo(page, 'custody-move-transfer');
    await secondPersonSigns(page, 'transfer-receiver', SCREENER);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'transfer-seals');
    expect(await valueOf(page, 'transfer-seals')).toBe('S-2001');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'transfer-seal-intact');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'transfer-reason');
    await typeByHand(page, 'Shift change: Sam keeps the locker key');
    await focusShot(page, 'kbd-i5-transfer');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'custody-panel')).toMatch(/Sam Lindqvist/);
    await expectFocus(page, 'custody-heading');

    // Release: the coordinator, with the screener as the second person.
    await tabTo(page, 'custody-move-transfer', { max: 10 });
    await arrowTo(page, 'custody-move-release');
    await tabTo(page, 'release-reason', { max: 3 });
    await typeByHand(page, 'Police: no offence, letter returned to sender');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'release-seal-intact');
    await page.keyboard.press('Space');
    await secondPersonSigns(page, 'release-second', SCREENER);
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'custody-item-state')).toBe('Released');
    await expectFocus(page, 'custody-heading');
    await focusShot(page, 'kbd-i6-released');
    await expectAccessible(page, 'incident custody');
  });

  it('locked mid-incident by keyboard, the open incident comes back after the badge and PIN', async () => {
    const { page } = kiosk;
    // Incident mode has no way out but its protocol: the lock button is the one door, and the incident waits behind it.
    await tabTo(page, 'lock-button', { back: true, max: 60 });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'lock-screen')).toBe(1);
    expect(await count(page, 'incident-mode')).toBe(0);
    await logInByKeyboard(page, COORDINATOR);
    await expect.poll(() => count(page, 'incident-mode')).toBe(1);
    await expect.poll(() => page.evaluate(() => document.getElementById('incident-title')?.textContent ?? '')).toMatch(/Threat letter/);
    // Back in it, the open step's title has the focus: the keyboard carries on where it left off.
    await expectFocus(page, 'incident-step-title');
  });

  it('left no CSP violation or page error', () => {
    expect(kiosk.problems).toEqual([]);
  });
});
