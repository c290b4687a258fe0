import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type RunningWebHost } from '../../src/main/hosts/web/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { RENDERER_CSP } from '../../src/shared/csp.ts';
import { makeStation, tempDir } from '../helpers/station.ts';

let host: RunningWebHost | undefined;
let station: Station | undefined;
afterEach(async () => {
  await host?.close();
  station?.close();
});

async function start(): Promise<{ host: RunningWebHost; token: string; base: string }> {
  const renderer = tempDir();
  mkdirSync(path.join(renderer, 'assets'));
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Mailscreen</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(renderer), 'secret.txt'), 'not for the browser');
  station = makeStation();
  host = await startWebHost({ endpoint: station, rendererDir: renderer, port: 0 });
  const url = new URL(host.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
  return { host, token, base: `http://127.0.0.1:${host.port}` };
}

function get(base: string, pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = request({ host: url.hostname, port: url.port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function socket(port: number, origin: string | undefined): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${port}/station`, origin ? { origin } : {});
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => undefined);
  });
}

const inboxes = new WeakMap<WebSocket, { queue: Array<Record<string, unknown>>; waiting: Array<(m: Record<string, unknown>) => void> }>();

/** The next message from the host; messages that arrive back to back are queued, never missed. */
function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  let inbox = inboxes.get(ws);
  if (!inbox) {
    const created = { queue: [] as Array<Record<string, unknown>>, waiting: [] as Array<(m: Record<string, unknown>) => void> };
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      const waiter = created.waiting.shift();
      if (waiter) waiter(message);
      else created.queue.push(message);
    });
    inboxes.set(ws, created);
    inbox = created;
  }
  const queued = inbox.queue.shift();
  if (queued) return Promise.resolve(queued);
  const { waiting } = inbox;
  return new Promise((resolve) => waiting.push(resolve));
}

describe('web host', () => {
  it('prints a loopback URL whose token is only in the fragment', async () => {
    const { host } = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the renderer with the strict CSP, and nothing outside its folder', async () => {
    const { base } = await start();
    const index = await get(base, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect((await get(base, '/assets/app.js')).status).toBe(200);
    expect((await get(base, '/../secret.txt')).status).toBe(404);
    expect((await get(base, '/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get(base, '/assets/..%2f..%2fsecret.txt')).status).toBe(404);
  });

  it('refuses a request for another Host (DNS rebinding)', async () => {
    const { base } = await start();
    expect((await get(base, '/', { Host: 'evil.example:80' })).status).toBe(421);
  });

  it('refuses a WebSocket from another origin', async () => {
    const { host } = await start();
    const ws = socket(host.port, 'http://evil.example');
    const error = await new Promise<Error>((resolve) => ws.on('error', resolve));
    expect(error.message).toMatch(/403/);
  });

  it('closes a WebSocket whose first message is not the right token, and runs nothing', async () => {
    const { host } = await start();
    const ws = socket(host.port, `http://127.0.0.1:${host.port}`);
    await new Promise((r) => ws.once('open', r));
    const closed = closeCode(ws);
    ws.send(JSON.stringify({ type: 'hello', token: 'guess' }));
    expect(await closed).toBe(4003);

    const ws2 = socket(host.port, `http://127.0.0.1:${host.port}`);
    await new Promise((r) => ws2.once('open', r));
    const closed2 = closeCode(ws2);
    ws2.send(JSON.stringify({ type: 'call', id: 1, command: 'session.setup', args: { badge: 'EVIL-1', name: 'M', pin: '1234' } }));
    expect(await closed2).toBe(4003);
    expect(station!.operators.needsSetup()).toBe(true);
  });

  it('carries contract calls and events after the hello', async () => {
    const { host, token } = await start();
    const ws = socket(host.port, `http://127.0.0.1:${host.port}`);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', token }));
    expect(await nextMessage(ws)).toEqual({ type: 'ready' });
    ws.send(JSON.stringify({ type: 'call', id: 7, command: 'station.info', args: {} }));
    expect(await nextMessage(ws)).toMatchObject({ type: 'result', id: 7, result: { ok: true, value: { needsSetup: true } } });
    ws.send(JSON.stringify({ type: 'call', id: 8, command: 'intake.list', args: {} }));
    expect(await nextMessage(ws)).toMatchObject({ type: 'result', id: 8, result: { ok: false, error: { code: 'NOT_AUTHENTICATED' } } });
    ws.send(JSON.stringify({ type: 'call', id: 9, command: 'session.setup', args: { badge: 'ADMIN-1', name: 'Ada', pin: '739154' } }));
    const messages = [await nextMessage(ws), await nextMessage(ws)];
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'event', event: 'session.changed' }),
        expect.objectContaining({ type: 'result', id: 9, result: expect.objectContaining({ ok: true }) }),
      ]),
    );
    ws.close();
  });

  it('closes on a malformed message', async () => {
    const { host, token } = await start();
    const ws = socket(host.port, `http://127.0.0.1:${host.port}`);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', token }));
    await nextMessage(ws);
    const closed = closeCode(ws);
    ws.send('{not json');
    expect(await closed).toBe(4002);
  });
});
