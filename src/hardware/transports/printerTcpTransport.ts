import { Socket } from 'node:net';
import { TypedEmitter } from '../typedEmitter.ts';
import { messageOf } from './ioError.ts';
import type { PrinterDisconnect, PrinterTransport } from './printerTransport.ts';

export interface PrinterTcpEndpoint {
  host: string;
  /** Raw ZPL port; Zebra and most label printers listen on 9100. */
  port: number;
  /** A connect that neither succeeds nor fails in this time is given up (a dropped SYN). */
  connectTimeoutMs?: number;
  /** Idle time before TCP keep-alive probes start, so a powered-off printer is noticed while idle too. */
  keepAliveMs?: number;
}

export interface PrinterTcpTransportEvents {
  data: { bytes: Buffer };
  disconnect: PrinterDisconnect;
}

/**
 * Raw TCP to a network label printer (docs/protocols/zpl.md, "Transports"): ZPL goes out on the socket and `~HS`
 * replies come back on the same socket. open() rejects; everything after that is a `disconnect`
 * event, so no socket error is ever unhandled and no promise is left rejected unobserved.
 * A printer switched off without closing the connection sends nothing at all: keep-alive finds
 * out eventually, the driver's status-reply timeout finds out sooner.
 */
export class PrinterTcpTransport extends TypedEmitter<PrinterTcpTransportEvents> implements PrinterTransport {
  readonly address: string;
  readonly #endpoint: Required<PrinterTcpEndpoint>;
  #socket: Socket | null = null;
  #opening = false;

  constructor(endpoint: PrinterTcpEndpoint) {
    super();
    this.#endpoint = { connectTimeoutMs: 3000, keepAliveMs: 5000, ...endpoint };
    this.address = `${endpoint.host}:${endpoint.port}`;
  }

  get isOpen(): boolean {
    return this.#socket !== null && !this.#socket.destroyed;
  }

  async open(): Promise<void> {
    if (this.#socket || this.#opening) throw new Error(`tcp link to ${this.address} already in use`);
    this.#opening = true;
    const { host, port, connectTimeoutMs, keepAliveMs } = this.#endpoint;
    const socket = new Socket();
    // Attached for the socket's whole life: an 'error' with no listener would crash the process.
    // Errors after connect are followed by 'close', which is where they are reported.
    let lastError: Error | null = null;
    socket.on('error', (err) => {
      lastError = err;
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`no answer from ${this.address} within ${connectTimeoutMs} ms`));
        }, connectTimeoutMs);
        const onClose = (): void => {
          clearTimeout(timer);
          reject(lastError ?? new Error(`connection to ${this.address} closed while connecting`));
        };
        socket.once('close', onClose);
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.off('close', onClose);
          resolve();
        });
        socket.connect({ host, port });
      });
    } finally {
      this.#opening = false;
    }
    socket.setKeepAlive(true, keepAliveMs);
    socket.setNoDelay(true);
    this.#socket = socket;
    socket.on('data', (bytes: Buffer) => {
      if (this.#socket === socket) this.emit('data', { bytes });
    });
    // The printer closing its end (FIN) means it will not answer again: treat as gone.
    socket.on('end', () => socket.destroy());
    socket.on('close', () => {
      if (this.#socket !== socket) return; // closed by close(): not news
      this.#socket = null;
      const why = lastError ? messageOf(lastError) : 'the printer closed the connection';
      this.emit('disconnect', { reason: `${this.address}: ${why}` });
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (!socket || socket.destroyed) throw new Error(`tcp link to ${this.address} is not open`);
    await new Promise<void>((resolve, reject) => {
      socket.write(bytes, (err) => (err ? reject(err) : resolve()));
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.on('data', ({ bytes }) => listener(bytes));
  }

  onDisconnect(listener: (event: PrinterDisconnect) => void): () => void {
    return this.on('disconnect', listener);
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = null;
    if (!socket || socket.destroyed) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // destroy, not end: a job still in flight at stop() is unconfirmed anyway, and end() waits on
    // a peer that may never answer.
    socket.destroy();
    await closed;
  }
}
