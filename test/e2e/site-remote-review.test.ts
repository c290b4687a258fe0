// The remote second review in Chromium: two demo stations of one site (a throwaway PostgreSQL),
// each behind its own web host. At station A a screener's X-ray is inconclusive; at station B a
// trained reviewer of the site roster finds it in the site's review queue, sees its image and
// records the second review; A's screen then shows the item reviewed (written in A's own chain by
// A's core) and moves on to clearance, and B's screen shows that A wrote it.
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStation } from '../../src/main/core/startStation.ts';
import type { RunningWebHost } from '../../src/main/hosts/web/index.ts';
import { startSiteDatabase, type SiteDatabase } from '../helpers/siteDatabase.ts';
import { expectAccessible, launchChromium, logIn, screenshot, watchPageErrors } from './harness.ts';
import { addTrainedReviewers, inconclusiveXray, serveJoinedStation } from './helpers/siteReview.ts';
const ANA = { badge: 'SITE-ANA-01', name: 'Ana Quartey', pin: '739154' };
const BEN = { badge: 'SITE-BEN-02', name: 'Ben Castillo', pin: '739154' };

let siteDb: SiteDatabase;
const folders: string[] = [];
const stations: RunningStation[] = [];
const hosts: RunningWebHost[] = [];
let browser: Browser;
let pageA: Page;
let pageB: Page;
let problemsA: string[] = [];
let problemsB: string[] = [];

async function serve(): Promise<{ url: string }> {
  const { station, host } = await serveJoinedStation(siteDb, [ANA, BEN], folders);
  stations.push(station);
  hosts.push(host);
  return { url: host.url };
}

beforeAll(async () => {
  siteDb = await startSiteDatabase();
  await addTrainedReviewers(siteDb, [ANA, BEN]);
  const a = await serve();
  const b = await serve();
  browser = await launchChromium();
  pageA = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  pageB = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  problemsA = watchPageErrors(pageA);
  problemsB = watchPageErrors(pageB);
  await pageA.goto(a.url);
  await pageB.goto(b.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const host of hosts) await host.close().catch(() => undefined);
  for (const station of stations) await station.close().catch(() => undefined);
  await siteDb?.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 180_000);

describe('the remote second review, station A and station B', () => {
  it('A\'s inconclusive X-ray is reviewed at B from the site\'s queue; A shows the review written in its record', { timeout: 240_000 }, async () => {
    // Station A: the X-ray is inconclusive.
    await logIn(pageA, ANA.badge, ANA.pin);
    const custodyId = await inconclusiveXray(pageA);
    await pageA.getByTestId('second-review-site').waitFor();
    await screenshot(pageA, 'ui-site-review-a-inconclusive');

    // Station B: the queue, the image, the second review.
    await logIn(pageB, BEN.badge, BEN.pin);
    await pageB.getByTestId('nav-siteReview').click();
    await pageB.getByTestId('site-review-screen').waitFor();
    const row = pageB.locator(`[data-testid="site-review-row"][data-custody-id="${custodyId}"]`);
    // The queue is read again every 10 s; A publishes within seconds.
    await row.waitFor({ timeout: 60_000 });
    await expectAccessible(pageB, 'site review queue');
    await screenshot(pageB, 'ui-site-review-b-queue');
    await row.getByTestId('site-review-open').click();
    await pageB.getByTestId('site-review-scan').waitFor();
    await expect.poll(() => pageB.getByTestId('site-review-scan').getByTestId('xray-viewer').getAttribute('data-has-image'), { timeout: 30_000 }).toBe('true');
    expect(await pageB.getByTestId('xray-fingerprint').getAttribute('data-sha256')).toMatch(/^[0-9a-f]{64}$/);
    await pageB.getByTestId('site-review-verdict-clear').check();
    await pageB.getByTestId('site-review-notes').fill('Books and a charger cable, seen at B');
    await screenshot(pageB, 'ui-site-review-b-image');
    await expectAccessible(pageB, 'site review of a scan');
    await pageB.getByTestId('site-review-submit').click();
    const answer = pageB.locator(`[data-testid="site-review-answer"][data-custody-id="${custodyId}"]`);
    await answer.waitFor({ timeout: 30_000 });

    // Station A: its follower writes the review through A's own core; the item moves on to clearance.
    await pageA.getByTestId('clear-step').waitFor({ timeout: 60_000 });
    await screenshot(pageA, 'ui-site-review-a-reviewed');
    const stationA = stations[0]!.station;
    const scan = stationA.workflow.records.xray_scans.forItem(custodyId).at(-1)!;
    expect(scan).toMatchObject({ verdict: 'inconclusive', secondVerdict: 'clear', secondNotes: 'Books and a charger cable, seen at B', secondReviewerId: stationA.store.operators.byBadge(BEN.badge)!.id });
    expect(stationA.store.audit.eventsFor('item', custodyId).find((event) => event.kind === 'xray.secondReview')?.payload).toMatchObject({ remote: { station: stations[1]!.station.store.stationId } });

    // Station B: its answer, written at A (the queue is read again every 10 s).
    await expect.poll(() => answer.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('written');
    expect(await pageB.locator(`[data-testid="site-review-row"][data-custody-id="${custodyId}"]`).count()).toBe(0);
    await screenshot(pageB, 'ui-site-review-b-written');
    expect([...problemsA, ...problemsB]).toEqual([]);
  });
});
