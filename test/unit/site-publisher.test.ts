// The station publishes its record to the site: the audit log is the outbox. Everything committed
// reaches the site in order and exactly once, through outages, lost replies and restarts; nothing
// uncommitted does; a chain the site cannot take is an alarm; intake never waits for any of it.
import { createHash } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { memoryLog } from '../../src/main/log.ts';
import { SiteChainRefused, type PublishedEvent, type SiteHead } from '../../src/main/site/index.ts';
import { readAuditEvent, type SiteLinkStatus } from '../../src/shared/contract/index.ts';
import { canonicalJson, verifyStore } from '../../src/main/store/index.ts';
import { FakeSiteLink } from '../helpers/fakeSiteLink.ts';
import { addOperator, auditCount, coordinatorScreen, makeStation, quarantinedSuspectParcel, tempDir } from '../helpers/station.ts';
import { waitFor } from '../helpers/wait.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FAST = { retry: { firstMs: 10, maxMs: 40 }, pollMs: 50, statusEveryMs: 0, batchSize: 7 };

interface Made {
  station: Station;
  site: FakeSiteLink;
  statuses: SiteLinkStatus[];
  log: ReturnType<typeof memoryLog>;
}

function publishingStation(site: FakeSiteLink, options: { dbPath?: string; imageStore?: string; tuning?: Partial<typeof FAST & { callTimeoutMs: number }>; start?: boolean } = {}): Made {
  const log = memoryLog();
  const station = makeStation({
    ...(options.dbPath ? { dbPath: options.dbPath } : {}),
    ...(options.imageStore ? { imageStore: options.imageStore } : {}),
    log,
    site: { link: site, redact: (text) => text.split('S3cret-pw').join('***'), tuning: { ...FAST, ...options.tuning } },
  });
  const statuses: SiteLinkStatus[] = [];
  station.bus.subscribe(({ event, payload }) => {
    if (event === 'site.link') statuses.push(payload as SiteLinkStatus);
  });
  cleanups.push(() => station.shutdown());
  if (options.start ?? true) station.start();
  return { station, site, statuses, log };
}

/** Adds `count` events to the station's record, each in its own transaction, as steps do. */
function record(station: Station, count: number, label = 'note'): void {
  for (let i = 0; i < count; i++) {
    station.store.transaction(() =>
      station.store.audit.append({ actor: 'operator:a', kind: 'records.backupFailed', subjectType: 'station', subjectId: `${label}-${i}`, mode: 'live', payload: { to: `${label}-${i}`, error: `event ${i}` } }),
    );
  }
}

function localChain(station: Station): Array<{ seq: number; hash: string }> {
  return [...station.store.audit.events()].map((event) => ({ seq: event.seq, hash: event.hash }));
}

function siteChain(site: FakeSiteLink, station: Station): Array<{ seq: number; hash: string }> {
  return site.events(station.store.stationId).map((event) => ({ seq: event.seq, hash: event.hash }));
}

async function caughtUp(made: Made, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    'the site to hold the whole local chain',
    () => {
      const local = localChain(made.station);
      return siteChain(made.site, made.station).length === local.length && made.station.publisher?.status().state === 'online';
    },
    timeoutMs,
  );
  expect(siteChain(made.site, made.station)).toEqual(localChain(made.station));
}

async function loggedIn(station: Station): Promise<StationConnection> {
  const operator = await addOperator(station, 'screener');
  const screen = station.connect();
  const login = await screen.call('session.login', { badge: operator.badge, pin: '2468' });
  expect(login.ok).toBe(true);
  return screen;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('no site configured', () => {
  it('starts nothing of the site: no publisher, no link status, no site.link push', async () => {
    const station = makeStation();
    cleanups.push(() => station.shutdown());
    const pushed: string[] = [];
    station.bus.subscribe(({ event }) => pushed.push(event));
    station.start();
    record(station, 3);
    expect(station.publisher).toBeNull();
    const screen = await loggedIn(station);
    const answer = await screen.call('site.link', {});
    expect(answer).toEqual({ ok: true, value: { status: null } });
    await pause(50);
    expect(pushed).not.toContain('site.link');
  });
});

describe('publishing the record', () => {
  it('sends every committed event in order, exactly once, in batches after the site head', async () => {
    const made = publishingStation(new FakeSiteLink());
    record(made.station, 30);
    await caughtUp(made);
    const batches = made.site.calls.filter((call) => call.call === 'publish');
    for (const batch of batches) expect(batch.last - batch.first + 1).toBeLessThanOrEqual(FAST.batchSize);
    // Each event is sent once when nothing fails: the batches tile the chain.
    const sent = batches.flatMap((batch) => Array.from({ length: batch.last - batch.first + 1 }, (_, i) => batch.first + i));
    expect(sent).toEqual(localChain(made.station).map((link) => link.seq));
    // The payload is the stored canonical text, as hashed.
    const stored = made.station.store.reader.publishing.eventsAfter(0, 1)[0]!;
    expect(made.site.events(made.station.store.stationId)[0]!.payload).toBe(stored.payload);
  });

  it('keeps events while the site is down, says how many wait, and sends them all once when it is back', async () => {
    const made = publishingStation(new FakeSiteLink());
    record(made.station, 3);
    await caughtUp(made);
    made.site.behaviour = 'down';
    record(made.station, 20, 'offline');
    await waitFor('the link to say offline', () => made.station.publisher?.status().state === 'offline');
    await waitFor('the waiting count to reach 20', () => made.station.publisher?.status().waiting === 20);
    // The device bar hears it too: the last push says offline with 20 waiting.
    await waitFor('a push of 20 waiting', () => made.statuses.at(-1)?.state === 'offline' && made.statuses.at(-1)?.waiting === 20);
    const offline = made.statuses.filter((status) => status.state === 'offline').at(-1)!;
    expect(offline.detail).toMatch(/not reached/);
    expect(made.log.lines.join('\n')).toMatch(/site link: the site is not reached: connect ECONNREFUSED/);
    made.site.behaviour = 'up';
    await caughtUp(made);
    expect(made.statuses.at(-1)).toMatchObject({ state: 'online', waiting: 0 });
  });

  it('sends nothing uncommitted: a transaction held open is waited for, and what it rolls back never leaves', async () => {
    const made = publishingStation(new FakeSiteLink());
    record(made.station, 2);
    await caughtUp(made);
    const db = made.station.store.db;
    db.exec('BEGIN IMMEDIATE');
    made.station.store.audit.append({ actor: 'operator:a', kind: 'records.backupFailed', subjectType: 'station', subjectId: 'UNCOMMITTED', mode: 'live', payload: { to: 'x', error: 'never committed' } });
    await pause(300);
    db.exec('ROLLBACK');
    expect(made.site.events(made.station.store.stationId).map((event) => event.subjectId)).not.toContain('UNCOMMITTED');
    record(made.station, 2, 'after');
    await caughtUp(made);
    expect(made.site.events(made.station.store.stationId).map((event) => event.subjectId)).not.toContain('UNCOMMITTED');
  });

  it('takes a batch the site added but whose reply was lost: asks the head again, nothing twice', async () => {
    const made = publishingStation(new FakeSiteLink(), { start: false });
    record(made.station, 10);
    // The first batch is added at the site and its reply lost on the way back.
    const publish = made.site.publish.bind(made.site);
    let lost = 0;
    made.site.publish = (station: string, events: readonly PublishedEvent[]) => {
      if (lost === 0) {
        lost++;
        made.site.behaviour = 'loseReply';
      }
      return publish(station, events);
    };
    made.station.start();
    await caughtUp(made);
    const calls = made.site.calls.map((call) => call.call);
    // head, the batch whose reply was lost, head again (from where the site really is), the rest.
    expect(calls.slice(0, 3)).toEqual(['head', 'publish', 'head']);
    const second = made.site.calls.filter((call) => call.call === 'publish')[1]!;
    expect(second).toMatchObject({ first: FAST.batchSize + 1 });
  });

  it('the site skips a batch sent twice (the promise the publisher relies on)', async () => {
    const made = publishingStation(new FakeSiteLink(), { start: false });
    record(made.station, 4);
    const events = made.station.store.reader.publishing.eventsAfter(0, 100) as PublishedEvent[];
    const first = await made.site.publish(made.station.store.stationId, events);
    const again = await made.site.publish(made.station.store.stationId, events);
    expect(again).toEqual(first);
    expect(made.site.events(made.station.store.stationId)).toHaveLength(events.length);
  });

  it('resumes after a restart from the site head: a new publisher on the same database sends only what the site lacks', async () => {
    const dbPath = path.join(tempDir('mailscreen-publisher-restart-'), 'station.sqlite');
    const site = new FakeSiteLink();
    const first = publishingStation(site, { dbPath });
    record(first.station, 12);
    await waitFor('a first batch at the site', () => site.events(first.station.store.stationId).length >= FAST.batchSize);
    // The station dies mid-stream: its next call hangs, and it closes with the call unanswered.
    site.behaviour = 'hang';
    record(first.station, 12, 'late');
    await pause(100);
    await first.station.shutdown();
    const before = site.events(first.station.store.stationId).length;
    // What was sent when it died may still land (the batch reached the site, the reply never came).
    site.release();
    const held = site.events(first.station.store.stationId).length;
    expect(held).toBeGreaterThanOrEqual(before);
    site.calls.length = 0;

    const second = publishingStation(site, { dbPath });
    await caughtUp(second);
    const publishes = site.calls.filter((call) => call.call === 'publish');
    expect(site.calls[0]).toEqual({ call: 'head' });
    expect(publishes[0]?.first).toBe(held + 1);
    expect(localChain(second.station)).toHaveLength(auditCount(second.station));
  });

  it('sends the images a batch names before its events, only from the image store, checked against their SHA-256', async () => {
    const imageStore = tempDir('mailscreen-publisher-images-');
    const bytes = Buffer.from('an X-ray image');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(path.join(imageStore, `${sha256}.png`), bytes);
    const outside = tempDir('mailscreen-publisher-outside-');
    const secret = Buffer.from('not an image of ours');
    const secretSha = createHash('sha256').update(secret).digest('hex');
    writeFileSync(path.join(outside, 'secret.png'), secret);
    writeFileSync(path.join(imageStore, 'altered.png'), Buffer.from('altered'));
    const made = publishingStation(new FakeSiteLink(), { imageStore, start: false });
    const captured = (file: string, sha: string, scanRef: string) =>
      made.station.store.transaction(() =>
        made.station.store.audit.append({ actor: 'station', kind: 'xray.imageCaptured', subjectType: 'item', subjectId: 'ITEM-1', mode: 'live', payload: { scanRef, sha256: sha, file } }),
      );
    const good = captured(path.join(imageStore, `${sha256}.png`), sha256, 'good');
    captured(path.join(outside, 'secret.png'), secretSha, 'outside');
    captured(path.join(imageStore, 'altered.png'), sha256, 'altered');
    made.station.start();
    await caughtUp(made);
    expect([...made.site.files.keys()]).toEqual([sha256]);
    expect(Buffer.from(made.site.files.get(sha256)!).equals(bytes)).toBe(true);
    const fileCall = made.site.calls.findIndex((call) => call.call === 'publishFile' && call.sha256 === sha256);
    const eventCall = made.site.calls.findIndex((call) => call.call === 'publish' && call.first <= good.seq && call.last >= good.seq);
    expect(fileCall).toBeGreaterThanOrEqual(0);
    expect(fileCall).toBeLessThan(eventCall);
    const said = made.log.lines.join('\n');
    expect(said).toMatch(/secret\.png\) is not sent to the site: it is missing from the image store/);
    expect(said).toMatch(/altered\.png\) is not sent to the site: it does not match the SHA-256/);
  });

  it('sends the SOP an incident was opened under before its event, under the SHA-256 the event carries; a row that does not match it is not sent', async () => {
    const made = publishingStation(new FakeSiteLink(), { start: false });
    const screen = await coordinatorScreen(made.station);
    const { incidentId } = await quarantinedSuspectParcel(screen);
    const opened = [...made.station.store.audit.events()].find((event) => event.kind === 'incident.opened')!;
    const sha256 = String(opened.payload.protocolSha256);
    const stored = (made.station.store.db.prepare('SELECT protocol FROM incidents WHERE id = ?').get(incidentId) as { protocol: string }).protocol;
    // A second incident whose row was edited after its event: its SOP is not the one the chain names.
    const second = await screen.call('intake.scan', { code: 'SECOND-PARCEL' });
    const secondId = (second as { value: { item: { custodyId: string } } }).value.item.custodyId;
    await screen.call('item.markSuspect', { custodyId: secondId, incidentType: 'other', reason: 'Leaking' });
    const edited = [...made.station.store.audit.events()].filter((event) => event.kind === 'incident.opened')[1]!;
    made.station.store.db.prepare("UPDATE incidents SET protocol = json_set(protocol, '$.title', 'Edited') WHERE number = ?").run(edited.subjectId);
    made.station.start();
    await caughtUp(made);
    expect(made.site.files.has(sha256)).toBe(true);
    expect(Buffer.from(made.site.files.get(sha256)!).toString('utf8')).toBe(canonicalJson(JSON.parse(stored)));
    expect([...made.site.files.keys()]).toEqual([sha256]);
    const fileCall = made.site.calls.findIndex((call) => call.call === 'publishFile' && call.sha256 === sha256);
    const eventCall = made.site.calls.findIndex((call) => call.call === 'publish' && call.first <= opened.seq && call.last >= opened.seq);
    expect(fileCall).toBeGreaterThanOrEqual(0);
    expect(fileCall).toBeLessThan(eventCall);
    expect(made.log.lines.join('\n')).toContain(`the SOP of incident ${edited.subjectId} (event ${edited.seq}) is not sent to the site: its row does not match the SHA-256 its event recorded`);
  });

  it('counts a site that answers with a head short of the batch as not right, and does not loop on it', async () => {
    const site = new FakeSiteLink();
    let publishes = 0;
    site.publish = async (): Promise<SiteHead> => {
      publishes++;
      return { seq: 0, hash: 'x' };
    };
    const made = publishingStation(site, { tuning: { retry: { firstMs: 50, maxMs: 200 } } });
    record(made.station, 3);
    await waitFor('offline', () => made.station.publisher?.status().state === 'offline');
    expect(made.station.publisher?.status().detail).toMatch(/answered with its head at 0 after being sent events up to \d+/);
    await pause(300);
    expect(publishes).toBeLessThan(10);
  });
});

describe('the chain the site holds', () => {
  it('raises the alarm and stops when this database is behind the site (restored from an old backup)', async () => {
    const dir = tempDir('mailscreen-publisher-behind-');
    const dbPath = path.join(dir, 'station.sqlite');
    const site = new FakeSiteLink();
    const first = publishingStation(site, { dbPath });
    record(first.station, 5);
    await caughtUp(first);
    const oldBackup = path.join(dir, 'old.sqlite');
    await first.station.store.backupTo(oldBackup);
    record(first.station, 5, 'later');
    await caughtUp(first);
    const siteSeq = site.events(first.station.store.stationId).at(-1)!.seq;
    await first.station.shutdown();
    const restored = path.join(dir, 'restored.sqlite');
    copyFileSync(oldBackup, restored);

    const second = publishingStation(site, { dbPath: restored });
    await waitFor('the alarm', () => second.station.publisher?.status().state === 'refused');
    const alarm = [...second.station.store.audit.events()].filter((event) => event.kind === 'site.chainRefused');
    expect(alarm).toHaveLength(1);
    expect(alarm[0]!.payload).toMatchObject({ problem: 'behind', siteSeq });
    expect(second.station.publisher?.status().detail).toMatch(/ends at event \d+ but the site holds its chain up to \d+.*Publishing has stopped/);
    expect(second.statuses.at(-1)?.state).toBe('refused');
    expect(second.log.lines.join('\n')).toMatch(/site link: site alarm:/);
    // It stays stopped: more work here sends nothing.
    const calls = site.calls.length;
    record(second.station, 3, 'after-alarm');
    await pause(200);
    expect(site.calls.length).toBe(calls);
    expect(site.events(second.station.store.stationId).at(-1)!.seq).toBe(siteSeq);
  });

  it('raises the alarm when the site holds another event at a position both hold (rewritten or replaced)', async () => {
    const site = new FakeSiteLink();
    const made = publishingStation(site, { start: false });
    record(made.station, 3);
    const mine = made.station.store.reader.publishing.eventsAfter(0, 100) as PublishedEvent[];
    site.hold(made.station.store.stationId, [...mine.slice(0, 2), { ...mine[2]!, hash: 'f'.repeat(64) }]);
    made.station.start();
    await waitFor('the alarm', () => made.station.publisher?.status().state === 'refused');
    const alarm = [...made.station.store.audit.events()].find((event) => event.kind === 'site.chainRefused');
    expect(alarm?.payload).toMatchObject({ problem: 'differs', atSeq: 3 });
    // The alarm is an event of the catalog, written whole, and the station's record still verifies.
    const reading = readAuditEvent(alarm!);
    expect(reading.ok && reading.unchecked).toEqual([]);
    expect(verifyStore(made.station.store.db).ok).toBe(true);
  });

  it('sees while idle that the site now holds more of this station than its database (another machine publishing as it)', async () => {
    const site = new FakeSiteLink();
    const made = publishingStation(site);
    record(made.station, 3);
    await caughtUp(made);
    const mine = made.station.store.reader.publishing.eventsAfter(0, 100) as PublishedEvent[];
    const last = mine.at(-1)!;
    // A clone of this database, elsewhere, published one more event as this station.
    site.hold(made.station.store.stationId, [...mine, { ...last, seq: last.seq + 1, prevHash: last.hash, hash: 'e'.repeat(64) }]);
    await waitFor('the alarm', () => made.station.publisher?.status().state === 'refused');
    const alarm = [...made.station.store.audit.events()].find((event) => event.kind === 'site.chainRefused');
    expect(alarm?.payload).toMatchObject({ problem: 'behind', siteSeq: last.seq + 1 });
  });

  it('raises the alarm and stops when the site refuses a batch (SiteChainRefused is not retried)', async () => {
    const site = new FakeSiteLink();
    let refusals = 0;
    site.publish = async (_station: string, events: readonly PublishedEvent[]): Promise<SiteHead> => {
      refusals++;
      throw new SiteChainRefused('a link that does not hold', null, events[0]!.seq);
    };
    const made = publishingStation(site);
    record(made.station, 4);
    await waitFor('the alarm', () => made.station.publisher?.status().state === 'refused');
    await pause(200);
    expect(refusals).toBe(1);
    const alarm = [...made.station.store.audit.events()].find((event) => event.kind === 'site.chainRefused');
    expect(alarm?.payload).toMatchObject({ problem: 'refused', atSeq: 1 });
  });
});

describe('never in the way of a scan', () => {
  it('takes items in and answers while the site never answers', async () => {
    const site = new FakeSiteLink();
    site.behaviour = 'hang';
    const made = publishingStation(site, { tuning: { batchSize: 500 } });
    const screen = await loggedIn(made.station);
    const before = auditCount(made.station);
    for (let i = 0; i < 5; i++) {
      const scanned = await screen.call('intake.scan', { code: `HANG-${i}` });
      expect(scanned.ok).toBe(true);
    }
    expect(auditCount(made.station)).toBeGreaterThan(before);
    expect(made.station.publisher?.status().state).toBe('connecting');
    site.release();
    await caughtUp(made);
  });

  it('counts a site that does not answer in time as not reached, and tries again', async () => {
    const site = new FakeSiteLink();
    site.behaviour = 'hang';
    const made = publishingStation(site, { tuning: { callTimeoutMs: 100 } });
    record(made.station, 2);
    await waitFor('offline', () => made.station.publisher?.status().state === 'offline');
    expect(made.station.publisher?.status().detail).toMatch(/did not answer in 0 s \(asking for its head\)|did not answer/);
    site.release();
    await caughtUp(made);
  });
});

describe('the site password', () => {
  it('never reaches the log or the status, whatever the driver says', async () => {
    const site = new FakeSiteLink();
    site.head = () => Promise.reject(new Error('connect to postgresql://station_a:S3cret-pw@db/site failed: password S3cret-pw refused'));
    const made = publishingStation(site);
    await waitFor('offline', () => made.station.publisher?.status().state === 'offline');
    const status = made.station.publisher!.status();
    expect(status.detail).toContain('station_a:***@db');
    expect(JSON.stringify(made.statuses)).not.toContain('S3cret-pw');
    expect(made.log.lines.join('\n')).not.toContain('S3cret-pw');
  });
});
