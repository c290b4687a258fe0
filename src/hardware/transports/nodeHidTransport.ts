import { HIDAsync } from 'node-hid';
import { TypedEmitter } from '../typedEmitter.ts';
import { messageOf } from './ioError.ts';
import type { HidTransport, HidTransportEvents } from './hidTransport.ts';

/**
 * A HID device through node-hid's async API. The sync API reads on libuv's thread pool, four
 * devices at most (docs/protocols/linux-usb.md); the async one does not. node-hid reads only while a `data`
 * listener is attached and keeps no buffer, so the listener is attached as soon as the device opens.
 */
export class NodeHidTransport extends TypedEmitter<HidTransportEvents> implements HidTransport {
  #device: HIDAsync | null = null;
  #opening = false;

  get isOpen(): boolean {
    return this.#device !== null;
  }

  async open(devicePath: string): Promise<void> {
    if (this.#device || this.#opening) throw new Error(`HID transport already in use, cannot open ${devicePath}`);
    this.#opening = true;
    let device: HIDAsync;
    try {
      device = await HIDAsync.open(devicePath);
    } finally {
      this.#opening = false;
    }
    this.#device = device;
    device.on('data', (data: Buffer) => {
      if (this.#device === device) this.emit('data', { report: new Uint8Array(data) });
    });
    // Attached for the device's whole life: an 'error' with no listener would crash the process.
    device.on('error', (err: unknown) => {
      if (this.#device !== device) return;
      this.#device = null;
      device.close().catch(() => undefined);
      this.emit('disconnect', { reason: messageOf(err) });
    });
  }

  async write(report: Uint8Array): Promise<void> {
    const device = this.#device;
    if (!device) throw new Error('HID device is not open');
    await device.write(Array.from(report));
  }

  async close(): Promise<void> {
    const device = this.#device;
    this.#device = null;
    if (!device) return;
    await device.close().catch(() => undefined);
  }
}
