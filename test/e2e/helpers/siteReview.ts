// The two-station setup of the remote second review's e2e files (station B's Site review tab and
// the site console): reviewers on the site roster trained for X-ray, a demo station joined to the
// site behind its own web host, and station A's parcel walked to an inconclusive X-ray.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { hashPin } from '../../../src/main/core/pin.ts';
import { startStation, type RunningStation } from '../../../src/main/core/startStation.ts';
import { startWebHost, type RunningWebHost } from '../../../src/main/hosts/web/index.ts';
import { addRosterOperator, addStation, recordRosterTraining } from '../../../src/main/site/index.ts';
import { Store } from '../../../src/main/store/index.ts';
import type { SiteDatabase } from '../../helpers/siteDatabase.ts';
import { waitFor } from '../../helpers/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface Reviewer {
  badge: string;
  name: string;
  pin: string;
}

/** Screeners of the site roster with an X-ray qualification current for a year, as the site admin records them. */
export async function addTrainedReviewers(siteDb: SiteDatabase, people: readonly Reviewer[]): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  for (const person of people) {
    const pin = await hashPin(person.pin);
    await addRosterOperator(siteDb.admin, { badge: person.badge, name: person.name, role: 'screener', pinSalt: pin.salt, pinHash: pin.hash });
    await recordRosterTraining(siteDb.admin, person.badge, { kind: 'xrayOperator', completedOn: today, expiresOn: nextYear, trainer: 'Vendor' });
  }
}

/**
 * A demo station joined to the site with its own role, behind its own web host, once the site
 * roster (these `people`) has reached it: no first-run setup, the site's operators log in. Its data
 * folder goes into `folders`, for the caller to remove; the caller closes the host and the station.
 */
export async function serveJoinedStation(siteDb: SiteDatabase, people: readonly Reviewer[], folders: string[]): Promise<{ station: RunningStation; host: RunningWebHost }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailscreen-e2e-review-'));
  folders.push(dataDir);
  const store = Store.open(path.join(dataDir, 'mailscreen.sqlite'));
  const stationId = store.stationId;
  store.close();
  const login = await addStation(siteDb.admin, stationId);
  writeFileSync(path.join(dataDir, 'station.json'), JSON.stringify({ site: { postgres: siteDb.site.url(login.role, login.password) } }));
  chmodSync(path.join(dataDir, 'station.json'), 0o600);
  const station = await startStation({ dataDir, demo: true, version: 'e2e' });
  const host = await startWebHost({ endpoint: station.endpoint, rendererDir: path.join(ROOT, 'out/renderer'), port: 0, log: () => undefined });
  await waitFor('the site roster at the station', () => people.every((person) => station.station.store.operators.byBadge(person.badge) !== null) || undefined, 30_000);
  return { station, host };
}

/** At a logged-in station: a parcel taken in, weighed by hand, inspected and X-rayed, its verdict inconclusive. Its custody ID. */
export async function inconclusiveXray(page: Page): Promise<string> {
  await page.getByTestId('scan-input').fill('9400111899223397621346');
  await page.getByTestId('scan-input').press('Enter');
  const workspace = page.getByTestId('item-workspace');
  await workspace.waitFor();
  await expect.poll(() => workspace.getAttribute('data-custody-id')).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  const custodyId = (await workspace.getAttribute('data-custody-id'))!;
  await page.getByTestId('details-step').waitFor();
  await page.getByTestId('item-type-parcel').check();
  await page.getByTestId('details-recipient').fill('Mailroom');
  await page.getByTestId('details-submit').click();
  await page.getByTestId('weigh-step').waitFor();
  await page.getByTestId('manual-weight-open').click();
  await page.getByTestId('manual-weight-value').fill('800');
  await page.getByTestId('manual-weight-reason').fill('Test parcel');
  await page.getByTestId('manual-weight-submit').click();
  await page.getByTestId('inspect-submit').click();
  await page.getByTestId('xray-request').click();
  await page.getByTestId('verdict-form').waitFor({ timeout: 30_000 });
  await page.getByTestId('verdict-inconclusive').check();
  await page.getByTestId('verdict-notes').fill('Dense mass top left, cannot tell');
  await page.getByTestId('verdict-submit').click();
  await page.getByTestId('needs-second-reviewer').waitFor();
  return custodyId;
}
