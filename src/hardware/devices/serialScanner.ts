import { scanText, splitAimIdentifier } from '../protocols/index.ts';
import { LineFramer } from '../protocols/index.ts';
import { SerialTransport } from '../transports/index.ts';
import type { SerialLineTransport } from '../transports/index.ts';
import type { BackoffOptions } from './backoff.ts';
import type { DeviceHealthStatus } from './deviceHealth.ts';
import { connectSerialPort, serialLossStatus } from './openFailure.ts';
import { ReconnectingDevice } from './reconnectingDevice.ts';
import { parseSerialScannerConfig } from '../../shared/devices/index.ts';
import type { SerialScannerConfig, SerialScannerConfigInput } from '../../shared/devices/index.ts';

export interface ScannerScan {
  deviceId: string;
  /** The barcode data, AIM identifier removed: UTF-8 where the bytes are UTF-8, else latin1 (scanText.ts). */
  data: string;
  /** The AIM identifier as received (`]C1`), or null if the scanner does not send one. */
  aim: string | null;
  symbology: string | null;
  at: Date;
}

export type ScannerStatus = DeviceHealthStatus;

export interface SerialScannerEvents {
  scan: ScannerScan;
  /** Emitted on every change of health or detail, never repeated for the same state. */
  status: ScannerStatus;
}

export interface SerialScannerOptions {
  reconnect?: BackoffOptions;
  /** The port; a MemorySerialTransport in unit tests. Default: a real serial port. */
  transport?: SerialLineTransport;
}

/**
 * A serial or USB-CDC barcode scanner: serial transport + line framing + AIM identifiers.
 * start() opens the port and keeps it open: when the port is missing, busy or unplugged it
 * retries with a doubling backoff until stop(). No I/O error escapes as an exception or a
 * rejected promise; each one becomes a `status` event.
 */
export class SerialScanner extends ReconnectingDevice<SerialScannerConfig, SerialScannerEvents> {
  readonly #transport: SerialLineTransport;
  #framer: LineFramer;
  /** Parse errors counted by framers of earlier connections. */
  #earlierParseErrors = 0;

  constructor(config: SerialScannerConfigInput, options: SerialScannerOptions = {}) {
    super(parseSerialScannerConfig(config), options.reconnect);
    this.#transport = options.transport ?? new SerialTransport();
    this.#framer = new LineFramer({ terminator: this.config.terminator });
    this.#transport.on('data', ({ bytes }) => this.#onBytes(bytes));
    this.#transport.on('disconnect', ({ reason, unplugged }) => this.#onDisconnect(reason, unplugged));
  }

  get running(): boolean {
    return this.loop.running;
  }

  /** Frames dropped as too long (no terminator within 4096 bytes), over the device's lifetime. */
  get parseErrors(): number {
    return this.#earlierParseErrors + this.#framer.parseErrors;
  }

  protected async connect(superseded: () => boolean): Promise<boolean> {
    // Bytes from before an unplug would otherwise be glued to the front of the next scan.
    this.#earlierParseErrors += this.#framer.parseErrors;
    this.#framer = new LineFramer({ terminator: this.config.terminator });
    const outcome = await connectSerialPort(this.#transport, this.config, superseded);
    if (!this.opened(outcome)) return false;
    this.setStatus('online', null);
    return true;
  }

  protected disconnect(): Promise<void> {
    return this.#transport.close();
  }

  #onDisconnect(reason: string, unplugged: boolean): void {
    const { health, detail } = serialLossStatus(this.config.path, reason, unplugged);
    this.lost(health, detail);
  }

  #onBytes(bytes: Uint8Array): void {
    for (const frame of this.#framer.push(bytes)) {
      const { aim, symbology, data } = splitAimIdentifier(frame);
      // A bare suffix (or an identifier with nothing after it) is not a read.
      if (data.length === 0) continue;
      this.emit('scan', { deviceId: this.config.id, data: scanText(data), aim, symbology, at: new Date() });
    }
  }
}
