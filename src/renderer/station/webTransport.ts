import { BAD_TOKEN_CLOSE_CODE, ServerMessage, type ClientMessage, type CommandResult, type StationError } from '../../shared/contract/index.ts';
import { createConnectionStore } from './connectionState.ts';
import { LINK_LOST_MESSAGE, type Transport } from './transport.ts';

/** A call the station never answers must not leave a button spinning forever. */
const CALL_TIMEOUT_MS = 30_000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 10_000;

const LINK_LOST: StationError = { code: 'UNAVAILABLE', message: LINK_LOST_MESSAGE };
const TIMED_OUT: StationError = { code: 'UNAVAILABLE', message: 'The station did not answer in time.' };

interface PendingCall {
  resolve(result: CommandResult<unknown>): void;
  timer: number;
}

/** What a call gets while the page has no token to log in with. */
export const NO_TOKEN_MESSAGE = 'This page was opened without the station’s access link.';

export interface WebTransport extends Transport {
  /**
   * The token in the page's address changed (a corrected or newly pasted link): while the link is
   * not up, drop the attempt in progress and log in with the new token at once, no reload. A link
   * that is up keeps its session; no token, or the same one, changes nothing.
   */
  useToken(token: string | null): void;
}

/**
 * The web host's link: one WebSocket, `hello` with the token first, calls only after `ready`.
 * When the socket drops, every pending call fails with UNAVAILABLE and it reconnects with backoff.
 * Without a token (a page opened on the bare address) it waits in `no-token` for one.
 */
export function createWebTransport(url: string, initialToken: string | null): WebTransport {
  let token = initialToken;
  const connection = createConnectionStore({ status: token === null ? 'no-token' : 'connecting', generation: 0 });
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, PendingCall>();
  let socket: WebSocket | null = null;
  let ready = false;
  let everConnected = false;
  let attempt = 0;
  let nextId = 1;
  let retryTimer: number | undefined;

  function send(ws: WebSocket, message: ClientMessage): void {
    ws.send(JSON.stringify(message));
  }

  function failPending(error: StationError): void {
    for (const [id, call] of pending) {
      window.clearTimeout(call.timer);
      pending.delete(id);
      call.resolve({ ok: false, error });
    }
  }

  function connect(): void {
    window.clearTimeout(retryTimer);
    retryTimer = undefined;
    ready = false;
    if (token === null) return;
    const hello = token;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch (error) {
      console.error('Could not open the station connection', error);
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket === ws) send(ws, { type: 'hello', token: hello });
    });
    ws.addEventListener('message', (event) => {
      if (socket === ws) receive(event.data);
    });
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      socket = null;
      ready = false;
      failPending(LINK_LOST);
      scheduleReconnect(event.code === BAD_TOKEN_CLOSE_CODE);
    });
  }

  function scheduleReconnect(tokenRefused = false): void {
    attempt += 1;
    // Jitter so that several kiosks do not hammer a restarting station in step.
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
    connection.set({
      status: 'reconnecting',
      generation: connection.get().generation,
      attempt,
      retryAt: Date.now() + delay,
      everConnected,
      tokenRefused,
    });
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(connect, delay);
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') {
      console.warn('Dropped a non-text message from the station');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      console.warn('Dropped a message from the station that is not JSON');
      return;
    }
    const parsed = ServerMessage.safeParse(json);
    if (!parsed.success) {
      console.warn('Dropped a malformed message from the station', parsed.error.issues);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        if (!ready) {
          ready = true;
          everConnected = true;
          attempt = 0;
          connection.set({ status: 'ready', generation: connection.get().generation + 1 });
        }
        return;
      case 'result': {
        const call = pending.get(message.id);
        if (!call) {
          console.warn(`Dropped an answer to a call this screen is not waiting for (id ${message.id})`);
          return;
        }
        pending.delete(message.id);
        window.clearTimeout(call.timer);
        const result = message.result;
        call.resolve(result.ok ? { ok: true, value: result.value } : result);
        return;
      }
      case 'event':
        for (const listener of [...(listeners.get(message.event) ?? [])]) listener(message.payload);
        return;
    }
  }

  connect();

  return {
    connection,
    call(command, args) {
      if (token === null) return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: NO_TOKEN_MESSAGE } });
      const ws = socket;
      if (!ready || ws === null || ws.readyState !== WebSocket.OPEN) {
        return Promise.resolve({ ok: false, error: LINK_LOST });
      }
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = window.setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: TIMED_OUT });
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        try {
          send(ws, { type: 'call', id, command, args });
        } catch (error) {
          console.error(`Could not send ${command}`, error);
          pending.delete(id);
          window.clearTimeout(timer);
          resolve({ ok: false, error: LINK_LOST });
        }
      });
    },
    subscribe(event, callback) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(callback);
      return () => {
        set.delete(callback);
      };
    },
    retryNow() {
      if (socket === null) connect();
    },
    useToken(next) {
      if (next === null || next === token || ready) return;
      token = next;
      attempt = 0;
      // The attempt under way carries the old token: its close must not schedule another.
      const stale = socket;
      socket = null;
      stale?.close();
      connection.set({ status: 'connecting', generation: connection.get().generation });
      connect();
    },
  };
}
