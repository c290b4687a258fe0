import { decodeHidScaleReport, encodeHidScaleZero, hidScaleMeasurement } from '../protocols/index.ts';
import { toScaleReading } from '../protocols/index.ts';
import { findHidScales } from '../transports/index.ts';
import type { HidScaleInfo } from '../transports/index.ts';
import type { HidTransport } from '../transports/index.ts';
import { messageOf } from '../transports/index.ts';
import { NodeHidTransport } from '../transports/index.ts';
import type { BackoffOptions } from './backoff.ts';
import { connectHidDevice } from './hidDevice.ts';
import type { HidDeviceWords } from './hidDevice.ts';
import { parseHidScaleConfig } from '../../shared/devices/index.ts';
import type { HidScaleConfig, HidScaleConfigInput } from '../../shared/devices/index.ts';
import { ReconnectingDevice } from './reconnectingDevice.ts';
import type { ScaleEvents, ScaleZeroResult } from './scaleEvents.ts';

export interface HidScaleOptions {
  /** Defaults to node-hid; tests and demo mode pass a MemoryHidTransport. */
  transport?: HidTransport;
  /** Defaults to enumerating the USB bus (findHidScales). */
  discover?: () => Promise<HidScaleInfo[]>;
  reconnect?: BackoffOptions;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/**
 * A USB HID POS scale (Dymo M10/M25, Stamps.com, Mettler PS60-HID, …). start() finds it by
 * enumeration and keeps it open: when it is missing, unplugged or has switched itself off (a Dymo
 * does after about 3 minutes idle), it retries with a doubling backoff until stop(). Every data
 * report becomes a `reading`; no I/O error escapes as an exception or a rejected promise.
 */
export class HidScale extends ReconnectingDevice<HidScaleConfig, ScaleEvents> {
  readonly #transport: HidTransport;
  readonly #discover: () => Promise<HidScaleInfo[]>;
  readonly #words: HidDeviceWords;
  #devicePath: string | null = null;
  /** The next report is the one hidraw kept from before we opened: see #onReport. */
  #skipNextReport = false;
  #parseErrors = 0;

  constructor(config: HidScaleConfigInput, options: HidScaleOptions = {}) {
    super(parseHidScaleConfig(config), options.reconnect);
    this.#transport = options.transport ?? new NodeHidTransport();
    this.#discover = options.discover ?? findHidScales;
    const wanted = this.#wanted();
    this.#words = {
      missing: `no ${wanted} found: check that it is plugged in and switched on`,
      cannotOpen: (path, reason) =>
        `cannot open ${wanted} (${path}): ${reason}: install the udev rule that gives the station user access, or close the program that holds it`,
    };
    this.#transport.on('data', ({ report }) => this.#onReport(report));
    this.#transport.on('disconnect', ({ reason }) => this.#onDisconnect(reason));
  }

  get running(): boolean {
    return this.loop.running;
  }

  /** The path opened last (hidraw paths change on replug), or null before the first open. */
  get devicePath(): string | null {
    return this.#devicePath;
  }

  /** Reports that were not scale data reports (or were malformed), over the device's lifetime. */
  get parseErrors(): number {
    return this.#parseErrors;
  }

  /** Retries at once instead of waiting out the backoff: call it on a USB hotplug event. */
  reconnectNow(): void {
    this.loop.now();
  }

  /**
   * Sends the Scale Control Report "zero scale". HID has no acknowledgement: ok means the report
   * was written, and the next readings show whether the scale obeyed (not all do; usbscale README).
   */
  async zero(): Promise<ScaleZeroResult> {
    if (!this.#transport.isOpen) return { ok: false, reason: 'the scale is offline' };
    try {
      await this.#transport.write(encodeHidScaleZero());
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: `the scale did not take the zero command: ${messageOf(err)}` };
    }
  }

  #wanted(): string {
    const { path, vendorId, productId } = this.config;
    if (path !== undefined) return `HID scale at ${path}`;
    if (vendorId !== undefined || productId !== undefined) {
      return `HID scale ${vendorId === undefined ? '*' : hex4(vendorId)}:${productId === undefined ? '*' : hex4(productId)}`;
    }
    return 'HID scale';
  }

  protected async connect(superseded: () => boolean): Promise<boolean> {
    const outcome = await connectHidDevice(this.#transport, this.#discover, this.config, this.#words, superseded);
    if (!this.opened(outcome)) return false;
    this.#devicePath = outcome.opened.path;
    this.#skipNextReport = true;
    this.setStatus('online', null);
    return true;
  }

  protected disconnect(): Promise<void> {
    return this.#transport.close();
  }

  #onDisconnect(reason: string): void {
    this.lost('offline', `${this.#wanted()} stopped answering (${reason}): unplugged or switched off; reconnecting`);
  }

  #onReport(report: Uint8Array): void {
    // The first report after opening is old data: the kernel hands over the last report the scale
    // sent, which can be from before the platter changed. usbscale discards it for the same reason
    // ("we get old data the first time"), and a stale "stable" must never be recorded.
    if (this.#skipNextReport) {
      this.#skipNextReport = false;
      return;
    }
    const decoded = decodeHidScaleReport(report);
    if (!decoded.ok) {
      this.#parseErrors += 1;
      return;
    }
    this.emit('reading', toScaleReading(this.config.id, hidScaleMeasurement(decoded.frame), new Date(), this.config.capacityKg * 1000));
  }
}
