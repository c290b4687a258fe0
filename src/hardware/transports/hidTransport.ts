import type { TypedEmitter } from '../typedEmitter.ts';

export interface HidTransportEvents {
  /** One input report, report ID first (as node-hid delivers it). */
  data: { report: Uint8Array };
  /**
   * The open device went away without close() being called. node-hid reports an unplug, a scale
   * that powered itself off and a real I/O error alike as a read error, so they are not told apart.
   */
  disconnect: { reason: string };
}

/**
 * One HID device, opened and closed on request. Like SerialTransport it never throws out of an
 * event handler: open() and write() reject (the caller awaits them), everything after open is a
 * `disconnect` event. Implementations: NodeHidTransport (real devices), MemoryHidTransport (tests,
 * demo mode).
 */
export interface HidTransport extends Pick<TypedEmitter<HidTransportEvents>, 'on' | 'off' | 'once'> {
  readonly isOpen: boolean;
  open(devicePath: string): Promise<void>;
  /** Sends an output report; the first byte is the report ID. */
  write(report: Uint8Array): Promise<void>;
  /** Closes if open. Never rejects. */
  close(): Promise<void>;
}
