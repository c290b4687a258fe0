import { TERMINATOR_BYTES } from '../protocols/index.ts';
import type { Terminator } from '../protocols/index.ts';
import { SerialTransport } from '../transports/index.ts';
import type { SerialLineSettings } from '../transports/index.ts';

export interface ScannerSimulatorOptions {
  /** The device end of a pty pair (socatPair.ts). */
  path: string;
  /** Suffix sent after each read unless a scan says otherwise; real scanners default to CR. */
  terminator?: Terminator;
  /** AIM identifier sent before each read unless a scan says otherwise; none by default. */
  aim?: string | null;
  line?: Partial<SerialLineSettings>;
}

export interface SimulatedScan {
  /** e.g. `]C0`; null sends none. */
  aim?: string | null;
  terminator?: Terminator;
}

const DEFAULT_LINE: SerialLineSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

/**
 * A serial barcode scanner at the far end of a pty: it sends exactly the bytes a scanner
 * programmed with an AIM prefix and a CR/LF/CRLF suffix would, so the driver under test cannot
 * tell it from the real thing. Data is encoded UTF-8, as a scanner set to UTF-8 output sends it
 * (the driver reads valid UTF-8 as such, anything else as latin1: protocols/scanText.ts).
 */
export class ScannerSimulator {
  readonly #options: ScannerSimulatorOptions;
  readonly #transport = new SerialTransport();

  constructor(options: ScannerSimulatorOptions) {
    this.#options = options;
  }

  get isOpen(): boolean {
    return this.#transport.isOpen;
  }

  async open(): Promise<void> {
    await this.#transport.open(this.#options.path, { ...DEFAULT_LINE, ...this.#options.line });
  }

  /** The bytes one read puts on the wire: AIM identifier + data + suffix. */
  frameFor(code: string, opts: SimulatedScan = {}): Buffer {
    const aim = opts.aim !== undefined ? opts.aim : (this.#options.aim ?? null);
    const terminator = opts.terminator ?? this.#options.terminator ?? 'CR';
    return Buffer.concat([Buffer.from(`${aim ?? ''}${code}`, 'utf8'), TERMINATOR_BYTES[terminator]]);
  }

  /** Sends one read; resolves once the bytes have left (drained). */
  async scan(code: string, opts: SimulatedScan = {}): Promise<void> {
    await this.#transport.write(this.frameFor(code, opts));
  }

  /** Sends raw bytes, e.g. a frame split at an awkward place or one with no suffix. */
  async sendRaw(bytes: Uint8Array): Promise<void> {
    await this.#transport.write(bytes);
  }

  async close(): Promise<void> {
    await this.#transport.close();
  }
}
