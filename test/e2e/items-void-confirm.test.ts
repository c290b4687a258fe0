import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createOperator, expectAccessible, logIn, openSimulator, screenshot, SCREENSHOTS, setUpAdmin, typeAsScanner, useKiosk, walkLetterToDeliver } from './harness.ts';
import { expectFocus, tabTo, typeByHand } from './keyboard.ts';
import { ADMIN, SCREENER } from './people.ts';

// Issue 12, point 5, walked at a 1366×768 kiosk panel as an operator does it, with the keyboard, a
// keyboard-wedge scanner and the demo drawer's serial scanner.
const kiosk = useKiosk({ demo: true, viewport: { width: 1366, height: 768 }, acceptDownloads: true });

const MISREAD_UPS = '1Z5R89390357567123'; // 1Z5R89390357567127 with its last digit misread
const UNICODE_CODE = '東京-📦-Zoë';
const RECIPIENT = 'Zoë Ångström 東京 📦';

function dbRows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(kiosk.station.dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const itemsWithCode = (code: string) => dbRows<{ custody_id: string; state: string }>('SELECT custody_id, state FROM items WHERE scanned_code = ? ORDER BY rowid', code);

/**
 * The element is seen at the 1366×768 panel: inside the viewport, whole, and neither clipped by its
 * scroller nor covered (what the browser finds at its top and bottom edges is the element itself).
 */
async function expectInView(page: Page, testId: string): Promise<void> {
  const element = page.getByTestId(testId).first();
  const box = await element.boundingBox();
  expect(box, testId).not.toBeNull();
  expect(box!.y, `${testId} top`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${testId} bottom`).toBeLessThanOrEqual(768);
  const seen = await element.evaluate((node) => {
    const rect = node.getBoundingClientRect();
    const x = rect.left + Math.min(24, rect.width / 2);
    return [rect.top + 2, rect.bottom - 2].every((y) => {
      const hit = document.elementFromPoint(x, y);
      return hit !== null && (node === hit || node.contains(hit));
    });
  });
  expect(seen, `${testId} is clipped or covered`).toBe(true);
}

async function question(page: Page): Promise<string> {
  await page.getByTestId('intake-question').waitFor({ timeout: 10_000 });
  return (await page.getByTestId('intake-question-text').textContent()) ?? '';
}

async function openedItem(page: Page): Promise<string> {
  const workspace = page.getByTestId('item-workspace');
  await workspace.waitFor({ timeout: 10_000 });
  await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  return (await workspace.getAttribute('data-custody-id'))!;
}

describe('items taken in by mistake, misread numbers, closed numbers and non-ASCII text, at 1366×768', () => {
  it('sets up the admin, who adds a screener; the screener logs in', async () => {
    await setUpAdmin(kiosk.page, kiosk.station.url, ADMIN);
    await kiosk.page.getByTestId('nav-admin').click();
    await createOperator(kiosk.page, SCREENER, 'screener');
    await kiosk.page.getByTestId('lock-button').click();
    await logIn(kiosk.page, SCREENER.badge, SCREENER.pin);
    await kiosk.page.getByTestId('intake-screen').waitFor();
  });

  it('a typed UPS number with a wrong check digit says so; Rescan takes nothing in; the serial scanner\'s rescan is asked again and taken in as typed by Enter', async () => {
    const page = kiosk.page;
    await page.getByTestId('scan-input').fill(MISREAD_UPS);
    await page.getByTestId('scan-input').press('Enter');
    expect(await question(page)).toBe('UPS check digit should be 7 — rescan, or take it in as typed');
    await expectFocus(page, 'intake-question-yes');
    await expectInView(page, 'intake-question-yes');
    await expectInView(page, 'intake-question-no');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'items-01-check-digit-question-viewport.png') });
    await screenshot(page, 'items-01-check-digit-question');
    await expectAccessible(page, 'check-digit question');
    // Rescan: nothing is recorded, the field is ready for the next scan.
    await page.keyboard.press('Tab');
    await expectFocus(page, 'intake-question-no');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('intake-question').count()).toBe(0);
    await expectFocus(page, 'scan-input');
    expect(itemsWithCode(MISREAD_UPS)).toEqual([]);

    // Rescanned on the demo drawer's serial scanner: the station asks the screen the same question.
    await openSimulator(page);
    await page.getByTestId('simulate-scan-input').fill(MISREAD_UPS);
    await page.getByTestId('simulate-scan-send').click();
    expect(await question(page)).toBe('UPS check digit should be 7 — rescan, or take it in as typed');
    await expectFocus(page, 'intake-question-yes');
    await page.keyboard.press('Enter');
    await openedItem(page);
    await expect.poll(() => page.getByTestId('item-arrival').textContent()).toMatch(/New item received/);
    expect(itemsWithCode(MISREAD_UPS)).toHaveLength(1);
  });

  it('the screener voids it from the keyboard with a reason: the error and the action in view, the record kept, out of the work queue, in history and records', async () => {
    const page = kiosk.page;
    const custodyId = await openedItem(page);
    // The item's second-rank actions sit beside the step, before it: Shift+Tab from the step's heading.
    await tabTo(page, 'void-open', { back: true, max: 20 });
    await page.keyboard.press('Enter');
    await page.getByTestId('void-form').waitFor();
    await expectFocus(page, 'void-reason');
    // No reason: refused on screen, in view, nothing recorded.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('void-form').getByTestId('error-message').textContent()).toMatch(/Say why this item is voided/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'items-02-void-form-error-viewport.png') });
    await expectInView(page, 'void-submit');
    await expectInView(page, 'error-message');
    await screenshot(page, 'items-02-void-form-error');
    await expectAccessible(page, 'void form');
    await typeByHand(page, 'Misread label, scanned again correctly');
    await page.keyboard.press('Enter');
    await page.getByTestId('done-step').waitFor();
    await expect.poll(() => page.getByTestId('workspace-state').textContent()).toBe('Voided');
    expect(await page.getByTestId('done-step').textContent()).toContain('Voided — Misread label, scanned again correctly');
    await screenshot(page, 'items-03-voided');
    expect(dbRows('SELECT state FROM items WHERE custody_id = ?', custodyId)).toEqual([{ state: 'VOIDED' }]);
    expect(dbRows("SELECT kind FROM audit_events WHERE subject_id = ? AND kind = 'item.voided'", custodyId)).toEqual([{ kind: 'item.voided' }]);

    await page.getByTestId('open-history').click();
    await page.getByTestId('item-history').waitFor();
    expect(await page.getByTestId('timeline').textContent()).toContain('Voided (taken in by mistake): Misread label, scanned again correctly');
    await page.keyboard.press('Escape');
    await page.getByTestId('item-workspace').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('intake-screen').waitFor();
    await page.getByTestId('item-list').or(page.getByTestId('item-list-empty')).first().waitFor();
    expect(await page.locator(`[data-testid="item-row"][data-custody-id="${custodyId}"]`).count()).toBe(0);

    await page.getByTestId('nav-records').click();
    await page.getByTestId('search-panel').waitFor();
    await page.locator('details.search-more > summary').click();
    await page.getByTestId('search-state-VOIDED').check();
    await page.getByTestId('search-submit').click();
    await expect.poll(() => page.getByTestId('search-row').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-custody-id')} ${row.getAttribute('data-state')}`))).toEqual([`${custodyId} VOIDED`]);
    await screenshot(page, 'items-04-records-voided');
  });

  it('a delivered item’s number, scanned again on the demo drawer’s serial scanner, asks "a new item with the same number?": cancel takes nothing, confirm takes a new one', async () => {
    const page = kiosk.page;
    await page.getByTestId('nav-intake').click();
    await page.getByTestId('scan-input').fill('RB123456785GB');
    await page.getByTestId('scan-input').press('Enter');
    const delivered = await openedItem(page);
    await walkLetterToDeliver(page, RECIPIENT, 'Scale busy with a parcel');
    await page.getByTestId('recipient').fill('Zoë Ångström');
    await page.getByTestId('deliver-confirm').check();
    await page.getByTestId('deliver-submit').click();
    await page.getByTestId('done-step').waitFor();
    expect(await page.getByTestId('done-step').textContent()).toContain('Delivered to Zoë Ångström');

    await page.getByTestId('done-back').click();
    await page.getByTestId('intake-screen').waitFor();
    await openSimulator(page);
    await page.getByTestId('simulate-scan-input').fill('RB123456785GB');
    await page.getByTestId('simulate-scan-send').click();
    expect(await question(page)).toBe(`Item ${delivered} with this number is already delivered. A new item with the same number?`);
    await expectInView(page, 'intake-question-yes');
    await screenshot(page, 'items-05-closed-number-question');
    await expectAccessible(page, 'closed-number question');
    await page.getByTestId('intake-question-no').click();
    await expect.poll(() => page.getByTestId('intake-question').count()).toBe(0);
    expect(itemsWithCode('RB123456785GB')).toEqual([{ custody_id: delivered, state: 'DELIVERED' }]);

    await page.getByTestId('scan-input').fill('RB123456785GB');
    await page.getByTestId('scan-input').press('Enter');
    expect(await question(page)).toContain('A new item with the same number?');
    await page.keyboard.press('Enter');
    const second = await openedItem(page);
    expect(second).not.toBe(delivered);
    expect(itemsWithCode('RB123456785GB')).toEqual([
      { custody_id: delivered, state: 'DELIVERED' },
      { custody_id: second, state: 'RECEIVED' },
    ]);

    // On an item's screen a serial scan that needs an answer is not lost: it says what to do.
    await openSimulator(page);
    await page.getByTestId('simulate-scan-input').fill(MISREAD_UPS);
    await page.getByTestId('simulate-scan-send').click();
    const notice = page.locator('[data-testid="error-message"][data-code="CONFIRM_AS_TYPED"]');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('UPS check digit should be 7 — rescan, or take it in as typed');
    expect(await page.getByTestId('item-workspace').getAttribute('data-custody-id')).toBe(second);
  });

  it('non-ASCII scans and names are stored and shown exactly: wedge and serial scans, details, history, search and the custody form’s text', async () => {
    const page = kiosk.page;
    await page.getByTestId('nav-intake').click();
    await page.getByTestId('intake-screen').waitFor();
    await typeAsScanner(page, UNICODE_CODE);
    const wedged = await openedItem(page);
    await expect.poll(() => page.locator('.tracking-inline').first().textContent()).toBe(UNICODE_CODE);
    expect(itemsWithCode(UNICODE_CODE)).toEqual([{ custody_id: wedged, state: 'RECEIVED' }]);
    await page.getByTestId('details-step').waitFor();
    await page.getByTestId('item-type-parcel').check();
    await page.getByTestId('details-recipient').fill(RECIPIENT);
    await page.getByTestId('details-sender').fill('Łukasz Wróbel');
    await page.getByTestId('details-submit').click();
    await page.getByTestId('weigh-step').waitFor();
    expect(await page.getByTestId('item-facts').textContent()).toContain(RECIPIENT);
    await screenshot(page, 'items-06-unicode-item');

    await page.getByTestId('open-history').click();
    await page.getByTestId('item-history').waitFor();
    const timeline = (await page.getByTestId('timeline').textContent()) ?? '';
    expect(timeline).toContain(`Received (scanned ${UNICODE_CODE})`);
    expect(timeline).toContain(`to ${RECIPIENT}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('item-workspace').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.getByTestId('custody-form').click()]);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', await download.path(), '-'], { encoding: 'utf8' });
    expect(text).toContain('Zoë Ångström');
    expect(text).toContain('Łukasz Wróbel');
    // The report font has no CJK or emoji glyphs: they print as their code points, never as blanks.
    expect(text).toContain('[U+6771 U+4EAC]-[U+1F4E6]-Zoë');

    // The demo drawer's serial scanner sends UTF-8, as a scanner set to UTF-8 does.
    await page.keyboard.press('Escape');
    await page.getByTestId('intake-screen').waitFor();
    await openSimulator(page);
    await page.getByTestId('simulate-scan-input').fill('Ωmega-東京-Zoë');
    await page.getByTestId('simulate-scan-send').click();
    const serial = await openedItem(page);
    expect(itemsWithCode('Ωmega-東京-Zoë')).toEqual([{ custody_id: serial, state: 'RECEIVED' }]);
    await expect.poll(() => page.locator('.tracking-inline').first().textContent()).toBe('Ωmega-東京-Zoë');

    await page.getByTestId('nav-records').click();
    await page.getByTestId('search-query').fill('Zoë');
    await page.getByTestId('search-submit').click();
    await expect.poll(() => page.getByTestId('search-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-custody-id')))).toContain(wedged);
    // Found by the recipient's "Zoë"; the row shows the scanned code as it was scanned.
    expect(await page.locator(`[data-testid="search-row"][data-custody-id="${wedged}"]`).textContent()).toContain(`Scanned: ${UNICODE_CODE}`);
    await screenshot(page, 'items-07-unicode-search');
    expect(kiosk.problems).toEqual([]);
  });
});
