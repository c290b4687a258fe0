import { SerialPort } from 'serialport';
import { TypedEmitter } from '../typedEmitter.ts';
import { messageOf } from './ioError.ts';

export type Parity = 'none' | 'even' | 'odd' | 'mark' | 'space';

export interface SerialLineSettings {
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: Parity;
  stopBits: 1 | 1.5 | 2;
}

export interface SerialTransportEvents {
  data: { bytes: Buffer };
  /** The open port went away without close() being called: unplugged, or an I/O error. */
  disconnect: { reason: string; unplugged: boolean };
}

export { errorCode } from './ioError.ts';

/**
 * What a serial driver needs of its port. Implementations: SerialTransport (a real port, or a pty
 * for the simulators), MemorySerialTransport (a driver's state machine in a unit test).
 */
export interface SerialLineTransport extends Pick<TypedEmitter<SerialTransportEvents>, 'on' | 'off' | 'once'> {
  readonly isOpen: boolean;
  /** Opens the port; rejects with the OS's reason (its `code` kept) if it cannot. */
  open(path: string, settings: SerialLineSettings): Promise<void>;
  /** Writes and waits until the bytes are transmitted; rejects if the port is not open. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the port if open. Never rejects. */
  close(): Promise<void>;
}

/**
 * One serial port, opened and closed on request. It never throws out of an event handler and
 * never leaves a rejected promise unobserved: open() rejects (the caller awaits it), everything
 * after that is reported as a `disconnect` event.
 *
 * The port is opened with serialport's default exclusive lock (flock): a scanner read by two
 * programs at once would hand each of them half of the scans, so a second opener should fail
 * loudly instead. Modem lines (DTR/RTS) are left as the OS sets them: a pseudo-terminal (the
 * simulator) cannot set them and USB-CDC scanners do not need them, so set() is never called.
 */
export class SerialTransport extends TypedEmitter<SerialTransportEvents> implements SerialLineTransport {
  #port: SerialPort | null = null;
  #path: string | null = null;
  #opening = false;

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }

  get path(): string | null {
    return this.#path;
  }

  /** Opens the port; rejects with the OS's reason (its `code` kept) if it cannot. */
  async open(path: string, settings: SerialLineSettings): Promise<void> {
    if (this.#port || this.#opening) throw new Error(`serial transport already in use for ${this.#path ?? path}`);
    this.#opening = true;
    const port = await new Promise<SerialPort>((resolve, reject) => {
      let candidate: SerialPort;
      try {
        candidate = new SerialPort({ path, ...settings, autoOpen: false });
      } catch (err) {
        // Invalid options throw synchronously from the constructor.
        reject(err instanceof Error ? err : new Error(messageOf(err)));
        return;
      }
      // Attached for the port's whole life: an 'error' event with no listener would crash the process.
      candidate.on('error', (err: Error) => this.#onPortError(candidate, err));
      candidate.open((err) => (err ? reject(err) : resolve(candidate)));
    }).finally(() => {
      this.#opening = false;
    });
    this.#port = port;
    this.#path = path;
    port.on('data', (bytes: Buffer) => {
      if (this.#port === port) this.emit('data', { bytes });
    });
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (this.#port !== port) return; // closed by close(): not news
      this.#forget();
      this.emit('disconnect', { reason: err ? messageOf(err) : 'port closed', unplugged: err?.disconnected === true });
    });
  }

  /** Writes and waits until the OS has transmitted the bytes (tcdrain). */
  async write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port || !port.isOpen) throw new Error('serial port is not open');
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) => {
        if (err) reject(err);
      });
      port.drain((err) => (err ? reject(err) : resolve()));
    });
  }

  /** Closes the port if open. Never rejects: a port that fails to close is gone all the same. */
  async close(): Promise<void> {
    const port = this.#port;
    this.#forget();
    if (!port || !port.isOpen || port.closing) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  #forget(): void {
    this.#port = null;
    this.#path = null;
  }

  #onPortError(port: SerialPort, err: Error): void {
    if (this.#port !== port) return; // a port we already let go of: nothing left to report
    this.#forget();
    if (port.isOpen && !port.closing) port.close(() => undefined);
    this.emit('disconnect', { reason: messageOf(err), unplugged: false });
  }
}
