// Issue 14, points 1–2 on screen, at a 1366×768 kiosk: the admin imports the directory (a preview of
// what changes, bad rows by line, then applied), the screener picks an item's recipient by part of
// their name typed with an accent missing and a typo, or by scanning their badge, and the security
// coordinator's screen alerts them of a suspect item until they acknowledge it.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createOperator, logIn, screenshot, setUpAdmin, typeAsScanner, useKiosk } from './harness.ts';
import { expectFocus, raiseIncidentByKeyboard, typeByHand } from './keyboard.ts';
import { ADMIN, COORDINATOR } from './people.ts';
import { runCli } from '../helpers/cli.ts';

const VIEWPORT = { width: 1366, height: 768 };
const kiosk = useKiosk({ demo: true, viewport: VIEWPORT });

const HEADER = 'displayName,mail,department,physicalDeliveryOfficeName,employeeID,badge';
const PEOPLE = [HEADER, 'Zoë Müller,zoe.muller@example.org,Finance,B2-114,E100,BADGE-100', 'Ana Ruiz,ana.ruiz@example.org,Legal,A1-010,E101,', 'Tom Lee,tom.lee@example.org,Finance,B2-120,E102,BADGE-102'];
const BAD = [...PEOPLE, ',nobody@example.org,Finance,,E103,', 'Kim Park,not-an-address,IT,,E104,'];

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(kiosk.station.dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function chooseFile(page: Page, name: string, lines: string[], bom = ''): Promise<Buffer> {
  const buffer = Buffer.from(`${bom}${lines.join('\r\n')}`, 'utf8');
  await page.getByTestId('directory-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  return buffer;
}

async function receive(page: Page, code: string): Promise<string> {
  await page.getByTestId('nav-intake').click();
  await page.getByTestId('scan-input').fill(code);
  await page.getByTestId('scan-input').press('Enter');
  const workspace = page.getByTestId('item-workspace');
  await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  await page.getByTestId('details-step').waitFor();
  return (await workspace.getAttribute('data-custody-id'))!;
}

/** The whole element inside the 1366×768 viewport. */
async function inView(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= VIEWPORT.width && box.y + box.height <= VIEWPORT.height;
}

describe('recipients on screen (issue 14, points 1–2)', () => {
  it('the admin previews a directory export: bad rows by line, nothing applied; a good file previewed, then applied', async () => {
    const page = kiosk.page;
    await setUpAdmin(page, kiosk.station.url, ADMIN);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('directory-panel').scrollIntoViewIfNeeded();

    await chooseFile(page, 'people-bad.csv', BAD);
    const preview = page.getByTestId('directory-preview');
    await expect.poll(() => preview.getAttribute('data-problems'), { timeout: 15_000 }).toBe('2');
    // A bad row is counted once, as bad: the row without a name is not also a person added.
    expect(await preview.getAttribute('data-added')).toBe('3');
    expect(await preview.getAttribute('data-bad-rows')).toBe('2');
    expect(await page.getByTestId('directory-summary').textContent()).toMatch(/If applied: 3 people added, 0 changed, 0 removed, 0 unchanged \(5 rows, 2 that cannot be applied\)/);
    expect(await page.getByTestId('directory-problem').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-line'), row.textContent]))).toEqual([
      ['5', 'Line 5 (E103): no name'],
      ['6', 'Line 6 (E104): the e-mail "not-an-address" is not an e-mail address'],
    ]);
    expect(await page.getByTestId('directory-apply').isDisabled()).toBe(true);
    await screenshot(page, 'recipients-01-import-bad-rows');

    // With the byte-order mark a spreadsheet's "CSV UTF-8" writes: the screen sends the file's bytes, so the digest recorded is sha256sum's.
    const bytes = await chooseFile(page, 'people.csv', PEOPLE, '\ufeff');
    await expect.poll(() => preview.getAttribute('data-problems'), { timeout: 15_000 }).toBe('0');
    expect(await preview.getAttribute('data-added')).toBe('3');
    expect(await page.getByTestId('directory-summary').textContent()).toMatch(/If applied: 3 people added, 0 changed, 0 removed/);
    expect(await page.getByTestId('directory-added').textContent()).toContain('Zoë Müller (E100)');
    // Nothing is applied by a preview.
    expect(query('SELECT key FROM directory_people')).toEqual([]);
    await screenshot(page, 'recipients-02-import-preview');

    await page.getByTestId('directory-apply').click();
    await expect.poll(() => page.getByTestId('directory-done').textContent(), { timeout: 15_000 }).toMatch(/Applied people.csv: 3 people added/);
    expect(query<{ key: string }>('SELECT key FROM directory_people ORDER BY key').map((row) => row.key)).toEqual(['E100', 'E101', 'E102']);
    const imported = query<{ payload: string }>("SELECT payload FROM audit_events WHERE kind = 'directory.imported'");
    expect(imported).toHaveLength(1);
    expect(JSON.parse(imported[0]!.payload)).toMatchObject({ fileName: 'people.csv', sha256: createHash('sha256').update(bytes).digest('hex'), rows: 3 });
  });

  it('an import that would remove everyone once the directory changed behind the preview: refused in the screen’s words (its own box, no CLI flag), applied once ticked', async () => {
    const page = kiosk.page;
    await chooseFile(page, 'people-more.csv', [...PEOPLE, 'Kim Park,kim.park@example.org,IT,C3-001,E105,']);
    const preview = page.getByTestId('directory-preview');
    await expect.poll(() => preview.getAttribute('data-added'), { timeout: 15_000 }).toBe('1');
    expect(await page.getByTestId('directory-remove-all').count()).toBe(0);
    // Meanwhile the CLI imports another export: none of the people previewed is listed any more.
    const dir = mkdtempSync(path.join(tmpdir(), 'recipients-'));
    const others = path.join(dir, 'others.csv');
    writeFileSync(others, `${HEADER}\nNew Person,new.person@example.org,IT,,X1,\n`);
    expect(runCli(['directory', 'import', others, '--db', kiosk.station.dbPath, '--apply', '--allow-removing-all']).status).toBe(0);

    await page.getByTestId('directory-apply').click();
    const refusal = page.getByTestId('directory-refusal');
    await expect.poll(() => refusal.textContent(), { timeout: 15_000 }).toMatch(/This would remove the one person the CSV import gave \(who is not in it\): nothing was applied\. If that is meant, tick “Yes, remove everyone from the directory” and apply again\./);
    expect(await refusal.textContent()).not.toMatch(/--/);
    expect(query('SELECT key FROM directory_people WHERE active = 1')).toEqual([{ key: 'X1' }]);
    await screenshot(page, 'recipients-02b-import-removes-everyone');
    await page.getByTestId('directory-remove-all').check();
    await page.getByTestId('directory-apply').click();
    await expect.poll(() => page.getByTestId('directory-done').textContent(), { timeout: 15_000 }).toMatch(/Applied people-more.csv: 4 people added, 0 changed, 1 removed/);
  });

  it('the picker: part of a name typed without its accent and with a typo lists the person; arrows and Enter pick them, recorded as the item’s recipient', async () => {
    const page = kiosk.page;
    const custodyId = await receive(page, 'RB123456785GB');
    await page.getByTestId('item-type-letter').check();
    await page.getByTestId('details-recipient').focus();
    await typeByHand(page, 'zoe muler');
    const options = page.getByTestId('details-recipient-option');
    await expect.poll(() => options.first().getAttribute('data-key'), { timeout: 10_000 }).toBe('E100');
    expect(await options.first().textContent()).toContain('Finance');
    // The list opens under the field, inside the panel.
    expect(await inView(page, 'details-recipient-options')).toBe(true);
    await screenshot(page, 'recipients-03-picker-typed');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('details-recipient').inputValue(), { timeout: 10_000 }).toBe('Zoë Müller');
    await expectFocus(page, 'details-recipient');
    // One truth: the item's recipient is the person chosen.
    await expect.poll(() => query<{ recipient: string }>('SELECT recipient FROM items WHERE custody_id = ?', custodyId)).toEqual([{ recipient: 'Zoë Müller' }]);
    expect(query<{ payload: string }>("SELECT payload FROM audit_events WHERE kind = 'item.recipientChosen' AND subject_id = ?", custodyId).map((row) => JSON.parse(row.payload))).toEqual([
      { personKey: 'E100', name: 'Zoë Müller' },
    ]);
    await page.getByTestId('details-submit').click();
    await page.getByTestId('weigh-step').waitFor();
    expect(query<{ recipient: string }>('SELECT recipient FROM items WHERE custody_id = ?', custodyId)).toEqual([{ recipient: 'Zoë Müller' }]);
  });

  it('the picker: a badge scanned while it has focus picks its holder, and takes in no item', async () => {
    const page = kiosk.page;
    const custodyId = await receive(page, '9400111206206406260787');
    const items = query('SELECT custody_id FROM items').length;
    await page.getByTestId('details-recipient').focus();
    await expect.poll(() => page.getByTestId('scan-waiting').getAttribute('data-waiting-for')).toBe('badge');
    await typeAsScanner(page, 'BADGE-102');
    await expect.poll(() => page.getByTestId('details-recipient').inputValue(), { timeout: 10_000 }).toBe('Tom Lee');
    await expect.poll(() => query<{ recipient: string }>('SELECT recipient FROM items WHERE custody_id = ?', custodyId)).toEqual([{ recipient: 'Tom Lee' }]);
    expect(query('SELECT custody_id FROM items')).toHaveLength(items);
    // A badge nobody in the directory holds is said so, and picks nobody.
    await typeAsScanner(page, 'BADGE-999');
    await expect.poll(() => page.getByTestId('details-recipient-picker').textContent(), { timeout: 10_000 }).toContain('No one in the directory has this badge');
    expect(await page.getByTestId('details-recipient').inputValue()).toBe('Tom Lee');
    await screenshot(page, 'recipients-04-picker-badge');
  });

  it('the picker: an answer that lands between ↓ and Enter keeps the person chosen, so Enter picks them (not the name as typed)', async () => {
    // A second screen whose WebSocket passes through the test: the answer to one search is held
    // until the operator has chosen in the list shown, as a busy station would answer it late.
    const page = await kiosk.browser.newPage({ viewport: VIEWPORT });
    const heldQuery = 'zoe mule';
    const heldIds = new Set<number>();
    const heldReplies: string[] = [];
    let release: ((reply: string) => void) | null = null;
    await page.routeWebSocket(/\/station$/, (ws) => {
      const server = ws.connectToServer();
      release = (reply) => ws.send(reply);
      ws.onMessage((message) => {
        const call = JSON.parse(String(message)) as { type: string; id?: number; command?: string; args?: { query?: string } };
        if (call.type === 'call' && call.command === 'directory.search' && call.args?.query === heldQuery) heldIds.add(call.id!);
        server.send(message);
      });
      server.onMessage((message) => {
        const reply = JSON.parse(String(message)) as { type: string; id?: number };
        if (reply.type === 'result' && heldIds.has(reply.id!)) heldReplies.push(String(message));
        else ws.send(message);
      });
    });
    await page.goto(kiosk.station.url);
    await logIn(page, ADMIN.badge, ADMIN.pin);
    const custodyId = await receive(page, 'EE123456785US');
    await page.getByTestId('item-type-letter').check();
    await page.getByTestId('details-recipient').focus();
    await typeByHand(page, 'zoe mul');
    const options = page.getByTestId('details-recipient-option');
    await expect.poll(() => options.first().getAttribute('data-key'), { timeout: 10_000 }).toBe('E100');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => options.first().getAttribute('aria-selected')).toBe('true');
    // One more letter: its search is asked, and its answer held.
    await typeByHand(page, 'e');
    await expect.poll(() => heldReplies.length, { timeout: 15_000 }).toBe(1);
    release!(heldReplies[0]!);
    // The answer handled and drawn before the next key (a frame, then a task after it).
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('details-recipient').inputValue(), { timeout: 10_000 }).toBe('Zoë Müller');
    await expect.poll(() => query<{ recipient: string }>('SELECT recipient FROM items WHERE custody_id = ?', custodyId)).toEqual([{ recipient: 'Zoë Müller' }]);
    await page.close();
    // The admin's login there logged the kiosk's screen out ('elsewhere'): back in for the next test.
    await logIn(kiosk.page, ADMIN.badge, ADMIN.pin);
  });

  it('a suspect item alerts the logged-in coordinator on screen until they acknowledge it, over a reload', async () => {
    const page = kiosk.page;
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-screen').waitFor();
    await createOperator(page, COORDINATOR, 'coordinator');
    await page.getByTestId('lock-button').click();
    await logIn(page, COORDINATOR.badge, COORDINATOR.pin);
    expect(await page.getByTestId('security-alert').count()).toBe(0);

    await page.getByTestId('nav-intake').click();
    await page.getByTestId('scan-input').focus();
    await raiseIncidentByKeyboard(page, '1Z999AA10123456784', 'other', 'Leaking powder');
    const alert = page.getByTestId('security-alert');
    await expect.poll(() => alert.count(), { timeout: 15_000 }).toBe(1);
    const custodyId = await alert.getAttribute('data-custody-id');
    expect(await alert.textContent()).toMatch(/Suspect item .*incident/);
    expect(await inView(page, 'security-alerts')).toBe(true);
    await screenshot(page, 'recipients-05-coordinator-alert');

    // Still there after a reload: it stays until acknowledged.
    await page.reload();
    await page.locator('[data-testid="lock-screen"], [data-testid="operator-name"]').first().waitFor({ timeout: 15_000 });
    if ((await page.getByTestId('lock-screen').count()) > 0) await logIn(page, COORDINATOR.badge, COORDINATOR.pin);
    await expect.poll(() => page.getByTestId('security-alert').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('security-alert-acknowledge').click();
    await expect.poll(() => page.getByTestId('security-alert').count(), { timeout: 10_000 }).toBe(0);
    const acks = query<{ actor: string; payload: string }>("SELECT actor, payload FROM audit_events WHERE kind = 'incident.alertAcknowledged'");
    expect(acks.map((row) => JSON.parse(row.payload))).toEqual([{ custodyId }]);
    expect(kiosk.problems).toEqual([]);
  });
});
