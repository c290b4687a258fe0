import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chmodSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { loadStationConfig, StationConfigInvalid } from '../../src/main/core/stationConfig.ts';
import { WebhookDeliveries, WebhookEndpoint, WebhookSettings } from '../../src/main/notify/index.ts';
import { Store } from '../../src/main/store/index.ts';
import { coordinatorScreen, makeStation, quarantinedSuspectParcel, tempDir } from '../helpers/station.ts';
import { waitFor } from '../helpers/wait.ts';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiving system on loopback: records what it gets and answers with the next planned status (200 when none is left). */
async function receiver(plan: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = plan.shift() ?? 200;
      if (status === 302) response.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' });
      else response.writeHead(status);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/mailscreen`, received };
}

const cleanups: Array<() => unknown> = [];
/** Waits (generously: the machine may be busy) for what the deliveries must bring about. */
const until = (check: () => boolean) => waitFor('the webhook deliveries', () => check() || undefined, 30_000);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function signatureHolds(delivery: Received, secret: string): boolean {
  const timestamp = String(delivery.headers['x-mailscreen-timestamp']);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex');
  return delivery.headers['x-mailscreen-signature'] === `sha256=${expected}`;
}

function endpoint(fields: Record<string, unknown>): WebhookEndpoint {
  return WebhookEndpoint.parse({ name: 'mailroom', secret: SECRET, ...fields });
}

async function liveStation(endpoints: WebhookEndpoint[], mode: 'live' | 'demo' = 'live') {
  const station: Station = makeStation({ mode, webhooks: endpoints });
  cleanups.push(() => station.close());
  station.start();
  const screen = await coordinatorScreen(station);
  return { station, screen };
}

function auditKinds(station: Station, prefix: string): string[] {
  return (station.store.db.prepare(`SELECT kind FROM audit_events WHERE kind LIKE ? ORDER BY seq`).all(`${prefix}%`) as Array<{ kind: string }>).map((row) => row.kind);
}

describe('webhooks to the site\'s other systems', () => {
  it('tells a signed-json endpoint of an item taken in, cleared and delivered, each signed over its timestamp and body', async () => {
    const system = await receiver();
    const { station, screen } = await liveStation([endpoint({ url: system.url })]);
    const custodyId = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: '9400111206206406260787' }), 'scan').item.custodyId;
    must(await screen.call('item.setDetails', { custodyId, itemType: 'letter', recipient: 'Zoë Martínez' }), 'details');
    must(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
    must(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
    must(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
    must(await screen.call('item.clear', { custodyId }), 'clear');
    must(await screen.call('item.deliver', { custodyId, recipient: { kind: 'name', name: 'Zoë Martínez' }, confirmed: true }), 'deliver');

    await until(() => system.received.length === 3);
    const bodies = system.received.map((delivery) => JSON.parse(delivery.body) as { id: string; event: string; mode: string; station: string; item: { custodyId: string; state: string } });
    expect(bodies.map((body) => body.event)).toEqual(['item.received', 'item.cleared', 'item.delivered']);
    expect(bodies.map((body) => body.item.custodyId)).toEqual([custodyId, custodyId, custodyId]);
    expect(bodies.map((body) => body.item.state)).toEqual(['RECEIVED', 'CLEARED', 'DELIVERED']);
    expect(new Set(bodies.map((body) => body.id)).size).toBe(3);
    for (const delivery of system.received) {
      expect(signatureHolds(delivery, SECRET)).toBe(true);
      expect(signatureHolds(delivery, `${SECRET}x`)).toBe(false);
      expect(delivery.headers['content-type']).toBe('application/json');
      // The recipient is personal data: it is not the other systems' to have.
      expect(delivery.body).not.toContain('Zo');
    }
    await until(() => auditKinds(station, 'webhook.').filter((kind) => kind === 'webhook.sent').length === 3);
    // Each delivery queued, sent once, never retried (a delivery may be queued while the one before is still sending).
    expect(auditKinds(station, 'webhook.').sort()).toEqual(['webhook.queued', 'webhook.queued', 'webhook.queued', 'webhook.sending', 'webhook.sending', 'webhook.sending', 'webhook.sent', 'webhook.sent', 'webhook.sent']);
    // Each queued event holds the hash of the body that was sent.
    const queued = station.store.db.prepare(`SELECT payload FROM audit_events WHERE kind = 'webhook.queued' ORDER BY seq`).all() as Array<{ payload: string }>;
    const { createHash } = await import('node:crypto');
    expect(queued.map((row) => (JSON.parse(row.payload) as { bodySha256: string }).bodySha256)).toEqual(system.received.map((delivery) => createHash('sha256').update(delivery.body).digest('hex')));
  });

  it('a suspect item is an alarm to a chat channel (Slack and Teams presets), with its incident', async () => {
    const slack = await receiver();
    const teams = await receiver();
    const { station, screen } = await liveStation([
      endpoint({ name: 'security-slack', url: slack.url, format: 'slack', secret: undefined, events: ['incident.opened'] }),
      endpoint({ name: 'security-teams', url: teams.url, format: 'teams', secret: undefined, events: ['item.markedSuspect', 'incident.opened'] }),
    ]);
    const { custodyId } = await quarantinedSuspectParcel(screen);
    await until(() => slack.received.length === 1 && teams.received.length === 2);
    const incidentNumber = station.workflow.item(custodyId).incidentNumber!;
    const text = (JSON.parse(slack.received[0]!.body) as { text: string }).text;
    expect(text).toContain(custodyId);
    expect(text).toContain('SUSPECT');
    expect(text).toContain(incidentNumber);
    const cards = teams.received.map((delivery) => JSON.parse(delivery.body) as Record<string, string>);
    expect(cards.map((card) => card['@type'])).toEqual(['MessageCard', 'MessageCard']);
    expect(cards.every((card) => card.themeColor === 'D13438' && card.text!.includes(custodyId))).toBe(true);
    // No signature on a chat channel's format: it has no secret.
    expect(slack.received[0]!.headers['x-mailscreen-signature']).toBeUndefined();
  });

  it('demo items stay inside the station unless an endpoint asks for them', async () => {
    const real = await receiver();
    const training = await receiver();
    const { station, screen } = await liveStation(
      [endpoint({ name: 'real-system', url: real.url }), endpoint({ name: 'training-system', url: training.url, modes: ['demo'] })],
      'demo',
    );
    must(await screen.call('intake.scan', { code: '9400111206206406260787' }), 'scan');
    await until(() => training.received.length === 1);
    expect((JSON.parse(training.received[0]!.body) as { mode: string }).mode).toBe('demo');
    expect(real.received).toEqual([]);
    expect((station.store.db.prepare(`SELECT lane FROM webhook_jobs`).all() as Array<{ lane: string }>).map((row) => row.lane)).toEqual(['training-system']);
  });

  it('an incident closed is told with its incident number', async () => {
    const system = await receiver();
    const { station, screen } = await liveStation([endpoint({ url: system.url, events: ['incident.closed'] })]);
    const { custodyId, incidentId } = await quarantinedSuspectParcel(screen);
    const operator = { id: 'op-x', badge: 'B', name: 'Test coordinator', role: 'coordinator' as const };
    station.store.transaction(() => station.workflow.domainEvents.recording({ kind: 'incident.closed', incidentId, custodyId, mode: 'live', operator }));
    await until(() => system.received.length === 1);
    const body = JSON.parse(system.received[0]!.body) as { event: string; incident: { number: string; type: string } };
    expect(body.event).toBe('incident.closed');
    expect(body.incident).toEqual({ number: station.workflow.incidents.byId(incidentId)!.number, type: 'other' });
  });
});

describe('webhook deliveries', () => {
  function deliveriesOn(endpoints: WebhookEndpoint[]) {
    const store = Store.open(path.join(tempDir(), 'station.sqlite'));
    const deliveries = new WebhookDeliveries({ store, endpoints, now: () => new Date(), queue: { retry: { initialMs: 20, maxMs: 40 }, maxAttempts: 3 } });
    cleanups.push(() => store.close());
    cleanups.push(() => deliveries.stop());
    deliveries.start();
    return { store, deliveries };
  }
  const occurrence = { event: 'item.cleared' as const, occurredAt: '2026-12-07T10:00:00.000Z', station: 'S1', mode: 'live' as const, subject: { item: { custodyId: 'AAA-AAA-AAA', trackingNumber: null, carrier: null, itemType: 'letter' as const, state: 'CLEARED' as const }, incident: null } };
  const jobs = (store: Store) => store.db.prepare('SELECT state, attempts, last_error FROM webhook_jobs').all();

  it('retries a system that is down, sending the same body with a fresh signature, and records each attempt', async () => {
    const system = await receiver([503, 500]);
    const { store, deliveries } = deliveriesOn([endpoint({ url: system.url })]);
    store.transaction(() => deliveries.queue(occurrence));
    await until(() => (jobs(store)[0] as { state: string } | undefined)?.state === 'done');
    expect(system.received).toHaveLength(3);
    expect(new Set(system.received.map((delivery) => delivery.body)).size).toBe(1);
    expect(system.received.every((delivery) => signatureHolds(delivery, SECRET))).toBe(true);
    expect(system.received.map((delivery) => delivery.headers['x-mailscreen-delivery'])).toEqual(['1', '1', '1']);
    const kinds = (store.db.prepare(`SELECT kind, payload FROM audit_events WHERE kind LIKE 'webhook.%' ORDER BY seq`).all() as Array<{ kind: string; payload: string }>);
    expect(kinds.map((row) => row.kind)).toEqual(['webhook.queued', 'webhook.sending', 'webhook.retrying', 'webhook.sending', 'webhook.retrying', 'webhook.sending', 'webhook.sent']);
    expect(kinds[2]!.payload).toContain('the system answered 503');
  });

  it('queues nothing when the step that caused it rolls back', async () => {
    const system = await receiver();
    const { store, deliveries } = deliveriesOn([endpoint({ url: system.url })]);
    expect(() =>
      store.transaction(() => {
        deliveries.queue(occurrence);
        throw new Error('the step failed after queuing');
      }),
    ).toThrow('the step failed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(jobs(store)).toEqual([]);
    expect(system.received).toEqual([]);
  });

  it('does not follow a redirect, and never puts the address (a chat webhook\'s secret) in the record', async () => {
    const system = await receiver([302, 302, 302]);
    const secretPath = `${system.url}/T000/B000/XXXXsecretTOKEN`;
    const { store, deliveries } = deliveriesOn([endpoint({ url: secretPath, format: 'slack', secret: undefined })]);
    store.transaction(() => deliveries.queue(occurrence));
    await until(() => (jobs(store)[0] as { state: string } | undefined)?.state === 'failed');
    expect(system.received).toHaveLength(3);
    const job = jobs(store)[0] as { last_error: string };
    expect(job.last_error).toMatch(/302|redirect/);
    const everything = JSON.stringify(store.db.prepare('SELECT * FROM audit_events').all()) + JSON.stringify(store.db.prepare('SELECT * FROM webhook_jobs').all());
    expect(everything).not.toContain('secretTOKEN');
    expect(everything).not.toContain('127.0.0.1');
  });

  it('says a system that cannot be reached in words, and gives up after its attempts', async () => {
    const closed = await receiver();
    const { url } = closed;
    await cleanups.pop()!(); // the server is closed: its port refuses
    const { store, deliveries } = deliveriesOn([endpoint({ url })]);
    store.transaction(() => deliveries.queue(occurrence));
    await until(() => (jobs(store)[0] as { state: string } | undefined)?.state === 'failed');
    expect(jobs(store)[0]).toMatchObject({ attempts: 3, last_error: 'could not reach the system (ECONNREFUSED)' });
  });
});

describe('webhook settings in station.json', () => {
  const settings = (endpoints: unknown) => WebhookSettings.safeParse(endpoints);

  it('refuses what would send a signed notice in the clear, unsigned, or twice under one name', () => {
    expect(settings([{ name: 'a', url: 'http://mailroom.example.org/hook', secret: SECRET }]).success).toBe(false);
    expect(settings([{ name: 'a', url: 'https://user:pw@mailroom.example.org/hook', secret: SECRET }]).success).toBe(false);
    expect(settings([{ name: 'a', url: 'https://mailroom.example.org/hook' }]).success).toBe(false);
    expect(settings([{ name: 'a', url: 'https://mailroom.example.org/hook', secret: 'short' }]).success).toBe(false);
    expect(settings([{ name: 'a', url: 'https://mailroom.example.org/hook', secret: SECRET, events: ['item.opened'] }]).success).toBe(false);
    expect(settings([{ name: 'A b', url: 'https://mailroom.example.org/hook', secret: SECRET }]).success).toBe(false);
    expect(settings([{ name: 'a', url: 'file:///etc/passwd', secret: SECRET }]).success).toBe(false);
    expect(settings([{ name: 'a', url: 'https://x.example/h', secret: SECRET }, { name: 'a', url: 'https://y.example/h', secret: SECRET }]).success).toBe(false);
    expect(settings([{ name: 'a', url: 'https://mailroom.example.org/hook', secret: SECRET }, { name: 'chat', url: 'https://hooks.slack.com/services/T/B/X', format: 'slack' }]).success).toBe(true);
  });

  it('reads webhooks from station.json and says which setting is wrong', () => {
    const dir = tempDir();
    const file = path.join(dir, 'station.json');
    writeFileSync(file, JSON.stringify({ webhooks: [{ name: 'mailroom', url: 'https://mailroom.example.org/hook', secret: SECRET }] }), { mode: 0o644 });
    chmodSync(file, 0o644);
    // The secret signs the station's notices: a file others may read is refused, and the secret is not quoted.
    expect(() => loadStationConfig(file)).toThrow(/holds a webhook secret but other users may read it .*chmod 600/);
    expect(() => loadStationConfig(file)).not.toThrow(new RegExp(SECRET));
    chmodSync(file, 0o600);
    expect(loadStationConfig(file).webhooks).toMatchObject([{ name: 'mailroom', format: 'signed-json', modes: ['live'], events: ['item.received', 'item.cleared', 'item.delivered', 'item.markedSuspect', 'incident.opened', 'incident.closed'] }]);
    writeFileSync(file, JSON.stringify({ webhooks: [{ name: 'mailroom', url: 'http://mailroom.example.org/hook', secret: SECRET }] }));
    expect(() => loadStationConfig(file)).toThrow(StationConfigInvalid);
    expect(() => loadStationConfig(file)).toThrow(/webhooks\[0\]\.url/);
    writeFileSync(file, '{}');
    expect(loadStationConfig(file).webhooks).toEqual([]);
  });
});
