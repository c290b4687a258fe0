import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results');

/**
 * Debian's Chromium, as root in a container with no network: no sandbox, no GPU, nothing fetched in
 * the background. `fakeCamera`: a fake video device that needs no click to allow (the counter's photo).
 */
export async function launchChromium({ fakeCamera = false }: { fakeCamera?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(fakeCamera ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] : []),
    ],
  });
}

export interface ServedStation {
  url: string;
  dbPath: string;
  process: ChildProcess;
  stop(): Promise<number | null>;
}

/** `npm run -s cli -- serve --demo --db <tmp> --port 0`, as a real child process; resolves with its URL. */
export async function serveDemoStation(): Promise<ServedStation> {
  return serveStation({ demo: true });
}

/**
 * `serve [--demo] --db <tmp> --port 0`. Without demo the station is live with no devices configured:
 * the only way to get live records (the dashboard counts nothing else) into an e2e test.
 */
export async function serveStation({ demo }: { demo: boolean }): Promise<ServedStation> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-e2e-'));
  const dbPath = path.join(dir, 'station.sqlite');
  const child = spawn(process.execPath, [path.join(ROOT, 'src/main/cli/main.ts'), 'serve', ...(demo ? ['--demo'] : []), '--db', dbPath, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MAILSCREEN_VALIDATE_RESPONSES: '1' },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 30 s; stderr:\n${stderr}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code} before printing its URL; stderr:\n${stderr}`)));
  });
  return {
    url,
    dbPath,
    process: child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface KioskOptions {
  /** Demo mode (simulated devices); false: a live station with no devices configured. */
  demo?: boolean;
  viewport?: { width: number; height: number };
  /** Reports arrive as `<a download>` of a blob: URL, as in the browser kiosk. */
  acceptDownloads?: boolean;
}

/** One served station and one Chromium page on it, for a whole test file. */
export interface Kiosk {
  readonly station: ServedStation;
  readonly browser: Browser;
  readonly page: Page;
  /** CSP violations and uncaught page errors seen so far (watchPageErrors). */
  readonly problems: string[];
}

/**
 * Registers the file's beforeAll (serve the station, launch Chromium, open the page, watch it for
 * errors) and afterAll (close Chromium, stop the station, which must exit 0: it closes the database
 * cleanly on SIGTERM). The getters are for use inside tests and hooks, once beforeAll has run.
 */
export function useKiosk({ demo = true, viewport = { width: 1366, height: 900 }, acceptDownloads = false }: KioskOptions = {}): Kiosk {
  let started: { station: ServedStation; browser?: Browser; page?: Page; problems?: string[] } | null = null;
  beforeAll(async () => {
    started = { station: await serveStation({ demo }) };
    started.browser = await launchChromium();
    started.page = await started.browser.newPage({ viewport, acceptDownloads });
    started.problems = watchPageErrors(started.page);
  });
  afterAll(async () => {
    await started?.browser?.close();
    expect(await started?.station.stop()).toBe(0);
  });
  const get = <K extends 'station' | 'browser' | 'page' | 'problems'>(key: K): NonNullable<Kiosk[K]> => {
    const value = started?.[key];
    if (value === undefined) throw new Error(`the kiosk's ${key} is not there: use it inside a test, after beforeAll`);
    return value as NonNullable<Kiosk[K]>;
  };
  return {
    get station() {
      return get('station');
    },
    get browser() {
      return get('browser');
    },
    get page() {
      return get('page');
    },
    get problems() {
      return get('problems');
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // The kiosk scrolls inside its work area, so a full-page shot would cut it at the viewport: let
  // every scroller grow for the shot (through the CSSOM, which the strict CSP allows), then restore.
  await page.evaluate(() => {
    for (const element of document.querySelectorAll<HTMLElement>('*')) {
      const style = getComputedStyle(element);
      if (element.classList.contains('app') || style.overflowY === 'auto' || style.overflowY === 'scroll') {
        element.dataset.shotStyle = JSON.stringify([element.style.overflow, element.style.height, element.style.maxHeight]);
        element.style.overflow = 'visible';
        element.style.height = 'auto';
        element.style.maxHeight = 'none';
      }
    }
  });
  try {
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await page.evaluate(() => {
      for (const element of document.querySelectorAll<HTMLElement>('[data-shot-style]')) {
        // Through the CSSOM again: writing the style attribute itself would be an inline style the CSP refuses.
        const [overflow, height, maxHeight] = JSON.parse(element.dataset.shotStyle ?? '["","",""]') as [string, string, string];
        element.style.overflow = overflow;
        element.style.height = height;
        element.style.maxHeight = maxHeight;
        delete element.dataset.shotStyle;
      }
    });
  }
  return file;
}

/** Fails the test on any CSP violation or uncaught page error. */
export function watchPageErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  return problems;
}

const AXE_SOURCE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/**
 * axe-core on the page as it is now: fails on any serious or critical violation. Evaluated through
 * the debugging protocol, so the page's strict CSP stays on (no inline script tag is added).
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { existsSync, readFileSync } = await import('node:fs');
  if (!existsSync(AXE_SOURCE)) throw new Error('axe-core is not installed (node_modules/axe-core)');
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => JSON.stringify(node.target)).slice(0, 3).join(', ')}`);
  });
  if (violations.length > 0) throw new Error(`axe on ${screen}:\n${violations.join('\n')}`);
}

/** Badge, PIN, Unlock: as an operator does it at the lock screen. */
export async function logIn(page: Page, badge: string, pin: string): Promise<void> {
  await page.getByTestId('lock-screen').waitFor();
  await page.getByTestId('login-badge').fill(badge);
  await page.getByTestId('login-pin').fill(pin);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('operator-name').waitFor();
}

/** First-run setup of the admin. */
export async function setUpAdmin(page: Page, url: string, admin: { badge: string; name: string; pin: string }): Promise<void> {
  await page.goto(url);
  await page.getByTestId('setup-screen').waitFor();
  await page.getByTestId('setup-badge').fill(admin.badge);
  await page.getByTestId('setup-name').fill(admin.name);
  await page.getByTestId('setup-pin').fill(admin.pin);
  await page.getByTestId('setup-pin-again').fill(admin.pin);
  await page.getByTestId('setup-submit').click();
  await page.getByTestId('intake-screen').waitFor();
}

/** How far ahead of the clock a scanner's keys are stamped, and how far apart (see typeAsScanner). */
const SCAN_AHEAD_MS = 800;
const SCAN_KEY_MS = 4;

/**
 * A keyboard-wedge scanner: the code's keys and its Enter as one USB keyboard burst. The key events
 * are sent through the debugging protocol without waiting between them, each stamped with the time a
 * scanner would have typed it (`timestamp`, which Chromium gives the page as `event.timeStamp`): a
 * busy test machine can hold one key back for a quarter of a second between sends, which the station
 * rightly reads as a stalled scan and discards (CI saw it). The stamps start a little ahead of the
 * clock, so that the station's own silence timer (real time past the last key's stamp) cannot fire
 * between two keys that are merely late; the call returns once the clock has passed the last stamp,
 * so keys typed afterwards come after it.
 */
export async function typeAsScanner(page: Page, code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const start = Date.now() + SCAN_AHEAD_MS;
  let key = 0;
  const stamp = () => (start + SCAN_KEY_MS * key++) / 1000;
  try {
    const sent: Array<Promise<unknown>> = [];
    for (const ch of code) {
      const timestamp = stamp();
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch, timestamp }));
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp }));
    }
    const timestamp = stamp();
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', unmodifiedText: '\r', timestamp }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, timestamp }));
    await Promise.all(sent);
  } finally {
    await cdp.detach();
  }
  const ahead = start + SCAN_KEY_MS * key + 20 - Date.now();
  if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
}

/**
 * Has the protocol moved on from `stepId` (or finished)? Reads the current step without waiting:
 * once the last step is acknowledged there is no step card, and a plain getAttribute would wait
 * out Playwright's 30 s action timeout for one that never comes.
 */
export async function protocolMovedOn(page: Page, stepId: string | null): Promise<boolean> {
  if ((await page.getByTestId('protocol-complete').count()) > 0) return true;
  const step = page.getByTestId('incident-step');
  if ((await step.count()) === 0) return false;
  return (await step.getAttribute('data-step-id', { timeout: 500 })) !== stepId;
}

/** Setup through the admin screen: one operator with a badge, a name, a role and a PIN. */
export async function createOperator(page: Page, operator: { badge: string; name: string; pin: string }, role: string): Promise<void> {
  await page.getByTestId('new-operator-badge').fill(operator.badge);
  await page.getByTestId('new-operator-name').fill(operator.name);
  await page.getByTestId(`new-operator-role-${role}`).check();
  await page.getByTestId('new-operator-pin').fill(operator.pin);
  await page.getByTestId('create-operator-submit').click();
  await expect.poll(() => page.getByTestId('create-operator-status').textContent()).toContain(operator.name);
}

/**
 * A keyboard-wedge scanner that stalls: each string's keys `keyMs` apart (sent without waiting for
 * each round trip), a real pause of each number's milliseconds between them, then `terminator`
 * (null: the scanner sent none).
 */
export async function typeAsStallingScanner(page: Page, parts: Array<string | number>, terminator: 'Enter' | 'Tab' | null = 'Enter', keyMs = 8): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    for (const part of parts) {
      if (typeof part === 'number') {
        await pause(part);
        continue;
      }
      const sent: Array<Promise<unknown>> = [];
      for (const [i, ch] of [...part].entries()) {
        if (i > 0 && keyMs > 0) await pause(keyMs);
        sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch }));
        sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch }));
      }
      await Promise.all(sent);
    }
    if (terminator === 'Enter') {
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', unmodifiedText: '\r' });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    } else if (terminator === 'Tab') {
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 });
    }
  } finally {
    await cdp.detach();
  }
}

/**
 * A protocol step whose record the walk does not make (issue 12, point 8): if the step card asks
 * for one, says why it could not be made, so the acknowledgement that follows is accepted.
 */
export async function sayWhyRecordNotMade(page: Page, reason = 'Not part of this walk'): Promise<void> {
  const field = page.getByTestId('incident-step').getByTestId('step-could-not');
  if ((await field.count()) > 0) await field.fill(reason);
}

/** The demo's simulator drawer starts closed (issue 12, point 10): open it unless it is open. */
export async function openSimulator(page: Page): Promise<void> {
  const toggle = page.getByTestId('simulator-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.locator('#simulator-body').waitFor();
}

/**
 * The open letter on screen walked from its details to Deliver by mouse: type letter, `recipient`,
 * a typed weight, inspection, X-ray skipped, cleared. Returns when the deliver step shows.
 */
export async function walkLetterToDeliver(page: Page, recipient: string, weightReason = 'Scale out of order'): Promise<void> {
  await page.getByTestId('details-step').waitFor();
  await page.getByTestId('item-type-letter').check();
  await page.getByTestId('details-recipient').fill(recipient);
  await page.getByTestId('details-submit').click();
  await page.getByTestId('weigh-step').waitFor();
  await page.getByTestId('manual-weight-open').click();
  await page.getByTestId('manual-weight-value').fill('20');
  await page.getByTestId('manual-weight-reason').fill(weightReason);
  await page.getByTestId('manual-weight-submit').click();
  await page.getByTestId('inspect-step').waitFor();
  await page.getByTestId('inspect-submit').click();
  await page.getByTestId('xray-step').waitFor();
  await page.getByTestId('skip-xray-open').click();
  await page.getByTestId('skip-xray-reason').fill('Low-risk letter, site policy allows');
  await page.getByTestId('skip-xray-submit').click();
  await page.getByTestId('clear-step').waitFor();
  await page.getByTestId('clear-submit').click();
  await page.getByTestId('deliver-step').waitFor();
}

/**
 * The admin changes a site setting on a second screen of the station. One operator at a time: that
 * login locks `page` (which says so); `change` fills the admin screen's site form on the second screen,
 * which is saved and locked, and the admin logs back in on `page`.
 */
export async function changeSiteOnSecondScreen(
  browser: Browser,
  url: string,
  page: Page,
  admin: { badge: string; pin: string },
  change: (second: Page) => Promise<void>,
): Promise<void> {
  const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    const second = await other.newPage();
    await second.goto(url);
    await logIn(second, admin.badge, admin.pin);
    await page.getByTestId('lock-screen').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('lock-notice').textContent()).toMatch(/another screen/);
    await second.getByTestId('nav-admin').click();
    await change(second);
    await second.getByTestId('site-save').click();
    await expect.poll(() => second.getByTestId('site-status').textContent()).toMatch(/Saved/);
    await second.getByTestId('lock-button').click();
    await second.getByTestId('lock-screen').waitFor();
  } finally {
    await other.close();
  }
  await logIn(page, admin.badge, admin.pin);
}
