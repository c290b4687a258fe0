import { Socket } from 'node:net';
import { TypedEmitter } from '../typedEmitter.ts';
import { messageOf } from './ioError.ts';

// Named for its first user (X-ray cabinets, whose integration boxes are usually on the LAN), but
// nothing in it is cabinet-specific: the events mirror SerialTransport's so a device can take
// either one.

export interface TcpTransportEvents {
  data: { bytes: Buffer };
  /** The connection went away without close() being called: peer closed, reset, or I/O error. */
  disconnect: { reason: string };
}

export interface TcpEndpoint {
  host: string;
  port: number;
  /** A connect that neither succeeds nor fails in this time is given up (a dropped SYN). */
  connectTimeoutMs?: number;
}

/**
 * One TCP connection, opened and closed on request. Like SerialTransport it never throws out of
 * an event handler: open() rejects, everything after that is a `disconnect` event.
 */
export class TcpTransport extends TypedEmitter<TcpTransportEvents> {
  #socket: Socket | null = null;
  #opening = false;

  get isOpen(): boolean {
    return this.#socket !== null && !this.#socket.destroyed;
  }

  async open(endpoint: TcpEndpoint): Promise<void> {
    if (this.#socket || this.#opening) throw new Error('tcp transport already in use');
    this.#opening = true;
    const socket = new Socket();
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`no answer from ${endpoint.host}:${endpoint.port} within ${endpoint.connectTimeoutMs ?? 3000} ms`));
        }, endpoint.connectTimeoutMs ?? 3000);
        socket.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.once('error', (err) => {
          clearTimeout(timer);
          socket.destroy();
          reject(err);
        });
        socket.connect({ host: endpoint.host, port: endpoint.port });
      });
    } finally {
      this.#opening = false;
    }
    socket.removeAllListeners('error');
    // Small request/response lines: Nagle would only add latency to every PING.
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 1000);
    this.#socket = socket;
    // Kept for the socket's life: an 'error' with no listener would crash the process.
    socket.on('error', (err) => this.#lost(socket, messageOf(err)));
    socket.on('close', () => this.#lost(socket, 'connection closed by the peer'));
    socket.on('end', () => this.#lost(socket, 'connection closed by the peer'));
    socket.on('data', (bytes: Buffer) => {
      if (this.#socket === socket) this.emit('data', { bytes });
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (!socket || socket.destroyed) throw new Error('tcp connection is not open');
    await new Promise<void>((resolve, reject) => {
      socket.write(bytes, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Closes the connection if open. Never rejects. */
  async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = null;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  #lost(socket: Socket, reason: string): void {
    if (this.#socket !== socket) return; // already closed by us or already reported
    this.#socket = null;
    socket.destroy();
    this.emit('disconnect', { reason });
  }
}
