import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConsole, addStation, applySiteSchema, PostgresSiteLink, SITE_MIGRATIONS, SiteChainRefused, SiteUnreachable, type PublishedEvent } from '../../src/main/site/index.ts';
import { contentHash, type Store } from '../../src/main/store/index.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/postgres.ts';
import { appendNotes, publishedEvents, stationWithEvents, syntheticChain } from '../helpers/siteEvents.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
const stores: Store[] = [];
const links: PostgresSiteLink[] = [];

async function stationLink(store: Store): Promise<PostgresSiteLink> {
  const login = await addStation(admin, store.stationId);
  const link = new PostgresSiteLink(site.url(login.role, login.password));
  links.push(link);
  return link;
}

function station(n: number): Store {
  const store = stationWithEvents(n);
  stores.push(store);
  return store;
}

async function siteEvents(stationId: string): Promise<{ seq: number; hash: string; payload: string }[]> {
  const { rows } = await admin.query<{ seq: string; hash: string; payload: string }>('SELECT seq, hash, payload FROM station_events WHERE station = $1 ORDER BY seq', [stationId]);
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

async function alarms(stationId: string): Promise<{ kind: string; details: { atSeq: number; message: string } }[]> {
  return (await admin.query('SELECT kind, details FROM site_alarms WHERE station = $1 ORDER BY id', [stationId])).rows;
}

async function refusal(promise: Promise<unknown>): Promise<SiteChainRefused> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SiteChainRefused);
  return error as SiteChainRefused;
}

async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: site.adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

beforeAll(async () => {
  site = await startThrowawayPostgres();
  admin = await adminClient();
  await applySiteSchema(admin);
}, 180_000);

afterAll(async () => {
  for (const link of links) await link.close();
  for (const store of stores) store.close();
  await admin?.end();
  await site?.stop();
}, 180_000);

describe('the site schema', () => {
  it('is applied once: a second site init changes nothing', async () => {
    const again = await applySiteSchema(admin);
    expect(again.applied).toEqual([]);
    expect(again.from).toBe(again.to);
    const { rows } = await admin.query('SELECT version FROM site_schema_migrations ORDER BY version');
    expect(rows.map((r: { version: number }) => r.version)).toEqual(SITE_MIGRATIONS.map((m) => m.version));
  });
});

describe('PostgresSiteLink', () => {
  it('takes two stations publishing interleaved, each chain whole and apart', async () => {
    const a = station(5);
    const b = station(7);
    const [linkA, linkB] = [await stationLink(a), await stationLink(b)];
    expect(await linkA.head(a.stationId)).toBeNull();
    const eventsA = publishedEvents(a);
    const eventsB = publishedEvents(b);
    await linkA.publish(a.stationId, eventsA.slice(0, 2));
    await linkB.publish(b.stationId, eventsB.slice(0, 3));
    await Promise.all([linkA.publish(a.stationId, eventsA.slice(2)), linkB.publish(b.stationId, eventsB.slice(3, 5))]);
    expect(await linkB.publish(b.stationId, eventsB.slice(5))).toEqual({ seq: 8, hash: eventsB[7]!.hash });
    expect(await linkA.head(a.stationId)).toEqual({ seq: 6, hash: eventsA[5]!.hash });
    expect(await siteEvents(a.stationId)).toEqual(eventsA.map((e) => ({ seq: e.seq, hash: e.hash, payload: e.payload })));
    expect(await siteEvents(b.stationId)).toEqual(eventsB.map((e) => ({ seq: e.seq, hash: e.hash, payload: e.payload })));
    // The query copy of the payload is PostgreSQL's parse of the text as hashed.
    const { rows } = await admin.query("SELECT payload_json->>'error' AS error FROM station_events WHERE station = $1 AND seq = 2", [a.stationId]);
    expect(rows[0].error).toBe('event 0 "quoted" ünïcode');
  });

  it('adds nothing twice: a batch sent again, or overlapping what the site holds, adds only what is new', async () => {
    const a = station(6);
    const link = await stationLink(a);
    const events = publishedEvents(a);
    await link.publish(a.stationId, events.slice(0, 4));
    expect(await link.publish(a.stationId, events.slice(0, 4))).toEqual({ seq: 4, hash: events[3]!.hash });
    expect(await link.publish(a.stationId, events.slice(2))).toEqual({ seq: 7, hash: events[6]!.hash });
    expect(await link.publish(a.stationId, events)).toEqual({ seq: 7, hash: events[6]!.hash });
    expect((await siteEvents(a.stationId)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await alarms(a.stationId)).toEqual([]);
  });

  it('refuses a gap: nothing of the batch added, an alarm row written', async () => {
    const a = station(6);
    const link = await stationLink(a);
    const events = publishedEvents(a);
    await link.publish(a.stationId, events.slice(0, 3));
    const refused = await refusal(link.publish(a.stationId, events.slice(4)));
    expect(refused.atSeq).toBe(5);
    expect(refused.siteHead).toEqual({ seq: 3, hash: events[2]!.hash });
    expect(refused.message).toMatch(/events 4 to 4 are missing/);
    expect((await siteEvents(a.stationId)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await alarms(a.stationId)).toMatchObject([{ kind: 'chain-gap', details: { atSeq: 5 } }]);
  });

  it('refuses a fork (a different event at a seq the site holds) and keeps what it holds', async () => {
    const a = station(3);
    const link = await stationLink(a);
    const events = publishedEvents(a);
    await link.publish(a.stationId, events);
    // The same station's database rewritten from event 3 on (restored, then other events recorded).
    const rewritten: PublishedEvent[] = events.slice(0, 2);
    const body = { ...events[2]!, subjectId: 'other', payload: '{"error":"x","to":"other"}' };
    rewritten.push({ ...body, hash: contentHashOf(body) });
    const refused = await refusal(link.publish(a.stationId, rewritten));
    expect(refused.atSeq).toBe(3);
    expect(refused.message).toMatch(/differs from the one the site holds/);
    expect(await siteEvents(a.stationId)).toEqual(events.map((e) => ({ seq: e.seq, hash: e.hash, payload: e.payload })));
    expect(await alarms(a.stationId)).toMatchObject([{ kind: 'chain-fork', details: { atSeq: 3 } }]);
  });

  it('refuses an event whose content does not give its hash, and one that does not link', async () => {
    const a = station(4);
    const link = await stationLink(a);
    const events = publishedEvents(a);
    await link.publish(a.stationId, events.slice(0, 2));
    const edited = { ...events[2]!, payload: events[2]!.payload.replace('event', 'EVENT') };
    const badHash = await refusal(link.publish(a.stationId, [edited, ...events.slice(3)]));
    expect(badHash.atSeq).toBe(3);
    const unlinked = { ...events[2]!, prevHash: 'f'.repeat(64) };
    const badLink = await refusal(link.publish(a.stationId, [unlinked]));
    expect(badLink.message).toMatch(/does not link to event 2/);
    expect((await siteEvents(a.stationId)).map((e) => e.seq)).toEqual([1, 2]);
    expect((await alarms(a.stationId)).map((x) => x.kind)).toEqual(['chain-hash', 'chain-link']);
    // The station, once its events are whole, goes on.
    expect(await link.publish(a.stationId, events.slice(2))).toEqual({ seq: 5, hash: events[4]!.hash });
  });

  it('stores an evidence file once, by its checked SHA-256', async () => {
    const a = station(0);
    const b = station(0);
    const [linkA, linkB] = [await stationLink(a), await stationLink(b)];
    const bytes = new Uint8Array(Buffer.from('an X-ray image'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await linkA.publishFile(a.stationId, { sha256, bytes });
    await linkA.publishFile(a.stationId, { sha256, bytes });
    await linkB.publishFile(b.stationId, { sha256, bytes });
    const { rows } = await admin.query('SELECT first_station, bytes FROM site_files WHERE sha256 = $1', [sha256]);
    expect(rows).toHaveLength(1);
    expect(rows[0].first_station).toBe(a.stationId);
    expect(Buffer.from(rows[0].bytes).toString()).toBe('an X-ray image');
    await expect(linkA.publishFile(a.stationId, { sha256: '0'.repeat(64), bytes })).rejects.toThrow(/not the file it claims to be/);
  });

  it('resumes after the site was stopped mid-stream: nothing lost, nothing twice', async () => {
    const a = station(10);
    const link = await stationLink(a);
    const events = publishedEvents(a);
    await link.publish(a.stationId, events.slice(0, 4));
    await site.stopServer();
    try {
      const down = await link.publish(a.stationId, events.slice(4, 8)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(down).toBeInstanceOf(SiteUnreachable);
      expect(String((down as Error).message)).not.toContain(site.adminUrl.split(':')[2]!.split('@')[0]!);
      appendNotes(a, 3, 'offline');
    } finally {
      await site.startServer();
      await admin.end().catch(() => undefined);
      admin = await adminClient();
    }
    // What the publisher does after an outage: ask the head, send what follows (here with an overlap).
    const head = await link.head(a.stationId);
    expect(head).toEqual({ seq: 4, hash: events[3]!.hash });
    const all = publishedEvents(a);
    await link.publish(a.stationId, all.slice(2, 9));
    await link.publish(a.stationId, all.slice(9));
    expect(await siteEvents(a.stationId)).toEqual(all.map((e) => ({ seq: e.seq, hash: e.hash, payload: e.payload })));
  });

  it('loses nothing when the site stops while a batch is on its way: all of it or none, then the rest', async () => {
    const stationId = 'ST-STOPPED';
    const login = await addStation(admin, stationId);
    const link = new PostgresSiteLink(site.url(login.role, login.password));
    links.push(link);
    const events = syntheticChain(stationId, 20_000);
    await link.publish(stationId, events.slice(0, 10));
    const inFlight = link.publish(stationId, events.slice(10)).then(
      (head) => head,
      (e: unknown) => e,
    );
    try {
      await site.stopServer();
      const outcome = await inFlight;
      // Whichever came first, the station hears one of the two; never a crash.
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(SiteUnreachable);
      else expect(outcome).toEqual({ seq: 20_000, hash: events.at(-1)!.hash });
    } finally {
      await site.startServer();
      await admin.end().catch(() => undefined);
      admin = await adminClient();
    }
    const head = await link.head(stationId);
    expect([10, 20_000]).toContain(head!.seq);
    await link.publish(stationId, events.slice(head!.seq));
    const { rows } = await admin.query('SELECT count(*)::int AS n, max(seq)::int AS max FROM station_events WHERE station = $1', [stationId]);
    expect(rows[0]).toEqual({ n: 20_000, max: 20_000 });
  });

  it('says so when the station is not part of the site, or the login is another station\'s', async () => {
    const a = station(1);
    const other = station(0);
    const otherLink = await stationLink(other);
    await expect(otherLink.publish(a.stationId, publishedEvents(a))).rejects.toThrow(new RegExp(`shows this login no station ${a.stationId}: either it is not part of the site .* or the connection string is another station's`));
    const console_ = await addConsole(admin, `c-${a.stationId}`);
    const consoleLink = new PostgresSiteLink(site.url(console_.role, console_.password));
    links.push(consoleLink);
    await expect(consoleLink.publish(a.stationId, publishedEvents(a))).rejects.toThrow(/permission denied for table station_heads/);
  });
});

function contentHashOf(event: PublishedEvent): string {
  return contentHash([event.seq, event.at, event.actor, event.station, event.kind, event.subjectType, event.subjectId, event.mode, event.payload, event.prevHash, ''], JSON.parse(event.payload) as Record<string, unknown>);
}
