// startStation and station.json's "site": a station alone opens no link; a station with a site opens
// it once, publishes, and closes it with the station; a station.json others may read with the
// password in it stops the start before any link is opened.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { StationConfigInvalid } from '../../src/main/core/stationConfig.ts';
import type { SiteConnection } from '../../src/main/site/index.ts';
import { FakeSiteLink } from '../helpers/fakeSiteLink.ts';
import { waitFor } from '../helpers/wait.ts';

const PASSWORD = 'n0t-in-any-log';
const SITE = { postgres: `postgresql://station_a:${PASSWORD}@127.0.0.1:5432/site?sslmode=verify-full` };

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataFolder(config: unknown, mode = 0o600): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-site-start-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'station.json');
  writeFileSync(file, JSON.stringify(config));
  chmodSync(file, mode);
  return dir;
}

async function start(dataDir: string, openSiteLink?: (site: SiteConnection) => FakeSiteLink): Promise<RunningStation> {
  const running = await startStation({ dataDir, demo: false, version: 'test', ...(openSiteLink ? { openSiteLink } : {}) });
  cleanups.push(() => running.close());
  return running;
}

describe('startStation and the site', () => {
  it('opens no link for a station alone', async () => {
    const opened: SiteConnection[] = [];
    const running = await start(dataFolder({}), (site) => {
      opened.push(site);
      return new FakeSiteLink();
    });
    expect(running.station.publisher).toBeNull();
    expect(opened).toEqual([]);
  });

  it('opens the configured site once, publishes the record, and closes the link with the station', async () => {
    const link = new FakeSiteLink();
    const opened: SiteConnection[] = [];
    const running = await start(dataFolder({ site: SITE }), (site) => {
      opened.push(site);
      return link;
    });
    expect(opened).toEqual([SITE]);
    const stationId = running.station.store.stationId;
    await waitFor('the genesis event at the site', () => link.events(stationId).length >= 1 && running.station.publisher?.status().state === 'online', 10_000);
    await running.close();
    expect(link.closed).toBe(true);
  });

  it('refuses to start when station.json holds the password and others may read it: no link is opened', async () => {
    const opened: SiteConnection[] = [];
    const refusal = await start(dataFolder({ site: SITE }, 0o644), (site) => {
      opened.push(site);
      return new FakeSiteLink();
    }).catch((error: unknown) => error as Error);
    expect(refusal).toBeInstanceOf(StationConfigInvalid);
    expect((refusal as Error).message).toMatch(/chmod 600 .*station\.json/);
    expect((refusal as Error).message).not.toContain(PASSWORD);
    expect(opened).toEqual([]);
  });

  it('opens the site\'s PostgreSQL database when the host gives no other link: one it cannot reach leaves the station working, offline, the password shown nowhere', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const site = { postgres: `postgresql://station_a:${PASSWORD}@127.0.0.1:${closedPort}/site` };
    const running = await start(dataFolder({ site }));
    const publisher = running.station.publisher!;
    const status = await waitFor('the site seen unreachable', () => (publisher.status().state === 'offline' ? publisher.status() : undefined), 30_000);
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
    // The station works alone meanwhile.
    expect(running.station.store.db.prepare('SELECT count(*) AS n FROM audit_events').get()).toMatchObject({ n: expect.any(Number) });
    expect(running.station.info().stationId).toBe(running.station.store.stationId);
  });
});
