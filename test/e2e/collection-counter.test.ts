// Issue 14, point 4, in Chromium at a 1366x768 kiosk with a fake camera: a cleared letter's
// recipient comes to the counter, their badge is scanned (the keyboard-wedge scan path), they sign
// with the mouse and are photographed, the letter is handed over; the on-screen receipt shows the
// signature and the photo, and the item's history shows the proof.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationSocket } from '../helpers/stationSocket.ts';
import { expectAccessible, launchChromium, logIn, screenshot, serveStation, setUpAdmin, typeAsScanner, walkLetterToDeliver, watchPageErrors, type ServedStation } from './harness.ts';
import { ADMIN, SCREENER } from './people.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let station: ServedStation;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  station = await serveStation({ demo: false });
  // With a fake camera that needs no click to allow (the kiosk's own page asks).
  browser = await launchChromium({ fakeCamera: true });
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  problems = watchPageErrors(page);
});
afterAll(async () => {
  await browser?.close();
  expect(await station?.stop()).toBe(0);
});

function delivered(custodyId: string): Record<string, unknown> | null {
  const db = new Database(station.dbPath, { readonly: true });
  try {
    const payload = db.prepare("SELECT payload FROM audit_events WHERE kind = 'item.delivered' AND subject_id = ?").pluck().get(custodyId) as string | undefined;
    return payload ? (JSON.parse(payload) as { receivedBy: Record<string, unknown> }).receivedBy : null;
  } finally {
    db.close();
  }
}

describe('the collection counter in Chromium (issue 14, point 4)', () => {
  it('a cleared letter is handed over to its recipient: badge scanned, signed with the mouse, photographed; the receipt shows both', async () => {
    // The directory, imported with the CLI as an admin would.
    const csv = path.join(path.dirname(station.dbPath), 'people.csv');
    writeFileSync(csv, 'employeeId,displayName,mail,department,badge\nE1,Ann Smith,ann@example.org,Finance,B-0001\n');
    const imported = spawnSync(process.execPath, [path.join(ROOT, 'src/main/cli/main.ts'), 'directory', 'import', csv, '--db', station.dbPath, '--apply'], { encoding: 'utf8' });
    expect(imported.status, imported.stderr).toBe(0);

    await setUpAdmin(page, station.url, ADMIN);
    await page.getByTestId('scan-input').fill('9400111206206406260787');
    await page.getByTestId('scan-input').press('Enter');
    const workspace = page.getByTestId('item-workspace');
    await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    const custodyId = (await workspace.getAttribute('data-custody-id'))!;
    await walkLetterToDeliver(page, 'Ann Smith, Finance');

    // The recipient picker is another part of issue 14: the directory person is chosen here through the contract.
    const socket = await StationSocket.open(station.url);
    try {
      expect((await socket.send('session.login', { badge: ADMIN.badge, pin: ADMIN.pin }).answer).ok).toBe(true);
      expect((await socket.send('item.chooseRecipient', { custodyId, personKey: 'E1' }).answer).ok).toBe(true);
      await socket.send('session.logout').answer;
    } finally {
      socket.ws.close();
    }
    await logIn(page, ADMIN.badge, ADMIN.pin);

    await page.getByTestId('nav-collection').click();
    await page.getByTestId('collection-screen').waitFor();
    await expect.poll(() => page.getByTestId('scan-waiting').getAttribute('data-waiting-for')).toBe('badge');
    await typeAsScanner(page, 'B-0001');
    const form = page.getByTestId('collection-handover');
    await form.waitFor();
    await expect.poll(() => form.textContent()).toContain('Waiting for Ann Smith');
    expect(await page.getByTestId(`collection-item-${custodyId}`).isChecked()).toBe(true);

    // The signature, drawn with the mouse.
    const pad = (await page.getByTestId('signature-pad').boundingBox())!;
    await page.mouse.move(pad.x + 20, pad.y + 100);
    await page.mouse.down();
    for (const [dx, dy] of [[60, 40], [100, 110], [160, 30], [220, 120], [300, 50]] as const) await page.mouse.move(pad.x + dx, pad.y + dy, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('signature-state').textContent()).toBe('Signed');

    // The photo, from the fake camera.
    await page.getByTestId('camera-start').click();
    await page.getByTestId('camera-take').click();
    await page.getByTestId('camera-photo').waitFor();
    await page.getByTestId('collection-id').fill('P 1234567');
    // The whole hand-over fits the kiosk's screen: the button is there without scrolling.
    await screenshot(page, 'collection-01-proof');
    const submit = (await page.getByTestId('collection-submit').boundingBox())!;
    expect(submit.y + submit.height).toBeLessThanOrEqual(768);
    await page.getByTestId('collection-submit').click();

    const done = page.getByTestId('collection-done');
    await done.waitFor();
    await page.getByTestId('collection-done-signature').waitFor();
    expect(await page.getByTestId('collection-done-photo').textContent()).toMatch(/A photo was taken/);
    await screenshot(page, 'collection-02-receipt');

    const proof = delivered(custodyId)!;
    // The chain holds the ID number's salted hash, not the number (the collections row keeps the number for the custody form).
    expect(proof).toMatchObject({ kind: 'collection', recipientKey: 'E1', collector: 'recipient', idNumberHmac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(proof)).not.toContain('1234567');
    expect(proof.signatureSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(proof.photoSha256).toMatch(/^[0-9a-f]{64}$/);

    // The item's history shows the proof.
    await page.getByTestId('nav-intake').click();
    await page.getByTestId('scan-input').fill(custodyId);
    await page.getByTestId('scan-input').press('Enter');
    await expect.poll(() => page.getByTestId('item-workspace').getAttribute('data-custody-id')).toBe(custodyId);
    await page.getByTestId('open-history').click();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Handed over at the counter to Ann Smith — proof: signature, photo, ID document number');
    expect(problems).toEqual([]);
  });

  it('on that history an admin checks the ID document in hand against the hand-over: the answer on screen, the check recorded in the history', async () => {
    const check = page.getByTestId('id-number-check');
    await check.waitFor();
    await page.getByTestId('id-number-check-input').fill('p-1234567');
    await page.getByTestId('id-number-check-submit').click();
    await expect.poll(() => page.getByTestId('id-number-check-result').textContent()).toBe('It matches the number recorded at the hand-over.');
    // The number leaves the screen once checked.
    expect(await page.getByTestId('id-number-check-input').inputValue()).toBe('');
    await page.getByTestId('id-number-check-input').fill('P 1234568');
    await page.getByTestId('id-number-check-submit').click();
    await expect.poll(() => page.getByTestId('id-number-check-result').textContent()).toBe('It does NOT match the number recorded at the hand-over.');
    await expect
      .poll(async () => (await page.getByTestId('timeline-entry').allTextContents()).filter((entry) => entry.includes('ID document checked against the hand-over')))
      .toEqual([expect.stringMatching(/the number matches the one recorded.*Ada Okafor/), expect.stringMatching(/the number does NOT match the one recorded.*Ada Okafor/)]);
    await expectAccessible(page, 'the ID document check on the history');
    await screenshot(page, 'collection-03-id-number-check');
    expect(problems).toEqual([]);
  });

  it('a counter clerk who logs in while an incident is open lands in incident mode and still reaches the collection counter; no new mail comes in there', async () => {
    const socket = await StationSocket.open(station.url);
    try {
      expect((await socket.send('session.login', { badge: ADMIN.badge, pin: ADMIN.pin }).answer).ok).toBe(true);
      expect((await socket.send('operator.create', { badge: SCREENER.badge, name: SCREENER.name, role: 'screener', pin: SCREENER.pin }).answer).ok).toBe(true);
      // A suspect parcel: the station's work in progress is now its open incident.
      const scanned = await socket.send('intake.scan', { code: '1Z999AA10123456784' }).answer;
      expect(scanned.ok).toBe(true);
      const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
      const suspect = await socket.send('item.markSuspect', { custodyId, incidentType: 'suspiciousSubstance', reason: 'White powder leaking from a corner' }).answer;
      expect(suspect.ok, JSON.stringify(suspect)).toBe(true);
      await socket.send('session.logout').answer;
    } finally {
      socket.ws.close();
    }
    // The admin's login on the socket locked this screen (one operator at a time), as in the walk above.
    await logIn(page, SCREENER.badge, SCREENER.pin);

    // Incident mode: the protocol, no navigation; the counter is the one way out while it is open.
    const toCounter = page.getByTestId('incident-to-collection');
    await toCounter.waitFor();
    expect(await page.getByTestId('nav-collection').count()).toBe(0);
    await toCounter.click();
    await page.getByTestId('collection-screen').waitFor();
    await expect.poll(() => page.getByTestId('incident-counter-bar').textContent()).toContain('no new mail is taken in');
    // Still incident mode: no way to intake from here.
    expect(await page.getByTestId('nav-intake').count()).toBe(0);
    await expect.poll(() => page.getByTestId('scan-waiting').getAttribute('data-waiting-for')).toBe('badge');
    await expectAccessible(page, 'the collection counter during an incident');
    await screenshot(page, 'collection-04-counter-during-incident');
    await page.getByTestId('incident-counter-back').click();
    await toCounter.waitFor();
    expect(problems).toEqual([]);
  });
});
