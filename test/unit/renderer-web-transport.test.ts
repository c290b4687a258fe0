// The web link and the token in the page's address: a corrected token is tried at once, in the
// same tab, without a reload; a link that is up keeps its session.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebTransport, NO_TOKEN_MESSAGE } from '../../src/renderer/station/webTransport.ts';

/** A WebSocket the test plays the station for. */
class FakeSocket {
  static readonly OPEN = 1;
  static made: FakeSocket[] = [];
  readonly url: string;
  readyState = 0;
  readonly sent: unknown[] = [];
  readonly #listeners = new Map<string, Array<(event: unknown) => void>>();

  constructor(url: string) {
    this.url = url;
    FakeSocket.made.push(this);
  }

  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.#emit('close', { code });
  }

  /** The station's side. */
  opens(): void {
    this.readyState = FakeSocket.OPEN;
    this.#emit('open', {});
  }

  says(message: unknown): void {
    this.#emit('message', { data: JSON.stringify(message) });
  }

  #emit(type: string, event: unknown): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}

beforeEach(() => {
  FakeSocket.made = [];
  vi.useFakeTimers();
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('WebSocket', FakeSocket);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const hellos = () => FakeSocket.made.map((socket) => socket.sent.find((m) => (m as { type: string }).type === 'hello'));

describe('web link: the token in the address', () => {
  it('a wrong token refused by the station, then the right one in the address: logs in at once, no backoff wait', () => {
    const link = createWebTransport('ws://station/ws', 'wrong');
    FakeSocket.made[0]!.opens();
    FakeSocket.made[0]!.close(4003);
    expect(link.connection.get()).toMatchObject({ status: 'reconnecting', everConnected: false, tokenRefused: true });

    link.useToken('right');
    expect(FakeSocket.made).toHaveLength(2);
    expect(link.connection.get().status).toBe('connecting');
    FakeSocket.made[1]!.opens();
    FakeSocket.made[1]!.says({ type: 'ready' });
    expect(hellos()).toEqual([{ type: 'hello', token: 'wrong' }, { type: 'hello', token: 'right' }]);
    expect(link.connection.get()).toEqual({ status: 'ready', generation: 1 });

    // The backoff timer of the refused attempt is gone: no third socket, with either token.
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('a link lost for another reason is not a refused token', () => {
    const link = createWebTransport('ws://station/ws', 'right');
    FakeSocket.made[0]!.opens();
    FakeSocket.made[0]!.close(1006);
    expect(link.connection.get()).toMatchObject({ status: 'reconnecting', tokenRefused: false });
  });

  it('drops an attempt still under way with the old token; its close schedules nothing', () => {
    const link = createWebTransport('ws://station/ws', 'wrong');
    const first = FakeSocket.made[0]!;
    link.useToken('right');
    expect(first.readyState).toBe(3);
    FakeSocket.made[1]!.opens();
    expect(hellos()).toEqual([undefined, { type: 'hello', token: 'right' }]);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('a page opened without a token waits for one, then connects when the address gets it', async () => {
    const link = createWebTransport('ws://station/ws', null);
    expect(link.connection.get().status).toBe('no-token');
    expect(FakeSocket.made).toHaveLength(0);
    await expect(link.call('station.info', {})).resolves.toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: NO_TOKEN_MESSAGE } });
    link.useToken(null);
    expect(FakeSocket.made).toHaveLength(0);

    link.useToken('right');
    FakeSocket.made[0]!.opens();
    FakeSocket.made[0]!.says({ type: 'ready' });
    expect(hellos()).toEqual([{ type: 'hello', token: 'right' }]);
    expect(link.connection.get().status).toBe('ready');
  });

  it('a link that is up keeps its session whatever the address says', () => {
    const link = createWebTransport('ws://station/ws', 'right');
    FakeSocket.made[0]!.opens();
    FakeSocket.made[0]!.says({ type: 'ready' });
    link.useToken('other');
    link.useToken(null);
    expect(FakeSocket.made).toHaveLength(1);
    expect(FakeSocket.made[0]!.readyState).toBe(FakeSocket.OPEN);
    expect(link.connection.get().status).toBe('ready');
  });
});
