import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { createOperator, expectAccessible, logIn, setUpAdmin, typeAsScanner, useKiosk } from './harness.ts';
import {
  attributeOf,
  count,
  expectFocus,
  expectFocusInSight,
  focused,
  focusedRow,
  focusShot,
  isChecked,
  logInByKeyboard,
  setDetailsByKeyboard,
  tabTo,
  textOf,
  typeByHand,
} from './keyboard.ts';
import { ADMIN, SCREENER } from './people.ts';

const LETTER = 'RB123456785GB';
const PARCEL = '1Z5R89390357567127';

const kiosk = useKiosk({ demo: true, acceptDownloads: true });
// The test machine is shared and busy: a list or a status may take more than expect.poll's 1 s
// default to show after a key press. Waiting longer changes nothing that is asserted.
vi.setConfig({ expect: { poll: { timeout: 10_000 } } });
const ids = { letter: '', parcel: '' };

/** The custody IDs of the rows (search results, holds) carrying `testId`, in order. */
async function rowIds(page: Page, testId: string, attribute = 'data-custody-id'): Promise<Array<string | null>> {
  return page.evaluate(([id, name]) => [...document.querySelectorAll(`[data-testid="${id}"]`)].map((row) => row.getAttribute(name!)), [testId, attribute]);
}

/**
 * What another screen of the station does when an item is brought up on it: its own link to the
 * station (the page's WebSocket, `hello` with the start's token), a login, and the item's code as
 * scanned (an open item's code brings that item up). Run in `page` for its origin; returns the
 * item's custody ID. Logging in there locks every other screen, `page` included.
 */
async function bringUpOnAnotherScreen(page: Page, url: string, who: { badge: string; pin: string }, code: string): Promise<string> {
  const token = new URLSearchParams(new URL(url).hash.slice(1)).get('token');
  if (token === null) throw new Error(`the station's address has no token: ${url}`);
  return page.evaluate(
    async ({ token, badge, pin, code }) => {
      const socket = new WebSocket(`ws://${location.host}/station`);
      const received: Array<{ type: string; id?: number; result?: { ok: boolean; value?: unknown; error?: unknown } }> = [];
      let wake = () => {};
      socket.addEventListener('message', (event) => {
        received.push(JSON.parse(String(event.data)));
        wake();
      });
      const next = async (wanted: (message: (typeof received)[number]) => boolean) => {
        for (;;) {
          const at = received.findIndex(wanted);
          if (at >= 0) return received.splice(at, 1)[0]!;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      };
      let calls = 0;
      const call = async (command: string, args: unknown) => {
        const id = ++calls;
        socket.send(JSON.stringify({ type: 'call', id, command, args }));
        const { result } = await next((message) => message.type === 'result' && message.id === id);
        if (!result?.ok) throw new Error(`${command}: ${JSON.stringify(result?.error)}`);
        return result.value;
      };
      await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
      socket.send(JSON.stringify({ type: 'hello', token }));
      await next((message) => message.type === 'ready');
      await call('session.login', { badge, pin });
      const { item } = (await call('intake.scan', { code })) as { item: { custodyId: string } };
      socket.close();
      return item.custodyId;
    },
    { token, badge: who.badge, pin: who.pin, code },
  );
}

/** A custody ID as typed off a label in a hurry: lower case, no hyphens. */
const typedLoosely = (custodyId: string) => custodyId.replaceAll('-', '').toLowerCase();

/** From wherever the focus is in the page, back up to a main-nav entry and press Enter on it. */
async function goByNav(page: Page, target: 'intake' | 'records' | 'incidents' | 'dashboard', screen: string): Promise<void> {
  await tabTo(page, `nav-${target}`, { back: true, max: 80 });
  await page.keyboard.press('Enter');
  await expect.poll(() => count(page, screen)).toBe(1);
  // The entry keeps the focus: the screen is the next Tab away.
  await expectFocus(page, `nav-${target}`);
}

describe('keyboard alone: records, history, legal holds, reports, the dashboard and the incidents (web host, demo mode)', () => {
  it('SETUP (mouse and fill allowed here only): the admin, a screener with 25 items and a powder letter that is an open incident, a letter at intake, the lock screen', async () => {
    const { page, station, browser } = kiosk;
    await setUpAdmin(page, station.url, ADMIN);
    await page.getByTestId('nav-admin').click();
    await createOperator(page, SCREENER, 'screener');
    // The screener works on another screen of the station: their login there locks this one (one
    // operator at a time), as the admin's login here will lock theirs.
    const other = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await other.goto(station.url);
    await logIn(other, SCREENER.badge, SCREENER.pin);
    await page.getByTestId('lock-screen').waitFor();
    // More items than one page of search results; a scan on an item's screen takes in the next one.
    for (let n = 1; n <= 25; n++) {
      const code = `BULK-${String(n).padStart(2, '0')}`;
      await typeAsScanner(other, code);
      await other.locator('.tracking-inline', { hasText: code }).waitFor();
    }
    await other.getByTestId('nav-intake').click();
    await other.getByTestId('scan-input').fill('POWDER-LETTER-0001');
    await other.getByTestId('scan-input').press('Enter');
    await other.getByTestId('details-step').waitFor();
    await other.getByTestId('item-type-letter').check();
    await other.getByTestId('details-recipient').fill('Executive office');
    await other.getByTestId('details-submit').click();
    await other.getByTestId('suspect-button').click();
    await other.getByTestId('suspect-type-suspiciousSubstance').check();
    await other.getByTestId('suspect-reason').fill('White powder at the flap');
    await other.getByTestId('suspect-submit').click();
    await other.getByTestId('incident-mode').waitFor();
    // The open incident is now the station's work in progress, and every login would resume it into
    // incident mode, which no screen leaves while the incident is open. The screener brings up another
    // of their items through the station's own link, as a screen does, so the station's work moves on.
    expect(await bringUpOnAnotherScreen(other, station.url, SCREENER, 'BULK-25')).toMatch(/^[A-Z0-9-]+$/);
    await other.close();
    // The admin logs back in here (that item resumes), and the letter becomes the station's work in
    // progress, resumed at the next login.
    await logIn(page, ADMIN.badge, ADMIN.pin);
    await expect.poll(() => textOf(page, 'item-arrival')).toMatch(/Resumed/);
    expect(await count(page, 'incident-mode')).toBe(0);
    await page.getByTestId('nav-intake').click();
    await page.getByTestId('scan-input').fill(LETTER);
    await page.getByTestId('scan-input').press('Enter');
    await page.getByTestId('details-step').waitFor();
    await page.getByTestId('lock-button').click();
    await page.getByTestId('lock-screen').waitFor();
  });

  it('logs in; the letter resumes and gets its details; a parcel is scanned in; Escape back to intake', async () => {
    const { page } = kiosk;
    await logInByKeyboard(page, ADMIN);
    await expect.poll(() => textOf(page, 'item-arrival')).toMatch(/Resumed/);
    ids.letter = (await attributeOf(page, 'item-workspace', 'data-custody-id'))!;
    await setDetailsByKeyboard(page, 'letter', 'Priya Natarajan, Legal department');
    await expectFocus(page, 'H2@weigh-step');
    await page.keyboard.press('Escape');
    await expectFocus(page, 'scan-input');
    await typeAsScanner(page, PARCEL);
    await expect.poll(() => textOf(page, 'item-arrival')).toMatch(/New item received/);
    ids.parcel = (await attributeOf(page, 'item-workspace', 'data-custody-id'))!;
    await setDetailsByKeyboard(page, 'parcel', 'Facilities, loading dock');
    await expectFocus(page, 'H2@weigh-step');
    await page.keyboard.press('Escape');
    await expectFocus(page, 'scan-input');
    expect(ids.parcel).not.toBe(ids.letter);
  });

  it('Records: a loosely typed custody ID, Enter; Tab to the result row; Enter on its History; the timeline; Escape', async () => {
    const { page } = kiosk;
    await goByNav(page, 'records', 'records-screen');
    await tabTo(page, 'search-query', { max: 8 });
    await typeByHand(page, typedLoosely(ids.letter));
    await page.keyboard.press('Enter');
    await expect.poll(() => rowIds(page, 'search-row')).toEqual([ids.letter]);
    // The search keeps the query and the focus in its field, for the next one.
    await expectFocus(page, 'search-query');
    await tabTo(page, 'search-open', { max: 8 });
    await page.keyboard.press('Tab');
    await expectFocus(page, 'search-history');
    // At the row's end, and still wholly in sight.
    await expectFocusInSight(page);
    await focusShot(page, 'kbd-c1-search-history');
    await expectAccessible(page, 'records search (keyboard)');
    await page.keyboard.press('Enter');

    await expect.poll(() => count(page, 'item-history')).toBe(1);
    await expectFocus(page, 'history-back');
    await expect.poll(() => count(page, 'timeline-entry')).toBeGreaterThan(1);
    // The letter's own history: its details, typed by keyboard above, by the admin.
    expect(await textOf(page, 'timeline')).toContain('Priya Natarajan, Legal department');
    expect(await textOf(page, 'timeline')).toContain(ADMIN.name);
    await focusShot(page, 'kbd-c2-history');
    await expectAccessible(page, 'item history (keyboard)');
    // Escape leaves the history for the item's own screen, its step heading focused.
    await page.keyboard.press('Escape');
    await expect.poll(() => attributeOf(page, 'item-workspace', 'data-custody-id')).toBe(ids.letter);
    await expectFocus(page, 'H2@weigh-step');
  });

  it('Records: every item, a page at a time; Show more by Enter, the first row it brings takes the focus', async () => {
    const { page } = kiosk;
    await goByNav(page, 'records', 'records-screen');
    await tabTo(page, 'search-submit', { max: 10 });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'search-row')).toBe(25);
    expect(await textOf(page, 'search-count')).toContain('more below');
    // Past the 25 rows (two stops each) to the button under them.
    await tabTo(page, 'search-more', { max: 60 });
    await page.keyboard.press('Enter');
    // The letter, the parcel, the powder letter and 25 more: 28, and no more to show.
    await expect.poll(() => count(page, 'search-row')).toBe(28);
    expect(await count(page, 'search-more')).toBe(0);
    const firstNew = (await rowIds(page, 'search-row'))[25];
    await expectFocus(page, 'search-open');
    expect(await focusedRow(page)).toBe(firstNew);
    await expectFocusInSight(page);
  });

  it('Legal holds: one placed and released, another placed, the release form left with Escape; all by keyboard', async () => {
    const { page } = kiosk;
    await goByNav(page, 'records', 'records-screen');
    await tabTo(page, 'records-section-holds', { max: 8 });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'legal-holds-empty')).toBe(1);
    for (const custodyId of [ids.letter, ids.parcel]) {
      // "An item" is chosen already: Tab goes through it to the custody ID.
      await tabTo(page, 'legal-hold-subject-item', { max: 6 });
      expect(await isChecked(page, 'legal-hold-subject-item')).toBe(true);
      await tabTo(page, 'legal-hold-custody-id', { max: 2 });
      await typeByHand(page, typedLoosely(custodyId));
      await page.keyboard.press('Tab');
      await expectFocus(page, 'legal-hold-reason-input');
      await typeByHand(page, 'Court order 2026-117');
      await page.keyboard.press('Tab');
      await expectFocus(page, 'legal-hold-place');
      await page.keyboard.press('Enter');
      await expect.poll(() => rowIds(page, 'legal-hold', 'data-subject')).toContain(custodyId);
      expect(await textOf(page, 'legal-hold-status')).toContain(custodyId);
      // The form empties for the next hold; the focus stays on its button.
      await expectFocus(page, 'legal-hold-place');
      expect(await page.evaluate(() => document.querySelector<HTMLInputElement>('[data-testid="legal-hold-custody-id"]')?.value)).toBe('');
      if (custodyId !== ids.letter) break;

      // Release the letter's hold: back up to its Release button, a reason, Enter.
      await tabTo(page, 'legal-hold-release', { back: true, max: 8 });
      await page.keyboard.press('Enter');
      await expectFocus(page, 'legal-hold-release-reason');
      await typeByHand(page, 'Case settled');
      await page.keyboard.press('Enter');
      await expect.poll(() => count(page, 'legal-hold')).toBe(0);
      expect(await textOf(page, 'legal-hold-status')).toContain(`Hold released on item ${ids.letter}`);
      // The hold's row left with the focused form: the list's heading takes the focus.
      await expectFocus(page, 'H2@legal-holds');
    }
    await expect.poll(() => rowIds(page, 'legal-hold', 'data-subject')).toEqual([ids.parcel]);
    expect(await textOf(page, 'legal-hold')).toContain(`Placed by ${ADMIN.name}`);
    // Release… opens its form; Escape closes it and gives the focus back to Release…, the hold kept.
    await tabTo(page, 'legal-hold-release', { back: true, max: 8 });
    await page.keyboard.press('Enter');
    await expectFocus(page, 'legal-hold-release-reason');
    await page.keyboard.press('Escape');
    await expectFocus(page, 'legal-hold-release');
    expect(await count(page, 'records-screen')).toBe(1);
    // Its "Keep it" button does the same.
    await page.keyboard.press('Enter');
    await tabTo(page, 'legal-hold-release-cancel', { max: 3 });
    await page.keyboard.press('Enter');
    await expectFocus(page, 'legal-hold-release');
    expect(await rowIds(page, 'legal-hold', 'data-subject')).toEqual([ids.parcel]);
    await focusShot(page, 'kbd-c3-legal-hold');
    await expectAccessible(page, 'legal holds (keyboard)');
  });

  it('Reports: the daily log as CSV by the arrow keys and Enter, downloaded; retention: the purge preview by Enter', async () => {
    const { page } = kiosk;
    await tabTo(page, 'records-section-reports', { back: true, max: 20 });
    await page.keyboard.press('Enter');
    await tabTo(page, 'daily-log-format-pdf', { max: 8 });
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'daily-log-format-csv');
    expect(await isChecked(page, 'daily-log-format-csv')).toBe(true);
    // Demo records are in the training log, chosen already on a demo station.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'daily-log-mode-training');
    expect(await isChecked(page, 'daily-log-mode-training')).toBe(true);
    await page.keyboard.press('Tab');
    await expectFocus(page, 'daily-log-download');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^daily-log-\d{4}-\d{2}-\d{2}-training\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain(ids.letter);
    expect(csv).toContain(ids.parcel);
    await expect.poll(() => count(page, 'daily-log-status-recorded')).toBe(1);
    // The button has the focus back once the file is made; the link to save it again is the next stop.
    await expectFocus(page, 'daily-log-download');
    await page.keyboard.press('Tab');
    await expectFocus(page, 'daily-log-status-link');
    await expectFocusInSight(page);
    await focusShot(page, 'kbd-c4-daily-log-saved');
    await expectAccessible(page, 'reports (keyboard)');

    await tabTo(page, 'records-section-retention', { back: true, max: 20 });
    await page.keyboard.press('Enter');
    await tabTo(page, 'purge-preview-run', { max: 20 });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'purge-preview-result')).toBe(1);
    await expectFocus(page, 'purge-preview-run');
  });

  it('the dashboard: the period by the arrow keys; the figures table', async () => {
    const { page } = kiosk;
    await goByNav(page, 'dashboard', 'dashboard-screen');
    await expect.poll(() => attributeOf(page, 'dashboard-screen', 'data-loaded'), { timeout: 10_000 }).toMatch(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/);
    await tabTo(page, 'period-last7', { max: 4 });
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'period-last30');
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-testid="table-items-row"]').length)).toBe(30);
    // Each chart's figures table opens from its summary with Enter.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('SUMMARY@chart-items');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.querySelector<HTMLDetailsElement>('[data-testid="chart-items"] details')?.open)).toBe(true);
    await focusShot(page, 'kbd-c5-dashboard');
  });

  it('Incidents: Tab to the open incident’s row, Enter takes it into incident mode', async () => {
    const { page } = kiosk;
    await goByNav(page, 'incidents', 'incidents-screen');
    await expect.poll(() => count(page, 'incident-row')).toBe(1);
    await tabTo(page, 'incident-open', { max: 4 });
    await expectFocusInSight(page);
    expect(await textOf(page, 'incident-row')).toMatch(/Open/);
    await focusShot(page, 'kbd-c6-incident-row');
    await expectAccessible(page, 'incidents (keyboard)');
    // The row's report, at its far end: in sight when reached, made with Enter.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'incident-list-report');
    await expectFocusInSight(page);
    const [report] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.keyboard.press('Enter')]);
    expect(report.suggestedFilename()).toMatch(/\.pdf$/);
    await expect.poll(() => count(page, 'incident-list-report-status-recorded')).toBe(1);
    await expectFocus(page, 'incident-list-report');
    await focusShot(page, 'kbd-c7-incident-report');
    await page.keyboard.press('Shift+Tab');
    await expectFocus(page, 'incident-open');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'incident-mode')).toBe(1);
    await expectFocus(page, 'incident-step-title');
    expect(kiosk.problems).toEqual([]);
  });
});
