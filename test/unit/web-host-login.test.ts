import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type RunningWebHost } from '../../src/main/hosts/web/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { addOperator, makeStation, tempDir } from '../helpers/station.ts';

let host: RunningWebHost | undefined;
let station: Station | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  await host?.close();
  station?.close();
});

interface Result {
  id: number;
  result: { ok: boolean; error?: { code: string; message: string } };
}

/** A script with only the per-start token: a WebSocket that says hello and then calls. */
async function attacker(port: number, token: string): Promise<{ call(id: number, command: string, args: unknown): void; results(n: number): Promise<Result[]> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/station`, { origin: `http://127.0.0.1:${port}` });
  sockets.push(ws);
  const results: Result[] = [];
  const waiting: Array<() => void> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string } & Result;
    if (message.type === 'result') results.push(message);
    for (const wake of waiting.splice(0)) wake();
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'hello', token }));
  await new Promise<void>((resolve) => waiting.push(resolve));
  return {
    call: (id, command, args) => ws.send(JSON.stringify({ type: 'call', id, command, args })),
    results: async (n) => {
      while (results.length < n) await new Promise<void>((resolve) => waiting.push(resolve));
      return results.splice(0, n);
    },
  };
}

describe('web host: PIN guessing with only the token', () => {
  it('thousands of parallel guesses over real WebSockets: at most five checked, then the badge is locked for the right PIN too', async () => {
    const renderer = tempDir();
    mkdirSync(path.join(renderer, 'assets'));
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Mailscreen</title>');
    station = makeStation();
    const coordinator = await addOperator(station, 'coordinator', 'COORD-0002');
    host = await startWebHost({ endpoint: station, rendererDir: renderer, port: 0 });
    const token = new URLSearchParams(new URL(host.url).hash.slice(1)).get('token')!;

    const screens = await Promise.all(Array.from({ length: 4 }, () => attacker(host!.port, token)));
    let id = 0;
    for (let round = 0; round < 8; round += 1) {
      for (const screen of screens) for (let i = 0; i < 100; i += 1) screen.call((id += 1), 'session.login', { badge: coordinator.badge, pin: String(100000 + id) });
      const answers = (await Promise.all(screens.map((screen) => screen.results(100)))).flat();
      expect(answers.every((a) => !a.result.ok)).toBe(true);
      // BUSY: a connection's queued calls are bounded (the load work of the same issue).
      expect(answers.every((a) => ['NOT_AUTHENTICATED', 'CONFLICT', 'FORBIDDEN', 'BUSY'].includes(a.result.error!.code))).toBe(true);
    }
    const checked = station.store.audit.eventsFor('operator', coordinator.id).filter((e) => e.kind === 'operator.loginRefused' || e.kind === 'operator.lockedOut');
    expect(checked).toHaveLength(5);
    expect(checked.at(-1)?.kind).toBe('operator.lockedOut');

    screens[0]!.call(id + 1, 'session.login', { badge: coordinator.badge, pin: '2468' });
    const [right] = await screens[0]!.results(1);
    expect(right!.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/locked/) } });
  });
});
