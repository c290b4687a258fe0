import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { TypedEmitter } from '../typedEmitter.ts';
import { errorCode, messageOf } from './ioError.ts';
import type { PrinterDisconnect, PrinterTransport } from './printerTransport.ts';

export interface UsbLpOptions {
  /** `/dev/usb/lp0`, or a stable udev symlink such as `/dev/zebra0` (docs/protocols/linux-usb.md). */
  path: string;
  /** How long after each write the backchannel is read for a reply. */
  readWindowMs?: number;
  /** Pause between backchannel reads that found nothing. */
  readPollMs?: number;
  /** A job the printer has not taken in this time is abandoned (printer stalled or gone). */
  writeTimeoutMs?: number;
}

export interface UsbLpTransportEvents {
  data: { bytes: Buffer };
  disconnect: PrinterDisconnect;
}

const READ_CHUNK = 512;
/** The node exists but the device behind it is gone (unplugged) or broken. */
const GONE = new Set(['ENODEV', 'ENXIO', 'EIO', 'EBADF', 'ESHUTDOWN', 'EPIPE']);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Linux USB printer class (usblp): `/dev/usb/lp*`, opened O_RDWR so `~HS` replies can be
 * read back on the same node.
 *
 * Limits (docs/protocols/zpl.md, "Transports"):
 * - Reading works only when the printer is bidirectional (usblp logs "Bidirectional printer …
 *   proto 2"); Zebra printers are. A unidirectional printer never answers, and the driver above
 *   reports it offline ("no reply to a status request"): use TCP or serial for it instead.
 * - CUPS ships a `0x0a5f unidir` quirk that turns the backchannel off for Zebra printers when
 *   CUPS's usb backend owns the device. The station must own the node itself (udev rule, `lp` group),
 *   with no CUPS queue on the same printer.
 * - The node is opened O_NONBLOCK: a blocking read() with nothing to read would hold one of libuv's
 *   four threadpool threads until the printer speaks, starving every other file and DNS call.
 *   So the backchannel is polled, and only for a short window after each write: the printer
 *   only speaks when asked.
 * - usblp has no hot-plug notice of its own: an unplug shows as ENODEV on the next read or write.
 */
export class UsbLpTransport extends TypedEmitter<UsbLpTransportEvents> implements PrinterTransport {
  readonly address: string;
  readonly #options: Required<UsbLpOptions>;
  #handle: FileHandle | null = null;
  #opening = false;
  #readUntil = 0;
  #reading = false;

  constructor(options: UsbLpOptions) {
    super();
    this.#options = { readWindowMs: 3000, readPollMs: 20, writeTimeoutMs: 10_000, ...options };
    this.address = options.path;
  }

  get isOpen(): boolean {
    return this.#handle !== null;
  }

  async open(): Promise<void> {
    if (this.#handle || this.#opening) throw new Error(`${this.address} already open`);
    this.#opening = true;
    try {
      this.#handle = await open(this.address, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    } finally {
      this.#opening = false;
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    const handle = this.#handle;
    if (!handle) throw new Error(`${this.address} is not open`);
    const deadline = Date.now() + this.#options.writeTimeoutMs;
    let offset = 0;
    // usblp takes what fits in its URB and returns EAGAIN while the previous one is in flight.
    while (offset < bytes.byteLength) {
      try {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
        offset += bytesWritten;
        if (bytesWritten > 0) continue;
      } catch (err) {
        if (errorCode(err) !== 'EAGAIN') {
          this.#lost(handle, err);
          throw err;
        }
      }
      if (this.#handle !== handle) throw new Error(`${this.address} was closed during a write`);
      if (Date.now() > deadline) throw new Error(`${this.address} did not take the data within ${this.#options.writeTimeoutMs} ms`);
      await sleep(this.#options.readPollMs);
    }
    this.#readUntil = Date.now() + this.#options.readWindowMs;
    if (!this.#reading) void this.#readLoop(handle);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.on('data', ({ bytes }) => listener(bytes));
  }

  onDisconnect(listener: (event: PrinterDisconnect) => void): () => void {
    return this.on('disconnect', listener);
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    if (handle) await handle.close().catch(() => undefined);
  }

  /** Never rejects: every failure becomes a `disconnect` or ends the loop. */
  async #readLoop(handle: FileHandle): Promise<void> {
    this.#reading = true;
    const buffer = Buffer.alloc(READ_CHUNK);
    try {
      while (this.#handle === handle && Date.now() < this.#readUntil) {
        let got = 0;
        try {
          got = (await handle.read(buffer, 0, READ_CHUNK, null)).bytesRead;
        } catch (err) {
          if (errorCode(err) !== 'EAGAIN') {
            this.#lost(handle, err);
            return;
          }
        }
        if (got > 0 && this.#handle === handle) this.emit('data', { bytes: Buffer.from(buffer.subarray(0, got)) });
        else await sleep(this.#options.readPollMs);
      }
    } finally {
      this.#reading = false;
    }
  }

  #lost(handle: FileHandle, err: unknown): void {
    if (this.#handle !== handle) return;
    this.#handle = null;
    void handle.close().catch(() => undefined);
    const code = errorCode(err);
    const why = code !== null && GONE.has(code) ? 'printer unplugged or switched off' : messageOf(err);
    this.emit('disconnect', { reason: `${this.address}: ${why}` });
  }
}
