import { SerialTransport } from './serialTransport.ts';
import type { SerialLineSettings } from './serialTransport.ts';
import type { PrinterDisconnect, PrinterTransport } from './printerTransport.ts';

/**
 * A label printer on a serial line, through the station's SerialTransport. Zebra printers ship at
 * 9600 8N1; many are set to XON/XOFF, which SerialTransport does not enable: set the printer's
 * handshake to none or hardware (or extend SerialLineSettings) before using this link. A job
 * of a few kB at 9600 baud takes seconds to send; write() resolves once it is drained.
 */
export class PrinterSerialTransport implements PrinterTransport {
  readonly address: string;
  readonly #settings: SerialLineSettings;
  readonly #serial = new SerialTransport();

  constructor(path: string, settings: SerialLineSettings) {
    this.address = path;
    this.#settings = { ...settings };
  }

  get isOpen(): boolean {
    return this.#serial.isOpen;
  }

  open(): Promise<void> {
    return this.#serial.open(this.address, this.#settings);
  }

  write(bytes: Uint8Array): Promise<void> {
    return this.#serial.write(bytes);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.#serial.on('data', ({ bytes }) => listener(bytes));
  }

  onDisconnect(listener: (event: PrinterDisconnect) => void): () => void {
    return this.#serial.on('disconnect', ({ reason, unplugged }) =>
      listener({ reason: `${this.address}: ${unplugged ? 'printer unplugged' : reason}` }),
    );
  }

  close(): Promise<void> {
    return this.#serial.close();
  }
}
