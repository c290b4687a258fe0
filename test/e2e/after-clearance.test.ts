// Issue 14, "Done when", in Chromium at a 1366x768 kiosk: a live station whose devices are the
// simulators (a serial scanner, an MT-SICS scale, a ZPL label printer, an X-ray cabinet, each over
// the transport the real one uses) and whose notices go to a real SMTP server over TLS. A letter is
// taken in with the scanner, its recipient picked from the directory by their badge, weighed on the scale,
// inspected, X-rayed and cleared, all by keyboard; its recipient receives the notice; at the counter
// their badge is scanned, they sign (the mouse), are photographed (the fake camera) and the receipt
// shows both, on screen, by e-mail and on the label printer. A second letter marked suspect sends
// nothing to its recipient: the security coordinator is told by e-mail and on their screen.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { startWebHost, type RunningWebHost } from '../../src/main/hosts/web/index.ts';
import { verifyStore } from '../../src/main/store/index.ts';
import { DemoRig } from '../../src/hardware/simulators/demoRig.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtpServer } from '../helpers/smtpServer.ts';
import { waitFor } from '../helpers/wait.ts';
import { launchChromium, screenshot, typeAsScanner, watchPageErrors } from './harness.ts';
import {
  attributeOf,
  count,
  expectFocus,
  hasXrayCabinet,
  inspectNothingByKeyboard,
  isChecked,
  logInByKeyboard,
  markSuspectByKeyboard,
  setUpStaffThenLock,
  tabTo,
  typeByHand,
  weighByHandByKeyboard,
} from './keyboard.ts';
import { COORDINATOR, SCREENER } from './people.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VIEWPORT = { width: 1366, height: 768 };
const SECURITY = 'security-coordinator@example.org';
const ANN = { key: 'E1', name: 'Ann Smith', email: 'ann.smith@example.org', badge: 'B-0001' };
const BOB = { key: 'E2', name: 'Bob Jones', email: 'bob.jones@example.org', badge: 'B-0002' };

let smtp: TestSmtpServer;
let rig: DemoRig;
let dataDir: string;
let running: RunningStation;
let host: RunningWebHost;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  smtp = await startTestSmtp();
  rig = await DemoRig.start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'mailscreen-e2e-after-'));
  // The station's own configuration: the simulators as its devices (a live station, not demo mode:
  // demo items never reach a real address), and the test SMTP server, whose certificate is the CA.
  writeFileSync(path.join(dataDir, 'smtp-ca.pem'), smtp.ca);
  const config = path.join(dataDir, 'station.json');
  writeFileSync(
    config,
    JSON.stringify({
      devices: rig.config,
      notices: {
        smtp: { host: '127.0.0.1', port: smtp.port, security: 'starttls', caFile: 'smtp-ca.pem', from: 'mailroom@example.org' },
        collectAt: 'Mailroom, building A, ground floor',
        securityAddresses: [SECURITY],
      },
    }),
  );
  chmodSync(config, 0o600);
  running = await startStation({ dataDir, demo: false, version: 'e2e' });
  // The directory, imported with the CLI as an admin would, into the station's database.
  const csv = path.join(dataDir, 'people.csv');
  writeFileSync(csv, ['employeeId,displayName,mail,department,badge', ...[ANN, BOB].map((p) => `${p.key},${p.name},${p.email},Finance,${p.badge}`)].join('\n'));
  const imported = spawnSync(process.execPath, [path.join(ROOT, 'src/main/cli/main.ts'), 'directory', 'import', csv, '--db', path.join(dataDir, 'mailscreen.sqlite'), '--apply'], { encoding: 'utf8' });
  expect(imported.status, imported.stderr).toBe(0);

  host = await startWebHost({ endpoint: running.endpoint, rendererDir: path.join(ROOT, 'out/renderer'), port: 0, log: () => undefined });
  browser = await launchChromium({ fakeCamera: true });
  page = await browser.newPage({ viewport: VIEWPORT });
  problems = watchPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await running?.close();
  await rig?.stop();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const db = () => running.station.store.db;
const mailTo = (address: string): ReceivedMail[] => smtp.received.filter((mail) => mail.to.includes(address));
/** A message's text with quoted-printable's soft line breaks taken out. */
const textOf = (mail: ReceivedMail): string => mail.raw.replace(/=\r?\n/g, '');
/** true once every notice the station queued has had its fate (sent, bounced, failed); undefined until then. */
const noticesSettled = (): true | undefined => ((db().prepare("SELECT count(*) FROM notice_jobs WHERE state NOT IN ('done', 'failed')").pluck().get() as number) === 0 ? true : undefined);

/**
 * A keyboard-wedge scan after keys pressed by hand. The hand goes from the keyboard to the scanner,
 * as a person's does: the wedge reader reads a key within a second of the last one typed as going on
 * with it (scanBurst.ts), and a test presses its keys much faster than that.
 */
async function scanWithWedge(code: string): Promise<void> {
  await page.waitForTimeout(1_200);
  await typeAsScanner(page, code);
}

/**
 * Details by keyboard and scanner: the letter tile, then the recipient's badge scanned into the
 * "Addressed to" field, which picks its holder from the directory; the details saved. (Picking by a
 * typed part of the name is the recipients e2e's: its list answers each keystroke after a pause.)
 */
async function letterForByKeyboard(person: { name: string; badge: string }): Promise<void> {
  await expectFocus(page, 'H2@details-step');
  await page.keyboard.press('Tab');
  await expectFocus(page, 'item-type-letter');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expectFocus(page, 'details-recipient');
  await expect.poll(() => page.getByTestId('scan-waiting').getAttribute('data-waiting-for')).toBe('badge');
  await scanWithWedge(person.badge);
  await expect.poll(() => page.getByTestId('details-recipient').inputValue(), { timeout: 10_000 }).toBe(person.name);
  await tabTo(page, 'details-submit', { max: 10 });
  await page.keyboard.press('Enter');
}

/** A letter taken in by the (serial) scanner at the intake screen: its custody ID. */
async function takeInWithScanner(code: string): Promise<string> {
  await expectFocus(page, 'scan-input');
  const before = await attributeOf(page, 'item-workspace', 'data-custody-id');
  await rig.scanner.scan(code);
  const workspace = page.getByTestId('item-workspace');
  await expect.poll(() => workspace.getAttribute('data-custody-id'), { timeout: 15_000 }).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  const custodyId = (await workspace.getAttribute('data-custody-id'))!;
  expect(custodyId).not.toBe(before);
  return custodyId;
}

describe('after clearance, end to end (issue 14, "Done when")', () => {
  it('SETUP (mouse allowed here only): the admin, a coordinator, an X-ray-trained screener; the devices online', async () => {
    await setUpStaffThenLock(page, host.url, [
      { person: COORDINATOR, role: 'coordinator' },
      { person: SCREENER, role: 'screener', xray: true },
    ]);
  });

  let cleared = '';
  let suspect = '';

  it('a letter: scanned in, its recipient picked from the directory by their badge, weighed on the scale, inspected, X-rayed, cleared; the recipient receives the notice over TLS', async () => {
    await logInByKeyboard(page, SCREENER);
    await expect.poll(() => hasXrayCabinet(page), { timeout: 15_000 }).toBe(true);
    cleared = await takeInWithScanner('9400111206206406260787');
    await letterForByKeyboard(ANN);

    // The scale: the letter put on it, the stable weight captured.
    await expectFocus(page, 'H2@weigh-step');
    rig.scale.place(21);
    await expect.poll(() => page.getByTestId('capture-weight').isDisabled(), { timeout: 20_000 }).toBe(false);
    await tabTo(page, 'capture-weight', { max: 10 });
    await page.keyboard.press('Enter');
    await inspectNothingByKeyboard(page);

    // The X-ray: asked of the cabinet, its image, the verdict "clear" recorded.
    await expectFocus(page, 'H2@xray-step');
    await tabTo(page, 'xray-request', { max: 10 });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'verdict-form'), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => attributeOf(page, 'xray-viewer', 'data-has-image'), { timeout: 30_000 }).toBe('true');
    await tabTo(page, 'verdict-clear', { max: 20 });
    await page.keyboard.press('Space');
    expect(await isChecked(page, 'verdict-clear')).toBe(true);
    await tabTo(page, 'verdict-submit', { max: 20 });
    await page.keyboard.press('Enter');

    await expectFocus(page, 'H2@clear-step', 15_000);
    await tabTo(page, 'clear-submit', { max: 3 });
    await page.keyboard.press('Enter');
    await expectFocus(page, 'H2@deliver-step', 15_000);
    rig.scale.remove();
    expect(running.station.store.items.byCustodyId(cleared)?.state).toBe('CLEARED');

    // The notice, at the SMTP server, over TLS, to the address the directory gives.
    const notice = await waitFor('the ready notice', () => mailTo(ANN.email).find((mail) => mail.raw.includes(cleared)), 60_000);
    expect(notice.secure).toBe(true);
    expect(textOf(notice)).toMatch(/Subject: Your letter is ready to collect/);
    expect(textOf(notice)).toContain('Mailroom, building A, ground floor');
  });

  it('at the counter: the badge scanned, signed with the mouse, photographed, handed over; the receipt shows both on screen, by e-mail and on the label printer', async () => {
    await tabTo(page, 'nav-collection', { back: true, max: 80 });
    await page.keyboard.press('Enter');
    await page.getByTestId('collection-screen').waitFor();
    await expect.poll(() => page.getByTestId('scan-waiting').getAttribute('data-waiting-for')).toBe('badge');
    await scanWithWedge(ANN.badge);
    const form = page.getByTestId('collection-handover');
    await form.waitFor({ timeout: 15_000 });
    await expect.poll(() => form.textContent()).toContain(`Waiting for ${ANN.name}`);
    expect(await page.getByTestId(`collection-item-${cleared}`).isChecked()).toBe(true);
    expect(await page.getByTestId(`collection-item-${suspect}`).count()).toBe(0);

    // The signature: drawn with the mouse (or a finger), the one thing not done at the keyboard.
    const pad = (await page.getByTestId('signature-pad').boundingBox())!;
    await page.mouse.move(pad.x + 20, pad.y + 100);
    await page.mouse.down();
    for (const [dx, dy] of [[60, 40], [100, 110], [160, 30], [220, 120], [300, 50]] as const) await page.mouse.move(pad.x + dx, pad.y + dy, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('signature-state').textContent()).toBe('Signed');

    // The photo, from the station's camera (Chromium's fake device), by keyboard.
    // Each of the camera's buttons hands the focus to the next.
    await tabTo(page, 'camera-start', { max: 40 });
    await page.keyboard.press('Enter');
    await page.getByTestId('camera-video').waitFor({ timeout: 15_000 });
    await expectFocus(page, 'camera-take', 15_000);
    await page.keyboard.press('Enter');
    await page.getByTestId('camera-photo').waitFor({ timeout: 15_000 });
    await expectFocus(page, 'camera-start');
    await tabTo(page, 'collection-id', { back: true, max: 40 });
    await typeByHand(page, 'P 7654321');
    await screenshot(page, 'after-clearance-02-counter-proof');
    const submit = (await page.getByTestId('collection-submit').boundingBox())!;
    expect(submit.y + submit.height).toBeLessThanOrEqual(VIEWPORT.height);
    await tabTo(page, 'collection-submit', { max: 40 });
    await page.keyboard.press('Enter');

    // The receipt on screen: the signature and the photo.
    await page.getByTestId('collection-done').waitFor({ timeout: 15_000 });
    await page.getByTestId('collection-done-signature').waitFor();
    expect(await page.getByTestId('collection-done-photo').textContent()).toMatch(/A photo was taken/);
    await screenshot(page, 'after-clearance-03-receipt');
    expect(running.station.store.items.byCustodyId(cleared)?.state).toBe('DELIVERED');

    // The chain holds the proof's fingerprints and the ID number's salted hash, never the number.
    const proof = JSON.parse(db().prepare("SELECT payload FROM audit_events WHERE kind = 'item.delivered' AND subject_id = ?").pluck().get(cleared) as string).receivedBy as Record<string, unknown>;
    expect(proof).toMatchObject({ kind: 'collection', recipientKey: ANN.key, collector: 'recipient', signatureSha256: expect.stringMatching(/^[0-9a-f]{64}$/), photoSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(proof.idNumberHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(db().prepare("SELECT count(*) FROM audit_events WHERE payload LIKE '%7654321%'").pluck().get()).toBe(0);

    // The receipt by e-mail: the signature attached, the photo mentioned.
    const receipt = await waitFor('the e-mailed receipt', () => mailTo(ANN.email).find((mail) => /Subject: Receipt/.test(mail.raw) && mail.raw.includes(cleared)), 60_000);
    expect(receipt.secure).toBe(true);
    expect(textOf(receipt)).toMatch(/Proof recorded: signature \(attached\); photo taken at the counter/);
    expect(receipt.raw).toMatch(/Content-Type: image\/svg\+xml; name=signature\.svg/);

    // The receipt on the label printer: the ZPL the simulated printer printed names the letter and draws the signature.
    const printed = await waitFor('the printed receipt', () => rig.printer.printed().find((zpl) => zpl.includes('COLLECTION RECEIPT')), 30_000);
    expect(printed).toContain(cleared);
    expect(printed).toContain('Ann Smith in person');
    expect(printed).toMatch(/\^GD\d+,\d+,\d+,B,[LR]\^FS|\^GB\d+,\d+,\d+/);
    expect(printed).not.toContain('7654321');

  });

  it('a suspect letter sends nothing to its recipient: the security coordinator is told by e-mail, and on their screen until they acknowledge it', async () => {
    await tabTo(page, 'nav-intake', { back: true, max: 80 });
    await page.keyboard.press('Enter');
    await page.getByTestId('intake-screen').waitFor();
    await expectFocus(page, 'scan-input');
    // The keyboard-wedge scanner this time.
    await scanWithWedge('1Z999AA10123456784');
    const taken = async () => {
      const id = await attributeOf(page, 'item-workspace', 'data-custody-id');
      return id !== cleared ? id : null;
    };
    await expect.poll(taken, { timeout: 15_000 }).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    suspect = (await taken())!;
    await letterForByKeyboard(BOB);
    await weighByHandByKeyboard(page, '35', 'Do not move a suspect item');
    await markSuspectByKeyboard(page, 'other', 'Oily stains and a strong smell');
    expect(running.station.store.items.byCustodyId(suspect)?.state).toMatch(/^(SUSPECT|QUARANTINED)$/);

    // The coordinator's e-mail; and, once every notice has had its fate, nothing at all went to the recipient.
    const alert = await waitFor('the security alert', () => mailTo(SECURITY).find((mail) => mail.raw.includes(suspect)), 60_000);
    expect(alert.secure).toBe(true);
    expect(textOf(alert)).toMatch(/Subject: SUSPECT item at station/);
    await waitFor('every notice sent', noticesSettled, 60_000);
    expect(mailTo(BOB.email)).toEqual([]);
    expect(smtp.received.filter((mail) => mail.raw.includes(suspect)).map((mail) => mail.to)).toEqual([[SECURITY]]);

    // The coordinator logs in: the alert is on their screen until they acknowledge it.
    await tabTo(page, 'lock-button', { back: true, max: 80 });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'lock-screen')).toBe(1);
    await logInByKeyboard(page, COORDINATOR);
    const banner = page.getByTestId('security-alert');
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(1);
    expect(await banner.getAttribute('data-custody-id')).toBe(suspect);
    expect(await banner.textContent()).toMatch(/Suspect item .*incident/);
    await screenshot(page, 'after-clearance-01-coordinator-alert');
    // The banner is above the work area: Shift+Tab reaches it from wherever the screen put the focus.
    await tabTo(page, 'security-alert-acknowledge', { back: true, max: 80 });
    await page.keyboard.press('Enter');
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
    await tabTo(page, 'lock-button', { back: true, max: 80 });
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'lock-screen')).toBe(1);

    // Nothing ever went to the suspect letter's recipient; the record verifies.
    await waitFor('every notice sent', noticesSettled, 60_000);
    expect(mailTo(BOB.email)).toEqual([]);
    expect(verifyStore(db()).problems).toEqual([]);
    expect(problems).toEqual([]);
  });
});
