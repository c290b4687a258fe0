import type { DeviceHealth } from '../../shared/contract/device.ts';
import { splitAimIdentifier } from '../protocols/aim.ts';
import { LineFramer } from '../protocols/lineFraming.ts';
import { SerialTransport } from '../transports/serialTransport.ts';
import { TypedEmitter } from '../typedEmitter.ts';
import { Backoff, DEFAULT_RECONNECT_BACKOFF } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { describeOpenFailure } from './openFailure.ts';
import { parseSerialScannerConfig } from './serialScannerConfig.ts';
import type { SerialScannerConfig, SerialScannerConfigInput } from './serialScannerConfig.ts';

export interface ScannerScan {
  deviceId: string;
  /** The barcode data, AIM identifier removed, decoded as latin1 (see lineFraming.ts). */
  data: string;
  /** The AIM identifier as received (`]C1`), or null if the scanner does not send one. */
  aim: string | null;
  symbology: string | null;
  at: Date;
}

export interface ScannerStatus {
  deviceId: string;
  health: DeviceHealth;
  /** Why the device is not online, in words an operator or admin can act on; null when online. */
  detail: string | null;
}

export interface SerialScannerEvents {
  scan: ScannerScan;
  /** Emitted on every change of health or detail, never repeated for the same state. */
  status: ScannerStatus;
}

export interface SerialScannerOptions {
  reconnect?: BackoffOptions;
}

/**
 * A serial or USB-CDC barcode scanner: serial transport + line framing + AIM identifiers.
 * start() opens the port and keeps it open: when the port is missing, busy or unplugged it
 * retries with a doubling backoff until stop(). No I/O error escapes as an exception or a
 * rejected promise; each one becomes a `status` event.
 */
export class SerialScanner extends TypedEmitter<SerialScannerEvents> {
  readonly config: SerialScannerConfig;
  readonly #transport = new SerialTransport();
  readonly #backoff: Backoff;
  #framer: LineFramer;
  /** Parse errors counted by framers of earlier connections. */
  #earlierParseErrors = 0;
  #running = false;
  /** Bumped by start() and stop() so that an open() finishing late knows it is stale. */
  #epoch = 0;
  #connecting: Promise<void> | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #status: ScannerStatus;

  constructor(config: SerialScannerConfigInput, options: SerialScannerOptions = {}) {
    super();
    this.config = parseSerialScannerConfig(config);
    this.#backoff = new Backoff(options.reconnect ?? DEFAULT_RECONNECT_BACKOFF);
    this.#framer = new LineFramer({ terminator: this.config.terminator });
    this.#status = { deviceId: this.config.id, health: 'offline', detail: 'not started' };
    this.#transport.on('data', ({ bytes }) => this.#onBytes(bytes));
    this.#transport.on('disconnect', ({ reason, unplugged }) => this.#onDisconnect(reason, unplugged));
  }

  get id(): string {
    return this.config.id;
  }

  get status(): ScannerStatus {
    return { ...this.#status };
  }

  get running(): boolean {
    return this.#running;
  }

  /** Frames dropped as too long (no terminator within 4096 bytes), over the device's lifetime. */
  get parseErrors(): number {
    return this.#earlierParseErrors + this.#framer.parseErrors;
  }

  /** Starts opening the port; returns at once. Progress is reported through `status`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#epoch += 1;
    this.#backoff.reset();
    this.#connect(this.#epoch);
  }

  /** Closes the port and cancels any retry. Resolves once the port is closed; never rejects. */
  async stop(): Promise<void> {
    this.#running = false;
    const epoch = ++this.#epoch;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await this.#connecting;
    // A start() while we waited owns the port now.
    if (epoch !== this.#epoch) return;
    await this.#transport.close();
    if (epoch === this.#epoch) this.#setStatus('offline', 'stopped');
  }

  #connect(epoch: number): void {
    this.#retryTimer = null;
    const attempt = this.#open(epoch).finally(() => {
      if (this.#connecting === attempt) this.#connecting = null;
    });
    this.#connecting = attempt;
  }

  async #open(epoch: number): Promise<void> {
    const { path, baudRate, dataBits, parity, stopBits } = this.config;
    // Bytes from before an unplug would otherwise be glued to the front of the next scan.
    this.#earlierParseErrors += this.#framer.parseErrors;
    this.#framer = new LineFramer({ terminator: this.config.terminator });
    try {
      await this.#transport.open(path, { baudRate, dataBits, parity, stopBits });
    } catch (err) {
      if (epoch !== this.#epoch) return;
      const failure = describeOpenFailure(err, path);
      this.#setStatus(failure.health, failure.detail);
      this.#scheduleReconnect(epoch);
      return;
    }
    if (epoch !== this.#epoch) {
      await this.#transport.close();
      return;
    }
    this.#backoff.reset();
    this.#setStatus('online', null);
  }

  #scheduleReconnect(epoch: number): void {
    if (!this.#running || epoch !== this.#epoch || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => this.#connect(epoch), this.#backoff.next());
  }

  #onDisconnect(reason: string, unplugged: boolean): void {
    if (!this.#running) return;
    if (unplugged) this.#setStatus('offline', `${this.config.path} disconnected`);
    else this.#setStatus('fault', `I/O error on ${this.config.path}: ${reason}`);
    this.#scheduleReconnect(this.#epoch);
  }

  #onBytes(bytes: Uint8Array): void {
    for (const frame of this.#framer.push(bytes)) {
      const { aim, symbology, data } = splitAimIdentifier(frame);
      // A bare suffix (or an identifier with nothing after it) is not a read.
      if (data.length === 0) continue;
      this.emit('scan', { deviceId: this.config.id, data, aim, symbology, at: new Date() });
    }
  }

  #setStatus(health: DeviceHealth, detail: string | null): void {
    if (this.#status.health === health && this.#status.detail === detail) return;
    this.#status = { deviceId: this.config.id, health, detail };
    this.emit('status', { ...this.#status });
  }
}
