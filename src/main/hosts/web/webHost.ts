import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BAD_TOKEN_CLOSE_CODE, ClientMessage, TOKEN_FRAGMENT_KEY, WEB_SOCKET_PATH, type ServerMessage } from '../../../shared/contract/index.ts';
import { RENDERER_CSP } from '../../../shared/csp.ts';
import type { StationEndpoint } from '../../core/index.ts';
import { readStaticFile } from './staticFiles.ts';
import { lineLog, stderrLog, type Log } from '../../log.ts';

export interface WebHostOptions {
  endpoint: StationEndpoint;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 = any free port. */
  port: number;
  /** A screen's unsent bytes past which it is taken for gone and closed (default 8 MiB). */
  maxUnsentBytes?: number;
  /** Where the host says why it closed a screen (default: stderr). */
  log?: Log | ((line: string) => void);
}

/** What the host holds for its screens right now (for health checks and tests). */
export interface WebHostLoad {
  /** Open WebSocket connections. */
  screens: number;
  /** Bytes written for them that they have not read yet. */
  unsentBytes: number;
}

export interface RunningWebHost {
  /** The whole URL the kiosk browser opens, token included (in the fragment). */
  url: string;
  port: number;
  load(): WebHostLoad;
  close(): Promise<void>;
}

const HELLO_TIMEOUT_MS = 5_000;
const MAX_MESSAGE_BYTES = 1 << 20;
const DEFAULT_MAX_UNSENT_BYTES = 8 << 20;
/** Close code for a screen that stopped reading: it reconnects and reloads its snapshot. */
export const CLOSE_TOO_SLOW = 4008;

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function tokenMatches(expected: Buffer, given: string): boolean {
  const candidate = Buffer.from(given);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/**
 * The station over loopback HTTP + WebSocket: for development, the end-to-end tests and sites
 * that run Chromium in kiosk mode. It binds 127.0.0.1 only, checks Host and Origin (no DNS
 * rebinding, no other page driving the station), and requires the per-start token as the first
 * WebSocket message. The token travels in the URL fragment, which browsers never send, so it is
 * never in a request line or a log.
 */
export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = randomBytes(24).toString('base64url');
  const maxUnsentBytes = options.maxUnsentBytes ?? DEFAULT_MAX_UNSENT_BYTES;
  const given = options.log;
  const log = typeof given === 'function' ? lineLog('mailscreen', (_level, line) => given(line)) : (given ?? stderrLog());
  const expectedToken = Buffer.from(token);
  let allowedHosts = new Set<string>();

  const server: Server = createServer((request, response) => {
    void serveHttp(request, response);
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      response.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const urlPath = new URL(request.url ?? '/', 'http://station').pathname;
    const file = await readStaticFile(options.rendererDir, urlPath);
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain', ...SECURITY_HEADERS }).end('Not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': file.contentType, ...SECURITY_HEADERS });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
  });

  server.on('upgrade', (request, socket, head) => {
    const urlPath = new URL(request.url ?? '/', 'http://station').pathname;
    const origin = request.headers.origin ?? '';
    const host = request.headers.host ?? '';
    if (urlPath !== WEB_SOCKET_PATH || !allowedHosts.has(host) || origin !== `http://${host}`) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    let connection: ReturnType<StationEndpoint['connect']> | null = null;
    let closed = false;
    const helloTimer = setTimeout(() => ws.close(4001, 'no hello'), HELLO_TIMEOUT_MS);

    // The screen is gone (or as good as gone): its session, its waiting calls and its listeners go
    // now, not when the socket finally reports closed, so nothing more is run or queued for it.
    const release = () => {
      if (closed) return;
      closed = true;
      clearTimeout(helloTimer);
      connection?.close();
      connection = null;
    };

    const send = (message: ServerMessage) => {
      if (closed || ws.readyState !== ws.OPEN) return;
      // Backpressure: a screen that does not read its answers would make the station hold them
      // all. Past the bound it is closed at once (destroying the socket frees what was waiting to be
      // written); a real screen reconnects and reloads its snapshot, as after any drop.
      if (ws.bufferedAmount > maxUnsentBytes) {
        log.warn(`closed a screen that stopped reading (${ws.bufferedAmount} bytes unsent, bound ${maxUnsentBytes}; close code ${CLOSE_TOO_SLOW})`);
        release();
        ws.terminate();
        return;
      }
      let text: string;
      try {
        text = JSON.stringify(message);
      } catch (error) {
        // A value that has no JSON form must still get an answer, or the screen waits for ever.
        log.error('web host could not serialize a message:', error);
        if (message.type !== 'result') return;
        text = JSON.stringify({ type: 'result', id: message.id, result: { ok: false, error: { code: 'INTERNAL', message: 'The station could not send its answer. Try again; if it repeats, call the site admin.' } } });
      }
      ws.send(text);
    };

    ws.on('message', (data, isBinary) => {
      if (closed) return;
      let message: ClientMessage;
      try {
        if (isBinary) throw new Error('binary');
        message = ClientMessage.parse(JSON.parse(data.toString()));
      } catch {
        release();
        ws.close(4002, 'malformed message');
        return;
      }
      if (!connection) {
        if (message.type !== 'hello' || !tokenMatches(expectedToken, message.token)) {
          release();
          ws.close(BAD_TOKEN_CLOSE_CODE, 'bad token');
          return;
        }
        clearTimeout(helloTimer);
        connection = options.endpoint.connect();
        connection.onEvent((event, payload) => send({ type: 'event', event, payload }));
        send({ type: 'ready' });
        return;
      }
      if (message.type !== 'call') return;
      const { id } = message;
      void connection.call(message.command, message.args).then((result) => send({ type: 'result', id, result }));
    });
    ws.on('close', release);
    ws.on('error', () => {
      release();
      ws.terminate();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `http://127.0.0.1:${port}/#${TOKEN_FRAGMENT_KEY}=${token}`,
    port,
    load: () => {
      let unsentBytes = 0;
      for (const client of sockets.clients) unsentBytes += client.bufferedAmount;
      return { screens: sockets.clients.size, unsentBytes };
    },
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
