export type PrinterErrorCode =
  /** Not connected, or the printer does not answer. Nothing was sent. */
  | 'offline'
  /** The printer reports a fault (paper out, head open, …). Nothing was sent. */
  | 'fault'
  /** The job is not well-formed ZPL. Nothing was sent. */
  | 'invalid-job'
  /** The driver is stopped. Nothing was sent. */
  | 'stopped'
  /** The job went out (maybe partly) but the printer never confirmed it printed. */
  | 'unconfirmed';

/**
 * Why print() did not confirm a label. `sent` tells a queue whether a retry could print the
 * label twice: false means no byte of the job reached the printer.
 */
export class PrinterError extends Error {
  readonly code: PrinterErrorCode;
  readonly sent: boolean;

  constructor(code: PrinterErrorCode, message: string, sent: boolean) {
    super(message);
    this.name = 'PrinterError';
    this.code = code;
    this.sent = sent;
  }
}
