// A site connection that dies at the worst moment must never end the station's process. When the
// site's PostgreSQL is stopped ("fast": every backend sends FATAL 57P01), a backend that has just
// finished starting may send its ReadyForQuery and the FATAL in one TCP packet — on a busy station
// both are read in one go. pg parses them in the same turn of the event loop: the pool hands the new
// connection out (and stops listening for its errors) and the FATAL arrives before the caller's
// `await pool.connect()` has resumed to listen, so pg emits 'error' with nobody listening: an
// uncaught exception. CI saw it once, stopping the site under a running station. A fake backend
// writes exactly those bytes here, every time, with the station's own site classes on top.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PostgresSiteCustody, PostgresSiteLink, SiteUnreachable } from '../../src/main/site/index.ts';
import { sitePool, withPooledClient } from '../../src/main/site/postgres/siteConnection.ts';

/** One backend message: its type byte, its length (itself included) and its body. */
function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8');
const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

const authenticationOk = message('R', int32(0));
const readyForQuery = message('Z', Buffer.from('I', 'latin1'));
/** What every backend sends when the server is stopped with `pg_ctl stop -m fast`. */
const adminShutdown = message('E', Buffer.concat([Buffer.from('S'), cstring('FATAL'), Buffer.from('V'), cstring('FATAL'), Buffer.from('C'), cstring('57P01'), Buffer.from('M'), cstring('terminating connection due to administrator command'), Buffer.from([0])]));
/** The answer to a simple query of one int4 column and one row, `1`. */
const oneRow = Buffer.concat([
  message('T', Buffer.concat([int16(1), cstring('n'), int32(0), int16(0), int32(23), int16(4), int32(-1), int16(0)])),
  message('D', Buffer.concat([int16(1), int32(1), Buffer.from('1')])),
  message('C', cstring('SELECT 1')),
  readyForQuery,
]);

type Behaviour = 'dies-on-arrival' | 'dies-with-the-answer' | 'dies-when-idle' | 'healthy';

/** A fake PostgreSQL: each new connection behaves as the next behaviour in the queue, then healthy. */
class FakeBackend {
  readonly behaviours: Behaviour[] = [];
  readonly sockets = new Set<Socket>();
  #server: Server | null = null;
  port = 0;

  async listen(): Promise<void> {
    const server = createServer((socket) => this.#serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  get url(): string {
    return `postgres://station:secret@127.0.0.1:${this.port}/site`;
  }

  #serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined).on('close', () => this.sockets.delete(socket));
    const behaviour = this.behaviours.shift() ?? 'healthy';
    let started = false;
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        // The startup message has no type byte; every later one does.
        const offset = started ? 1 : 0;
        if (pending.length < offset + 4) return;
        const length = pending.readInt32BE(offset);
        if (pending.length < offset + length) return;
        const type = started ? String.fromCharCode(pending[0]!) : 'startup';
        pending = pending.subarray(offset + length);
        if (type === 'startup') {
          started = true;
          // One write: a busy client reads the two messages in one go.
          if (behaviour === 'dies-on-arrival') socket.end(Buffer.concat([authenticationOk, readyForQuery, adminShutdown]));
          else socket.write(Buffer.concat([authenticationOk, readyForQuery]));
        } else if (type === 'Q') {
          if (behaviour === 'dies-with-the-answer') socket.end(Buffer.concat([oneRow, adminShutdown]));
          else {
            socket.write(oneRow);
            if (behaviour === 'dies-when-idle') setTimeout(() => socket.end(adminShutdown), 50);
          }
        } else if (type === 'X') socket.end();
      }
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

const escaped: string[] = [];
const onRejection = (reason: unknown): void => {
  escaped.push(`unhandledRejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
};
const onException = (err: Error): void => {
  escaped.push(`uncaughtException: ${err.stack ?? err.message}`);
};

let backend: FakeBackend;
beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  backend = new FakeBackend();
  await backend.listen();
});
afterAll(async () => {
  await backend.close();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});
afterEach(async () => {
  // pg emits a connection's error on the socket's turn; give the event loop a few more.
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(escaped.splice(0)).toEqual([]);
});

const selectOne = async (pool: ReturnType<typeof sitePool>) => await withPooledClient(pool, backend.url, async (client) => (await client.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n);

describe('a site connection that dies at the worst moment', () => {
  it('terminated in the same packet that said it was ready: the call fails as "site unreachable", nothing escapes, the next call opens a new connection', async () => {
    const pool = sitePool(backend.url, 'mailscreen-test');
    try {
      backend.behaviours.push('dies-on-arrival', 'dies-on-arrival', 'dies-on-arrival');
      for (let i = 0; i < 3; i += 1) await expect(selectOne(pool)).rejects.toThrow(SiteUnreachable);
      expect(await selectOne(pool)).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('terminated in the same packet as a query\'s answer, or later while idle in the pool: the answer is kept, nothing escapes, the next call works', async () => {
    const pool = sitePool(backend.url, 'mailscreen-test');
    try {
      backend.behaviours.push('dies-with-the-answer');
      expect(await selectOne(pool)).toBe(1);
      backend.behaviours.push('dies-when-idle');
      expect(await selectOne(pool)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await selectOne(pool)).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('a station\'s publisher and custody reads, their connections terminated on arrival again and again: refused as the site not reached, never an uncaught error', async () => {
    const link = new PostgresSiteLink(backend.url);
    const custody = new PostgresSiteCustody(backend.url);
    try {
      for (let i = 0; i < 5; i += 1) {
        backend.behaviours.push('dies-on-arrival', 'dies-on-arrival');
        await expect(link.knowsStation('ST-TEST')).rejects.toThrow(SiteUnreachable);
        await expect(custody.stations()).rejects.toThrow(SiteUnreachable);
      }
    } finally {
      await link.close();
      await custody.close();
    }
  });
});
