import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openSimulator, screenshot, useKiosk } from './harness.ts';

const kiosk = useKiosk({ demo: true, viewport: { width: 1280, height: 900 } });

describe('the intake screen in Chromium, through the web host in demo mode', () => {
  it('runs the first-run setup and logs the admin in', async () => {
    await kiosk.page.goto(kiosk.station.url);
    await kiosk.page.getByTestId('setup-screen').waitFor();
    await expect.poll(() => kiosk.page.getByTestId('simulated-banner').isVisible()).toBe(true);
    await screenshot(kiosk.page, 'spine-01-setup');
    await kiosk.page.getByTestId('setup-badge').fill('ADMIN-0001');
    await kiosk.page.getByTestId('setup-name').fill('Ada Okafor');
    await kiosk.page.getByTestId('setup-pin').fill('135790');
    await kiosk.page.getByTestId('setup-pin-again').fill('135790');
    await kiosk.page.getByTestId('setup-submit').click();
    await kiosk.page.getByTestId('intake-screen').waitFor();
    await expect.poll(() => kiosk.page.getByTestId('operator-name').textContent()).toContain('Ada Okafor');
  });

  it('shows an item the simulated scanner sends over its serial line', async () => {
    await expect.poll(() => kiosk.page.locator('[data-testid="device-status"][data-health="online"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await openSimulator(kiosk.page);
    await kiosk.page.getByTestId('simulate-scan-input').fill('1Z5R89390357567127');
    await kiosk.page.getByTestId('simulate-scan-send').click();
    // A scan opens the item's workspace at once; the intake list has it too.
    await expect.poll(() => kiosk.page.getByTestId('item-arrival').textContent(), { timeout: 10_000 }).toMatch(/New item received/);
    await kiosk.page.getByTestId('back-to-intake').click();
    const row = kiosk.page.getByTestId('item-row').filter({ hasText: '1Z5R89390357567127' });
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.getByTestId('item-carrier').textContent()).toContain('UPS');
    await expect.poll(() => row.getByTestId('item-state').textContent()).toMatch(/Received/i);
    const custodyId = await row.getAttribute('data-custody-id');
    expect(custodyId).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    await screenshot(kiosk.page, 'spine-02-intake-scanned');

    // It is in the station's database, with its audit event, not just on screen.
    const db = new Database(kiosk.station.dbPath, { readonly: true });
    const item = db.prepare('SELECT state, mode FROM items WHERE custody_id = ?').get(custodyId);
    const event = db.prepare("SELECT kind FROM audit_events WHERE subject_id = ? AND kind = 'item.received'").get(custodyId);
    db.close();
    expect(item).toEqual({ state: 'RECEIVED', mode: 'demo' });
    expect(event).toEqual({ kind: 'item.received' });
  });

  it('brings up the existing item when the same parcel is scanned again', async () => {
    await kiosk.page.getByTestId('simulate-scan-input').fill('1Z5R89390357567127');
    await kiosk.page.getByTestId('simulate-scan-send').click();
    await expect.poll(() => kiosk.page.getByTestId('item-arrival').textContent(), { timeout: 10_000 }).toMatch(/Already open/);
    await kiosk.page.getByTestId('back-to-intake').click();
    // The list reloads when the intake screen comes back: wait for it, then there is one row, not two.
    await kiosk.page.getByTestId('item-row').first().waitFor();
    await expect.poll(() => kiosk.page.getByTestId('item-row').filter({ hasText: '1Z5R89390357567127' }).count()).toBe(1);
  });

  it('takes a typed tracking number from the scan field', async () => {
    await kiosk.page.getByTestId('scan-input').fill('RB123456785GB');
    await kiosk.page.getByTestId('scan-input').press('Enter');
    await expect.poll(() => kiosk.page.getByTestId('item-arrival').textContent()).toMatch(/New item received/);
    await kiosk.page.keyboard.press('Escape');
    await kiosk.page.getByTestId('item-row').filter({ hasText: 'RB123456785GB' }).waitFor();
    await screenshot(kiosk.page, 'spine-03-intake-typed');
  });

  it('locks, and the lock screen shows no records', async () => {
    await kiosk.page.getByTestId('lock-button').click();
    await kiosk.page.getByTestId('lock-screen').waitFor();
    expect(await kiosk.page.getByTestId('item-row').count()).toBe(0);
    await screenshot(kiosk.page, 'spine-04-locked');
    expect(kiosk.problems).toEqual([]);
  });
});
