import { TypedEmitter } from '../typedEmitter.ts';
import type { SerialLineSettings, SerialLineTransport, SerialTransportEvents } from './serialTransport.ts';

/**
 * A serial port in memory, for unit tests of a serial driver's state machine (socat and the
 * simulators stay for integration tests). The host side is the SerialLineTransport the driver
 * uses; the device side (deliver, onHostWrite, unplug, failIo) is what a test drives, with the
 * bytes the real device sends. Bytes are delivered synchronously and exactly as given, so a test
 * can split a frame anywhere.
 */
export class MemorySerialTransport extends TypedEmitter<SerialTransportEvents> implements SerialLineTransport {
  #open = false;
  #plugged: boolean;
  #opens = 0;
  #settings: SerialLineSettings | null = null;
  readonly #hostWriteListeners = new Set<(bytes: Uint8Array) => void>();
  readonly #written: Uint8Array[] = [];

  constructor(options: { plugged?: boolean } = {}) {
    super();
    this.#plugged = options.plugged ?? true;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** How many times the host has opened it: a reconnect shows up here. */
  get opens(): number {
    return this.#opens;
  }

  /** The line settings of the last open: what the driver chose from its config. */
  get settings(): SerialLineSettings | null {
    return this.#settings;
  }

  /** Every write of the host, oldest first. */
  get written(): readonly Uint8Array[] {
    return this.#written;
  }

  // --- host side ---

  async open(path: string, settings: SerialLineSettings): Promise<void> {
    if (this.#open) throw new Error(`serial transport already in use for ${path}`);
    // The wording @serialport/bindings-cpp uses for a port that is not there.
    if (!this.#plugged) throw new Error(`Error: No such file or directory, cannot open ${path}`);
    this.#open = true;
    this.#opens += 1;
    this.#settings = { ...settings };
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) throw new Error('serial port is not open');
    const copy = bytes.slice();
    this.#written.push(copy);
    for (const listener of this.#hostWriteListeners) listener(copy);
  }

  async close(): Promise<void> {
    this.#open = false;
  }

  // --- device side ---

  /** Sends bytes to the host; false (and dropped, like a real line) if the port is not open. */
  deliver(bytes: Uint8Array | string): boolean {
    if (!this.#open) return false;
    this.emit('data', { bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes) });
    return true;
  }

  /** Subscribes to what the host writes (commands); returns the unsubscribe. */
  onHostWrite(listener: (bytes: Uint8Array) => void): () => void {
    this.#hostWriteListeners.add(listener);
    return () => this.#hostWriteListeners.delete(listener);
  }

  /** An I/O error on the open port (not an unplug). */
  failIo(reason = 'Input/output error'): void {
    if (!this.#open) return;
    this.#open = false;
    this.emit('disconnect', { reason, unplugged: false });
  }

  /** Removes the device: an open port goes away as unplugged, and open() fails until plug(). */
  unplug(): void {
    this.#plugged = false;
    if (!this.#open) return;
    this.#open = false;
    this.emit('disconnect', { reason: 'port closed', unplugged: true });
  }

  plug(): void {
    this.#plugged = true;
  }
}
