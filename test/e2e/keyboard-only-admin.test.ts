import { describe, expect, it } from 'vitest';

import { expectAccessible, typeAsScanner, useKiosk } from './harness.ts';
import { chooseOperatorWithArrows, inView, lockByKeyboard, openAdminByKeyboard, problemOf, rowText, selectedText, shot, unreachedByTab } from './adminKeyboard.ts';
import {
  acknowledgeStepByKeyboard,
  arrowTo,
  attributeOf,
  count,
  expectFocus,
  focusShot,
  isChecked,
  logInByKeyboard,
  tabTo,
  textOf,
  typeByHand,
  valueOf,
} from './keyboard.ts';
import { ADMIN, COORDINATOR, SCREENER } from './people.ts';

describe('keyboard and scanner alone: the admin screens (web host, demo mode)', () => {
  const kiosk = useKiosk({ demo: true });

  it('first-run setup by scanner and keyboard: the admin’s badge scanned, name and PIN typed twice, Enter; then Lock', async () => {
    const { page, station } = kiosk;
    await page.goto(station.url);
    await expect.poll(() => count(page, 'setup-screen')).toBe(1);
    await expectFocus(page, 'setup-badge');
    // The badge from the scanner fills its field and moves on to the name.
    await typeAsScanner(page, ADMIN.badge);
    await expectFocus(page, 'setup-name');
    expect(await valueOf(page, 'setup-badge')).toBe(ADMIN.badge);
    await typeByHand(page, ADMIN.name);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'setup-pin');
    await typeByHand(page, ADMIN.pin);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'setup-pin-again');
    await typeByHand(page, ADMIN.pin);
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'intake-screen')).toBe(1);
    await expectFocus(page, 'scan-input');
    await lockByKeyboard(page);
  });

  it('the admin logs in and reaches Administration from the main nav; every control there is a Tab stop', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, ADMIN);
    await expectFocus(page, 'scan-input');
    await openAdminByKeyboard(page);
    expect(await textOf(page, 'admin-screen')).toContain('Administration');
    await shot(page, 'kbd-a1-admin-nav');
    // One pass of Tab from the nav to the drawer reaches every control of the screen, none skipped,
    // and the focus never falls to the page on the way.
    await expect.poll(() => page.getByTestId('sop-row').count()).toBeGreaterThan(0);
    expect(await unreachedByTab(page)).toEqual([]);
    // And back up to the nav, for the next test.
    await tabTo(page, 'nav-admin', { back: true, max: 60 });
  });

  it('adds a coordinator (a missing name sends the focus to it, nothing typed is lost) and a screener', async () => {
    const { page } = kiosk;
    await tabTo(page, 'new-operator-badge', { max: 5 });
    await typeByHand(page, COORDINATOR.badge);
    // The name is left out on purpose: Tab past it to the role.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'new-operator-name');
    await page.keyboard.press('Tab');
    // The radio group is one Tab stop, on the chosen role (screener); the arrow keys choose another.
    await expectFocus(page, 'new-operator-role-screener');
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'new-operator-role-coordinator');
    expect(await isChecked(page, 'new-operator-role-coordinator')).toBe(true);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'new-operator-pin');
    await typeByHand(page, COORDINATOR.pin);
    await page.keyboard.press('Enter');
    // Refused before it is sent: the name field says why and takes the focus; everything typed stays.
    await expectFocus(page, 'new-operator-name');
    expect(await problemOf(page, 'new-operator-name')).toBe('Enter the operator’s name');
    // Said at the field, with its label, where the operator now is (the form's foot is out of view).
    expect(await inView(page, '[data-testid="create-operator-form"] [data-testid="field-problem"]')).toBe(true);
    expect(await inView(page, '[data-testid="new-operator-name"]')).toBe(true);
    expect(await page.getByTestId('create-operator-status').textContent({ timeout: 1_000 })).toBe('');
    expect(await valueOf(page, 'new-operator-badge')).toBe(COORDINATOR.badge);
    expect(await valueOf(page, 'new-operator-pin')).toBe(COORDINATOR.pin);
    expect(await isChecked(page, 'new-operator-role-coordinator')).toBe(true);
    await shot(page, 'kbd-a2-create-operator-refused');
    await typeByHand(page, COORDINATOR.name);
    // Once the field is changed, its message goes: the operator judges it again.
    expect(await problemOf(page, 'new-operator-name')).toBeNull();
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'create-operator-status')).toBe(`${COORDINATOR.name} added as Coordinator.`);
    await expect.poll(() => rowText(page, COORDINATOR.badge)).toContain(COORDINATOR.name);
    expect(await rowText(page, COORDINATOR.badge)).toContain('Coordinator');
    // The form is empty and ready for the next operator: the focus is back on its badge field, in
    // view with the status that says who was added; the refusal is gone from the name field.
    await expectFocus(page, 'new-operator-badge');
    expect(await valueOf(page, 'new-operator-name')).toBe('');
    expect(await inView(page, '[data-testid="create-operator-status"]')).toBe(true);
    await shot(page, 'kbd-a3-operator-added');

    // The screener's badge from the scanner (it fills the badge field and moves on to the name: a
    // scan here is not mail to take in), then every field in turn, and the Add button with Enter.
    await typeAsScanner(page, SCREENER.badge);
    await expectFocus(page, 'new-operator-name');
    expect(await valueOf(page, 'new-operator-badge')).toBe(SCREENER.badge);
    expect(await count(page, 'item-workspace')).toBe(0);
    await typeByHand(page, SCREENER.name);
    await page.keyboard.press('Tab');
    // The group remembers the last role chosen; ArrowUp goes back to screener.
    await expectFocus(page, 'new-operator-role-coordinator');
    await page.keyboard.press('ArrowUp');
    await expectFocus(page, 'new-operator-role-screener');
    expect(await isChecked(page, 'new-operator-role-screener')).toBe(true);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'new-operator-pin');
    await typeByHand(page, SCREENER.pin);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'create-operator-submit');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'create-operator-status')).toBe(`${SCREENER.name} added as Screener.`);
    await expect.poll(() => rowText(page, SCREENER.badge)).toContain(SCREENER.name);
    expect(await rowText(page, SCREENER.badge)).toContain('Screener');
    await expectFocus(page, 'new-operator-badge');
  });

  it('records a training: the operator chosen in the closed list by typing, the kind with the arrow keys', async () => {
    const { page } = kiosk;
    await tabTo(page, 'training-trainer', { max: 20 });
    await typeByHand(page, 'R. Osei');
    await page.keyboard.press('Enter');
    // No operator chosen: refused before it is sent, the operator list says so and has the focus,
    // the trainer is kept.
    await expectFocus(page, 'training-operator');
    expect(await problemOf(page, 'training-operator')).toBe('Choose the operator who completed the training.');
    expect(await inView(page, '[data-testid="training-form"] [data-testid="field-problem"]')).toBe(true);
    expect(await valueOf(page, 'training-trainer')).toBe('R. Osei');
    // Typing the first letters of a name picks it, as in any list.
    await typeByHand(page, 'Sam');
    expect(await selectedText(page, 'training-operator')).toBe(`${SCREENER.name} (${SCREENER.badge})`);
    expect(await problemOf(page, 'training-operator')).toBeNull();
    await page.keyboard.press('Tab');
    await expectFocus(page, 'training-kind-xrayOperator');
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'training-kind-suspiciousMailRecognition');
    expect(await isChecked(page, 'training-kind-suspiciousMailRecognition')).toBe(true);
    await shot(page, 'kbd-a4-training-kind');
    await tabTo(page, 'training-submit', { max: 12 });
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'training-status')).toMatch(/^Suspicious mail recognition recorded until \d{4}-\d\d-\d\d\.$/);
    await expect.poll(() => rowText(page, SCREENER.badge)).toContain('Suspicious mail recognition until');
    // The kind, dates and trainer stay for the next operator; the focus is back on the operator list,
    // in view with the status.
    await expectFocus(page, 'training-operator');
    expect(await inView(page, '[data-testid="training-status"]')).toBe(true);
    expect(await isChecked(page, 'training-kind-suspiciousMailRecognition')).toBe(true);
    await shot(page, 'kbd-a5-training-recorded');
  });

  it('changes the site policy: name, risk level with the arrow keys, auto-lock (a bad value keeps the focus there), saved', async () => {
    const { page } = kiosk;
    await tabTo(page, 'site-name', { max: 20 });
    await page.keyboard.press('Control+A');
    await typeByHand(page, 'North mail room');
    await page.keyboard.press('Tab');
    // The shipped policy is medium; ArrowDown makes it high.
    await expectFocus(page, 'site-risk-medium');
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'site-risk-high');
    expect(await isChecked(page, 'site-risk-high')).toBe(true);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'site-unit-g');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'site-autolock');
    await page.keyboard.press('Control+A');
    await typeByHand(page, '0');
    await page.keyboard.press('Tab');
    // The free-space line under which the station warns (issue 10): its shipped 2 GB stays.
    await expectFocus(page, 'site-disk-warning');
    expect(await valueOf(page, 'site-disk-warning')).toBe('2');
    await page.keyboard.press('Tab');
    // The largest X-ray image the hot folder takes (issue 10): its shipped 64 MB stays.
    await expectFocus(page, 'site-image-limit');
    expect(await valueOf(page, 'site-image-limit')).toBe('64');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'site-save');
    await page.keyboard.press('Enter');
    // Refused before it is sent: the auto-lock field says why and takes the focus; the rest stays as typed.
    await expectFocus(page, 'site-autolock');
    expect(await problemOf(page, 'site-autolock')).toBe('Auto-lock is a whole number of minutes, 1 to 240.');
    expect(await isChecked(page, 'site-risk-high')).toBe(true);
    expect(await valueOf(page, 'site-name')).toBe('North mail room');
    await shot(page, 'kbd-a6-site-refused');
    await page.keyboard.press('Control+A');
    await typeByHand(page, '20');
    expect(await problemOf(page, 'site-autolock')).toBeNull();
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'site-status')).toContain('Saved.');
    await expectFocus(page, 'site-autolock');
    await shot(page, 'kbd-a7-site-saved');

    // Saved at the station, not only on screen: to Intake and back, and the form shows it again.
    await tabTo(page, 'nav-intake', { back: true, max: 40 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('admin-screen').count()).toBe(0);
    await openAdminByKeyboard(page);
    await expect.poll(() => isChecked(page, 'site-risk-high')).toBe(true);
    expect(await valueOf(page, 'site-name')).toBe('North mail room');
    expect(await valueOf(page, 'site-autolock')).toBe('20');
  });

  it('reloads the SOP files with Enter (the focus stays on the button) and reaches their list and the devices', async () => {
    const { page } = kiosk;
    await tabTo(page, 'sop-reload', { max: 40 });
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'sop-reload-status')).toMatch(/^Reloaded/);
    // The button is off while the files are read; the focus comes back to it, not to the page.
    await expectFocus(page, 'sop-reload');
    await shot(page, 'kbd-a8-sop-reloaded');
    // The protocols' list scrolls with the keyboard: it is the next Tab stop.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'DIV@sop-panel');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Incident protocols');

    // The devices: in demo mode there is nothing to change, but their list is a Tab stop, so it
    // scrolls into view, and the note says in words why nothing can be changed.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'devices-list');
    expect(await page.getByTestId('device-config').count()).toBe(4);
    expect(await page.getByTestId('device-edit').count()).toBe(0);
    expect(await page.getByTestId('devices-save').count()).toBe(0);
    const note = await page.evaluate(() => {
      const list = document.querySelector('[data-testid="devices-list"]')!;
      return document.getElementById(list.getAttribute('aria-describedby') ?? '')?.textContent ?? null;
    });
    expect(note).toContain('Demo mode: these are the simulated devices.');
    expect(note).toContain('Their settings cannot be changed here.');
    // In view now: the list's top is inside the viewport.
    expect(await page.evaluate(() => document.querySelector('[data-testid="devices-list"]')!.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    await shot(page, 'kbd-a9-devices');
    await expectAccessible(page, 'admin (keyboard)');
  });

  it('a screener locked out by wrong PINs: the admin unlocks the badge by keyboard, the focus goes to the panel heading', async () => {
    const { page } = kiosk;
    await lockByKeyboard(page);
    await typeAsScanner(page, SCREENER.badge);
    await expectFocus(page, 'login-pin');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await typeByHand(page, '999999');
      await page.keyboard.press('Enter');
      // Refused: the badge stays, the PIN is cleared and has the focus for the next try.
      await expect.poll(() => page.getByTestId('error-message').count()).toBe(1);
      await expect.poll(() => valueOf(page, 'login-pin')).toBe('');
      await expectFocus(page, 'login-pin');
    }
    // The right PIN now meets the lock.
    await typeByHand(page, SCREENER.pin);
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'error-message')).toMatch(/locked after too many wrong PINs/);

    await tabTo(page, 'login-badge', { back: true, max: 3 });
    await logInByKeyboard(page, ADMIN);
    await openAdminByKeyboard(page);
    await expect.poll(() => page.getByTestId('operator-unlock').count()).toBe(1);
    await tabTo(page, 'operator-unlock', { max: 5 });
    expect(await page.getByTestId('operator-unlock').getAttribute('aria-label', { timeout: 1_000 })).toBe(`Unlock badge of ${SCREENER.name}`);
    await shot(page, 'kbd-a10-unlock-button');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'unlock-status')).toBe(`${SCREENER.name}’s badge is unlocked: they can log in again.`);
    await expect.poll(() => page.getByTestId('operator-unlock').count()).toBe(0);
    expect(await rowText(page, SCREENER.badge)).toContain('not locked');
    // The button went with the lock; the focus is on the panel's heading, not on the page.
    await expectFocus(page, 'H2@operators-panel');
    await shot(page, 'kbd-a11-unlocked');
    // From there Tab goes on into the panel's forms.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'new-operator-badge');

    // The screener can log in again.
    await lockByKeyboard(page);
    await logInByKeyboard(page, SCREENER);
    await expectFocus(page, 'scan-input');
    // A screener has no admin entry in the nav.
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await lockByKeyboard(page);
  });

  it('the coordinator logs in and sees operators, training and SOP files (no site, no devices), and records a training', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, COORDINATOR);
    await expectFocus(page, 'scan-input');
    expect(await textOf(page, 'nav-admin')).toBe('Operators and SOP files');
    await openAdminByKeyboard(page);
    expect(await page.evaluate(() => document.querySelector('#admin-title')?.textContent)).toBe('Operators, training and SOP files');
    await expect.poll(() => page.getByTestId('sop-row').count()).toBeGreaterThan(0);
    for (const absent of ['create-operator-form', 'site-form', 'devices-panel']) expect(await page.getByTestId(absent).count(), absent).toBe(0);
    expect(await page.getByTestId('operators-panel').count()).toBe(1);
    expect(await page.getByTestId('sop-panel').count()).toBe(1);
    await shot(page, 'kbd-a12-coordinator-admin');
    expect(await unreachedByTab(page)).toEqual([]);

    // PPE for the screener, until a date typed into the date field's parts.
    await tabTo(page, 'training-operator', { back: true, max: 30 });
    await chooseOperatorWithArrows(page, SCREENER.badge);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'training-kind-xrayOperator');
    // Up from the first kind wraps round to the last.
    await page.keyboard.press('ArrowUp');
    await expectFocus(page, 'training-kind-ppe');
    expect(await isChecked(page, 'training-kind-ppe')).toBe(true);
    await tabTo(page, 'training-expires', { max: 8 });
    // Day, month and year in the order the field shows them for the browser's language (each part
    // moves on to the next when it is full).
    const parts = { day: '15', month: '06', year: '2031' } as const;
    const order = await page.evaluate(() =>
      new Intl.DateTimeFormat(navigator.language)
        .formatToParts(new Date(2031, 5, 15))
        .map((part) => part.type)
        .filter((type) => type === 'day' || type === 'month' || type === 'year'),
    );
    await typeByHand(page, order.map((part) => parts[part]).join(''));
    expect(await valueOf(page, 'training-expires')).toBe('2031-06-15');
    await tabTo(page, 'training-submit', { max: 8 });
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'training-status')).toBe('Protective equipment (PPE) recorded until 2031-06-15.');
    await expect.poll(() => rowText(page, SCREENER.badge)).toContain('Protective equipment (PPE) until 2031-06-15');
    await expectFocus(page, 'training-operator');
    await shot(page, 'kbd-a13-coordinator-training');
  });

  it('no page errors or CSP refusals on the way, and the coordinator’s admin screen passes axe', async () => {
    const { page } = kiosk;
    await expectAccessible(page, 'admin screen (coordinator, keyboard)');
    expect(kiosk.problems).toEqual([]);
  });

  it('the coordinator starts a drill from the incidents screen by keyboard: DRILL in sight, its first step focused', async () => {
    const { page } = kiosk;
    await tabTo(page, 'nav-incidents', { back: true, max: 60 });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'drill-form')).toBe(1);
    await expectFocus(page, 'nav-incidents');
    // No scenario chosen yet: Tab lands on the first tile, the arrow keys move to the one wanted.
    await tabTo(page, 'drill-scenario-possibleExplosive', { max: 20 });
    await arrowTo(page, 'drill-scenario-suspiciousSubstance');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'drill-description');
    await typeByHand(page, 'Powder letter in the post room, unannounced');
    await page.keyboard.press('Enter');
    await expect.poll(() => attributeOf(page, 'incident-mode', 'data-mode')).toBe('drill');
    await expectFocus(page, 'incident-step-title');
    expect(await textOf(page, 'incident-sections-clock')).toMatch(/^DRILL/);
    await acknowledgeStepByKeyboard(page, await attributeOf(page, 'incident-step', 'data-step-id'));
    await expectFocus(page, 'incident-step-title');
    await focusShot(page, 'kbd-a18-drill-started');
    expect(kiosk.problems).toEqual([]);
  });
});
