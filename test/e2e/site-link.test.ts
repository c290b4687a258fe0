// The site link in the device bar, in Chromium: a station with a site (an in-memory one the test can
// take down) shows it online, offline with how many events wait while the site is down (intake goes
// on), online again once everything is sent, and the alarm in red when the site holds a chain this
// station's database differs from.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { startWebHost, type RunningWebHost } from '../../src/main/hosts/web/index.ts';
import { FakeSiteLink } from '../helpers/fakeSiteLink.ts';
import { launchChromium, screenshot, setUpAdmin, watchPageErrors } from './harness.ts';
import { ADMIN } from './people.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const site = new FakeSiteLink();
let dataDir: string;
let running: RunningStation;
let host: RunningWebHost;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mailscreen-e2e-site-'));
  const config = path.join(dataDir, 'station.json');
  writeFileSync(config, JSON.stringify({ site: { postgres: 'postgresql://station_a:pw@127.0.0.1:1/site' } }));
  chmodSync(config, 0o600);
  running = await startStation({ dataDir, demo: false, version: 'e2e', openSiteLink: () => site });
  host = await startWebHost({ endpoint: running.endpoint, rendererDir: path.join(ROOT, 'out/renderer'), port: 0, log: () => undefined });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  problems = watchPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await running?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const chip = () => page.getByTestId('site-link-chip');

describe('the site link in the device bar', () => {
  it('online, offline with the events that wait while intake goes on, online again, then the alarm', { timeout: 120_000 }, async () => {
    await setUpAdmin(page, host.url, ADMIN);
    await expect.poll(() => chip().getAttribute('data-state')).toBe('online');
    expect(await chip().textContent()).toMatch(/Site: online/);

    site.behaviour = 'down';
    for (const code of ['RB123456785GB', 'EE123456785US']) {
      await page.getByTestId('scan-input').fill(code);
      await page.getByTestId('scan-input').press('Enter');
      await page.getByTestId('item-workspace').waitFor();
      await page.getByTestId('nav-intake').click();
      await page.getByTestId('intake-screen').waitFor();
    }
    await expect.poll(() => chip().getAttribute('data-state')).toBe('offline');
    const stationId = running.station.store.stationId;
    const waiting = running.station.store.reader.publishing.chainHead()!.seq - site.events(stationId).at(-1)!.seq;
    expect(waiting).toBeGreaterThanOrEqual(2);
    await expect.poll(() => chip().textContent()).toContain(`Site offline: ${waiting} events wait`);
    expect(await chip().getAttribute('title')).toMatch(/not reached: connect ECONNREFUSED.*Work goes on here/);
    await screenshot(page, 'ui-site-link-offline');

    site.behaviour = 'up';
    await expect.poll(() => chip().getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    const local = [...running.station.store.audit.events()].map((event) => event.hash);
    expect(site.events(stationId).map((event) => event.hash).slice(0, local.length)).toEqual(local);

    // The site's copy of this station's chain is rewritten behind its back: the next batch is refused, and that is the alarm.
    const held = [...site.events(stationId)];
    site.hold(stationId, [...held.slice(0, -1), { ...held.at(-1)!, hash: '0'.repeat(64) }]);
    await page.getByTestId('scan-input').fill('LX123456785DE');
    await page.getByTestId('scan-input').press('Enter');
    await page.getByTestId('item-workspace').waitFor();
    await expect.poll(() => chip().getAttribute('data-state'), { timeout: 30_000 }).toBe('refused');
    expect(await chip().textContent()).toMatch(/Site alarm — call the site admin/);
    expect(await chip().getAttribute('title')).toMatch(/from seq \d+.*Publishing has stopped: call the site admin \(verify --db <file> --site\)/);
    await screenshot(page, 'ui-site-link-alarm');
    expect(problems).toEqual([]);
  });
});
