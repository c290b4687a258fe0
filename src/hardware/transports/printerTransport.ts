// What a label printer driver needs from a link, whatever the cable: TCP 9100, the Linux USB
// printer class, or a serial line. Bytes both ways, and a signal when the link goes away.

export interface PrinterDisconnect {
  reason: string;
}

export interface PrinterTransport {
  /** A short name of the link for status text, e.g. `10.0.0.5:9100` or `/dev/usb/lp0`. */
  readonly address: string;
  readonly isOpen: boolean;
  /** Opens the link; rejects with the OS's reason (its `code` kept) if it cannot. */
  open(): Promise<void>;
  /** Resolves once the bytes are handed to the OS; rejects if the link is not open or fails. */
  write(bytes: Uint8Array): Promise<void>;
  /** Bytes from the printer, in arrival order; returns the unsubscribe. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** The open link went away without close() being called (reset, unplug, I/O error). */
  onDisconnect(listener: (event: PrinterDisconnect) => void): () => void;
  /** Closes the link if open. Never rejects. */
  close(): Promise<void>;
}

export { messageOf } from './ioError.ts';
