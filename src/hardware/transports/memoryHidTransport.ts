import { TypedEmitter } from '../typedEmitter.ts';
import type { HidTransport, HidTransportEvents } from './hidTransport.ts';

/**
 * A HID device in memory, for tests and demo mode. The host side is the HidTransport a device
 * driver uses; the device side (deliver, onHostWrite, unplug, failRead) is what a simulator or a
 * test drives. Reports are delivered synchronously, exactly as given: the bytes a real scale sends.
 */
export class MemoryHidTransport extends TypedEmitter<HidTransportEvents> implements HidTransport {
  #open = false;
  #plugged: boolean;
  #opens = 0;
  readonly #hostWriteListeners = new Set<(report: Uint8Array) => void>();

  constructor(options: { plugged?: boolean } = {}) {
    super();
    this.#plugged = options.plugged ?? true;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  get plugged(): boolean {
    return this.#plugged;
  }

  /** How many times the host has opened it: a reconnect shows up here. */
  get opens(): number {
    return this.#opens;
  }

  // --- host side ---

  async open(devicePath: string): Promise<void> {
    if (this.#open) throw new Error(`HID transport already in use, cannot open ${devicePath}`);
    // The wording hidapi uses when a path has gone away.
    if (!this.#plugged) throw Object.assign(new Error(`cannot open device with path ${devicePath}`), { code: 'ENOENT' });
    this.#open = true;
    this.#opens += 1;
  }

  async write(report: Uint8Array): Promise<void> {
    if (!this.#open) throw new Error('HID device is not open');
    const copy = report.slice();
    for (const listener of this.#hostWriteListeners) listener(copy);
  }

  async close(): Promise<void> {
    this.#open = false;
  }

  // --- device side ---

  /** Sends one input report to the host; false (and dropped, like real hardware) if not open. */
  deliver(report: Uint8Array): boolean {
    if (!this.#open) return false;
    this.emit('data', { report: report.slice() });
    return true;
  }

  /** Subscribes to output reports the host writes (zero commands); returns the unsubscribe. */
  onHostWrite(listener: (report: Uint8Array) => void): () => void {
    this.#hostWriteListeners.add(listener);
    return () => this.#hostWriteListeners.delete(listener);
  }

  /** A read error on the open device, as node-hid reports a scale that powered itself off. */
  failRead(reason = 'could not read from HID device'): void {
    if (!this.#open) return;
    this.#open = false;
    this.emit('disconnect', { reason });
  }

  /** Removes the device: an open one fails its read, and open() fails until plug(). */
  unplug(): void {
    this.#plugged = false;
    this.failRead('could not read from HID device');
  }

  plug(): void {
    this.#plugged = true;
  }
}
