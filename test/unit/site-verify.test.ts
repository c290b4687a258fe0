// verify --db F --site: a station database against what the site holds of its chain.
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStation, compareWithSite, PostgresSiteLink } from '../../src/main/site/index.ts';
import { Store } from '../../src/main/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import type { ThrowawayPostgres } from '../helpers/postgres.ts';
import { startSiteDatabase } from '../helpers/siteDatabase.ts';
import { appendNotes, publishedEvents } from '../helpers/siteEvents.ts';
import { tempDir } from '../helpers/station.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
let stopSite: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ site, admin, stop: stopSite } = await startSiteDatabase());
}, 180_000);
afterAll(() => stopSite?.(), 180_000);

interface SiteVerdict {
  ok: boolean;
  problems: string[];
  site: { standing: string; waiting: number; firstDifferentSeq?: number; siteHead: { seq: number } | null; stationHead: { seq: number } | null; note?: string };
}

function verifySite(file: string, url: string): { status: number | null; verdict: SiteVerdict; stderr: string } {
  const result = runCli(['verify', '--db', file, '--site', url]);
  return { status: result.status, verdict: result.stdout ? (JSON.parse(result.stdout) as SiteVerdict) : (null as unknown as SiteVerdict), stderr: result.stderr };
}

/** A station joined to the site, `n` notes published; its file and connection string. */
async function publishedStation(n: number): Promise<{ file: string; url: string; stationId: string; publishAll: () => Promise<void> }> {
  const file = path.join(tempDir('mailscreen-site-verify-'), 'station.sqlite');
  const store = Store.open(file);
  appendNotes(store, n);
  const stationId = store.stationId;
  const login = await addStation(admin, stationId);
  const url = site.url(login.role, login.password);
  const publishAll = async () => {
    const s = Store.open(file);
    const link = new PostgresSiteLink(url);
    try {
      await link.publish(stationId, publishedEvents(s));
    } finally {
      await link.close();
      s.close();
    }
  };
  store.close();
  await publishAll();
  return { file, url, stationId, publishAll };
}

function withStore(file: string, work: (store: Store) => void): void {
  const store = Store.open(file);
  try {
    work(store);
  } finally {
    store.close();
  }
}

describe('verify --site', () => {
  it('holds when the site has all of it, and when the station is ahead by events waiting to be sent', async () => {
    const station = await publishedStation(3);
    const same = verifySite(station.file, station.url);
    expect(same.status, same.stderr).toBe(0);
    expect(same.verdict.site).toMatchObject({ standing: 'same', waiting: 0, siteHead: { seq: 4 }, stationHead: { seq: 4 } });
    withStore(station.file, (store) => appendNotes(store, 2, 'later'));
    const ahead = verifySite(station.file, station.url);
    expect(ahead.status, ahead.stderr).toBe(0);
    expect(ahead.verdict.site).toMatchObject({ standing: 'ahead', waiting: 2, note: expect.stringMatching(/ahead of the site by 2 events waiting to be sent/) });
  });

  it('fails a database restored from a backup older than what the site holds, with words saying so', async () => {
    const station = await publishedStation(3);
    const backup = path.join(tempDir('mailscreen-site-backup-'), 'old.sqlite');
    copyFileSync(station.file, backup);
    withStore(station.file, (store) => appendNotes(store, 4, 'after-backup'));
    await station.publishAll();
    const restored = verifySite(backup, station.url);
    expect(restored.status).toBe(1);
    expect(restored.verdict.ok).toBe(false);
    expect(restored.verdict.site).toMatchObject({ standing: 'behind', siteHead: { seq: 8 }, stationHead: { seq: 4 } });
    expect(restored.verdict.problems[0]).toMatch(/this database is behind the site: its chain ends at event 4, but the site holds station .*'s events up to 8 \(4 events removed from its end, or the database was restored from an older backup\)/);
  });

  it('fails a database truncated behind the site\'s head (its chain otherwise whole)', async () => {
    const station = await publishedStation(5);
    const db = new Database(station.file);
    db.exec('DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq > 3');
    db.close();
    const truncated = verifySite(station.file, station.url);
    expect(truncated.status).toBe(1);
    expect(truncated.verdict.site).toMatchObject({ standing: 'behind', siteHead: { seq: 6 }, stationHead: { seq: 3 } });
    expect(truncated.verdict.problems.join('\n')).toMatch(/this database is behind the site: its chain ends at event 3.*3 events removed from its end/);
    // Without the site, the same database passes: only the outside anchor sees the loss.
    const alone = runCli(['verify', '--db', station.file, '--full']);
    expect(alone.status, alone.stdout).toBe(0);
  });

  it('takes the site from station.json in the database\'s folder when --site names none', async () => {
    const station = await publishedStation(2);
    const folder = path.dirname(station.file);
    const none = runCli(['verify', '--db', station.file, '--site']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/names no site; give --site <connection string>/);
    writeFileSync(path.join(folder, 'station.json'), JSON.stringify({ site: { postgres: station.url } }), { mode: 0o600 });
    const db = new Database(station.file);
    db.exec('DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq > 2');
    db.close();
    for (const args of [['--site'], ['--site', '--full']]) {
      const result = runCli(['verify', '--db', station.file, ...args]);
      expect(result.status, result.stderr).toBe(1);
      expect((JSON.parse(result.stdout) as SiteVerdict).site).toMatchObject({ standing: 'behind', stationHead: { seq: 2 } });
    }
  });

  it('fails a database rewritten after it was published, naming the first event that differs', async () => {
    const station = await publishedStation(3);
    const backup = path.join(tempDir('mailscreen-site-backup-'), 'old.sqlite');
    copyFileSync(station.file, backup);
    withStore(station.file, (store) => appendNotes(store, 4, 'published'));
    await station.publishAll();
    // The old copy goes on with other events: as many as the site holds, and one more.
    withStore(backup, (store) => appendNotes(store, 5, 'other'));
    const rewritten = verifySite(backup, station.url);
    expect(rewritten.status).toBe(1);
    expect(rewritten.verdict.site).toMatchObject({ standing: 'differs', firstDifferentSeq: 5 });
    expect(rewritten.verdict.problems.join('\n')).toMatch(/this database differs from what the site holds of station .* from event 5 on/);
  });

  it('cannot reach the site: exit 2, one line, no password', () => {
    const file = path.join(tempDir('mailscreen-site-verify-'), 'station.sqlite');
    withStore(file, () => undefined);
    const result = runCli(['verify', '--db', file, '--site', 'postgres://someone:hunter22@127.0.0.1:1/site']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^mailscreen: verify --site: the site database at 127\.0\.0\.1:1\/site cannot be used now/);
    expect(result.stderr).not.toContain('hunter22');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a connection string that is another station\'s, rather than saying nothing is published', async () => {
    const mine = await publishedStation(1);
    const other = await publishedStation(1);
    const wrong = runCli(['verify', '--db', mine.file, '--site', other.url]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(new RegExp(`the site shows this login no station ${mine.stationId}: either the station is not part of the site, or the connection string is another station's`));
  });

  it('takes one outside head at a time', () => {
    const result = runCli(['verify', '--db', 'x.sqlite', '--site', 'postgres://a@b/c', '--head', `1:${'0'.repeat(64)}`]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/verify takes one outside head/);
  });
});

describe('compareWithSite', () => {
  const hashes = (n: number, tag: string, from = 1) => new Map(Array.from({ length: n }, (_, i) => [i + 1, i + 1 >= from ? `${tag}${i + 1}` : `same${i + 1}`]));
  const side = (map: Map<number, string>) => ({
    head: map.size ? { seq: map.size, hash: map.get(map.size)! } : null,
    asked: 0,
    hashesAt(seqs: readonly number[]) {
      this.asked += seqs.length;
      return new Map(seqs.filter((s) => map.has(s)).map((s) => [s, map.get(s)!]));
    },
  });

  it('finds the first seq that differs in a long chain asking a few hashes, not all', async () => {
    const here = side(hashes(100_000, 'here', 61_234));
    const there = side(hashes(90_000, 'site', 61_234));
    const verdict = await compareWithSite('S', here, there);
    expect(verdict).toMatchObject({ standing: 'differs', firstDifferentSeq: 61_234, ok: false });
    expect(there.asked).toBeLessThan(100);
  });

  it('is behind and differs at once when both hold', async () => {
    const verdict = await compareWithSite('S', side(hashes(10, 'x', 8)), side(hashes(12, 'y', 8)));
    expect(verdict.standing).toBe('differs');
    expect(verdict.problems).toHaveLength(2);
  });
});
