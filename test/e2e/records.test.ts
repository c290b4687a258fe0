import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, setUpAdmin, useKiosk } from './harness.ts';
import { ADMIN } from './people.ts';

const received: Array<{ custodyId: string; recipient: string }> = [];

const kiosk = useKiosk({ demo: true, acceptDownloads: true });

/** Scan a code at intake and say who it is for: the item then stands at the weigh step. */
async function receive(code: string, recipient: string): Promise<string> {
  await kiosk.page.getByTestId('nav-intake').click();
  await kiosk.page.getByTestId('scan-input').fill(code);
  await kiosk.page.getByTestId('scan-input').press('Enter');
  const workspace = kiosk.page.getByTestId('item-workspace');
  await expect.poll(() => workspace.getAttribute('data-custody-id', { timeout: 2_000 })).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  const custodyId = (await workspace.getAttribute('data-custody-id'))!;
  await kiosk.page.getByTestId('details-step').waitFor();
  await kiosk.page.getByTestId('item-type-letter').check();
  await kiosk.page.getByTestId('details-recipient').fill(recipient);
  await kiosk.page.getByTestId('details-submit').click();
  await kiosk.page.getByTestId('weigh-step').waitFor();
  received.push({ custodyId, recipient });
  return custodyId;
}

/** Scan an open item's code again: the station brings it up. */
async function bringUp(code: string, custodyId: string): Promise<void> {
  await kiosk.page.getByTestId('nav-intake').click();
  await kiosk.page.getByTestId('scan-input').fill(code);
  await kiosk.page.getByTestId('scan-input').press('Enter');
  await expect.poll(() => kiosk.page.getByTestId('item-workspace').getAttribute('data-custody-id', { timeout: 2_000 })).toBe(custodyId);
}

async function openRecords(section: 'search' | 'reports' | 'holds' | 'retention'): Promise<void> {
  await kiosk.page.getByTestId('nav-records').click();
  await kiosk.page.getByTestId('records-screen').waitFor();
  await kiosk.page.getByTestId(`records-section-${section}`).click();
}

/** The custody ID as someone copies it off a label in a hurry: lower case, no hyphens, O for 0, l for 1. */
function loosely(custodyId: string): string {
  return custodyId.replaceAll('-', '').toLowerCase().replaceAll('0', 'o').replaceAll('1', 'l');
}

describe('records, reports and the dashboard in Chromium (web host, demo mode)', () => {
  it('receives two letters; the clear step shows the clearance label as it will print', async () => {
    await setUpAdmin(kiosk.page, kiosk.station.url, ADMIN);
    const first = await receive('RB123456785GB', 'Priya Natarajan, Legal department');
    await receive('1Z5R89390357567127', 'Facilities, loading dock');
    // Walk the first letter to the clear step: the draft label comes up before anything is cleared.
    await bringUp('RB123456785GB', first);
    await kiosk.page.getByTestId('weigh-step').waitFor();
    await kiosk.page.getByTestId('manual-weight-open').click();
    await kiosk.page.getByTestId('manual-weight-value').fill('20');
    await kiosk.page.getByTestId('manual-weight-reason').fill('Scale out of order');
    await kiosk.page.getByTestId('manual-weight-submit').click();
    await kiosk.page.getByTestId('inspect-step').waitFor();
    await kiosk.page.getByTestId('inspect-submit').click();
    await kiosk.page.getByTestId('xray-step').waitFor();
    await kiosk.page.getByTestId('skip-xray-open').click();
    await kiosk.page.getByTestId('skip-xray-reason').fill('Low-risk letter, site policy allows');
    await kiosk.page.getByTestId('skip-xray-submit').click();
    await kiosk.page.getByTestId('clear-step').waitFor();
    const draft = kiosk.page.locator('[data-testid="label-panel-clearance"][data-draft="true"]');
    await draft.locator('svg').first().waitFor({ timeout: 10_000 });
    await expect.poll(() => draft.textContent({ timeout: 1_000 })).toContain(first);
    // A draft is never printed from the preview: clearing prints it.
    expect(await draft.getByTestId('label-print-clearance').count()).toBe(0);
    expect(await kiosk.page.getByTestId('workspace-state').textContent()).not.toMatch(/Cleared/);
    await screenshot(kiosk.page, 'records-01-clear-step-draft-label');
    await expectAccessible(kiosk.page, 'clear step with the draft label');
  });

  it('finds an item by a loosely typed custody ID and by recipient', async () => {
    const [first, second] = received;
    await openRecords('search');
    await kiosk.page.getByTestId('search-query').fill(loosely(first!.custodyId));
    await kiosk.page.getByTestId('search-submit').click();
    await expect.poll(() => kiosk.page.getByTestId('search-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-custody-id')))).toEqual([first!.custodyId]);

    await kiosk.page.getByTestId('search-query').fill('');
    await kiosk.page.getByTestId('search-form').locator('summary').click();
    await kiosk.page.getByTestId('search-recipient').fill('facil');
    await kiosk.page.getByTestId('search-submit').click();
    await expect.poll(() => kiosk.page.getByTestId('search-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-custody-id')))).toEqual([second!.custodyId]);
    await screenshot(kiosk.page, 'records-02-search-by-recipient');
    await expectAccessible(kiosk.page, 'search');

    // A result opens the item.
    await kiosk.page.getByTestId('search-open').click();
    await expect.poll(() => kiosk.page.getByTestId('item-workspace').getAttribute('data-custody-id', { timeout: 2_000 })).toBe(second!.custodyId);
  });

  it('downloads the daily log as CSV through the screen, and says it was recorded', async () => {
    await openRecords('reports');
    await kiosk.page.getByTestId('daily-log-format-csv').check();
    // Demo records are in the training log only (the live log counts real mail).
    await kiosk.page.getByTestId('daily-log-mode-training').check();
    const [download] = await Promise.all([kiosk.page.waitForEvent('download', { timeout: 15_000 }), kiosk.page.getByTestId('daily-log-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^daily-log-\d{4}-\d{2}-\d{2}-training\.csv$/);
    const file = readFileSync(await download.path(), 'utf8');
    // Since issue 12: UTF-8 with its byte-order mark, so spreadsheets read names as written.
    expect(file.startsWith('\uFEFF')).toBe(true);
    const csv = file.slice(1);
    const [header, ...rows] = csv.split('\r\n').filter((line) => line !== '');
    expect(header).toMatch(/^date,station,custody_id,mode,carrier,tracking_number,item_type,recipient,state/);
    for (const { custodyId } of received) expect(rows.some((row) => row.includes(custodyId))).toBe(true);
    await kiosk.page.getByTestId('daily-log-status-recorded').waitFor();
    expect(await kiosk.page.getByTestId('daily-log-status-link').textContent()).toBe(download.suggestedFilename());
  });

  it('downloads the audit export: JSON lines with the chain head, the export itself recorded', async () => {
    const [download] = await Promise.all([kiosk.page.waitForEvent('download', { timeout: 15_000 }), kiosk.page.getByTestId('audit-export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-export-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(3);
    expect(JSON.stringify(records)).toContain(received[0]!.custodyId);
    await kiosk.page.getByTestId('audit-export-summary').waitFor();
    expect(await kiosk.page.getByTestId('audit-export-summary').textContent()).toMatch(/\d+ events; chain head [0-9a-f]{16}/);
    await screenshot(kiosk.page, 'records-03-reports-downloaded');
    await expectAccessible(kiosk.page, 'reports');
  });

  it('places a legal hold on an item by its custody ID, typed loosely, and lists it', async () => {
    const { custodyId } = received[1]!;
    await openRecords('holds');
    await kiosk.page.getByTestId('legal-holds-empty').waitFor();
    await kiosk.page.getByTestId('legal-hold-custody-id').fill(loosely(custodyId));
    await kiosk.page.getByTestId('legal-hold-reason-input').fill('Court order 2026-117: keep every record of this item');
    await kiosk.page.getByTestId('legal-hold-place').click();
    const hold = kiosk.page.locator(`[data-testid="legal-hold"][data-subject="${custodyId}"]`);
    await hold.waitFor();
    expect(await hold.getByTestId('legal-hold-reason').textContent()).toContain('Court order 2026-117');
    // Who placed it, by name (the hold carries the audit actor).
    await expect.poll(() => hold.textContent({ timeout: 1_000 })).toContain(`Placed by ${ADMIN.name}`);
    await expect.poll(() => kiosk.page.getByTestId('legal-hold-status').textContent()).toContain(custodyId);
    // Listed by the station, not just kept on this screen: it is there after coming back.
    await kiosk.page.getByTestId('records-section-search').click();
    await kiosk.page.getByTestId('records-section-holds').click();
    await kiosk.page.locator(`[data-testid="legal-hold"][data-subject="${custodyId}"]`).waitFor();
    await screenshot(kiosk.page, 'records-04-legal-hold');
    await expectAccessible(kiosk.page, 'legal holds');

    // The item's own workspace carries the HOLD mark (the admin may list the holds).
    await bringUp('1Z5R89390357567127', custodyId);
    await expect.poll(() => kiosk.page.getByTestId('workspace-hold').count()).toBe(1);
    await screenshot(kiosk.page, 'records-05-workspace-hold');
  });

  it('retention, purge preview and backup for the admin; a backup without a folder says so', async () => {
    await openRecords('retention');
    await kiosk.page.getByTestId('retention-items').waitFor();
    await kiosk.page.getByTestId('purge-preview-run').click();
    await kiosk.page.getByTestId('purge-preview-result').waitFor();
    await kiosk.page.getByTestId('backup-run').click();
    await expect.poll(() => kiosk.page.getByTestId('backup').textContent()).toMatch(/backup folder|Backup made/i);
    await screenshot(kiosk.page, 'records-05-retention-backup');
    await expectAccessible(kiosk.page, 'retention and backup');
  });

  it('the custody form of an item downloads from its workspace and is in its history', async () => {
    const { custodyId } = received[1]!;
    await bringUp('1Z5R89390357567127', custodyId);
    const [download] = await Promise.all([kiosk.page.waitForEvent('download', { timeout: 15_000 }), kiosk.page.getByTestId('custody-form').click()]);
    expect(download.suggestedFilename()).toBe(`custody-${custodyId}.pdf`);
    expect(readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await kiosk.page.getByTestId('custody-form-status-recorded').waitFor();
    await kiosk.page.getByTestId('open-history').click();
    await expect.poll(() => kiosk.page.getByTestId('timeline').textContent({ timeout: 2_000 })).toContain(`Chain-of-custody form made: custody-${custodyId}.pdf`);
  });

  it('the dashboard loads its charts without a CSP violation; demo records are not counted and it says so', async () => {
    await kiosk.page.getByTestId('nav-dashboard').click();
    const dashboard = kiosk.page.getByTestId('dashboard-screen');
    await expect.poll(() => dashboard.getAttribute('data-loaded', { timeout: 10_000 })).toMatch(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/);
    await kiosk.page.getByTestId('dashboard-mode-note').waitFor();
    expect(await kiosk.page.getByTestId('total-received').getAttribute('data-value')).toBe('0');
    // The demo devices report their health: the uptime chart has a bar per device.
    await expect.poll(() => kiosk.page.getByTestId('table-devices-row').count()).toBeGreaterThan(0);
    await expect.poll(() => kiosk.page.getByTestId('chart-devices').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await kiosk.page.getByTestId('period-last30').check();
    await expect.poll(() => kiosk.page.getByTestId('table-items').locator('tbody tr').count()).toBe(30);
    await screenshot(kiosk.page, 'records-06-dashboard-demo');
    await expectAccessible(kiosk.page, 'dashboard (demo)');
    expect(kiosk.problems).toEqual([]);
  });
});
