import { decodeHidScaleReport, encodeHidScaleZero, hidScaleMeasurement } from '../protocols/hidScale.ts';
import { toScaleReading } from '../protocols/scaleMeasurement.ts';
import { findHidScales } from '../transports/hidScaleDiscovery.ts';
import type { HidScaleInfo } from '../transports/hidScaleDiscovery.ts';
import type { HidTransport } from '../transports/hidTransport.ts';
import { NodeHidTransport } from '../transports/nodeHidTransport.ts';
import { TypedEmitter } from '../typedEmitter.ts';
import { Backoff, DEFAULT_RECONNECT_BACKOFF } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { parseHidScaleConfig } from './hidScaleConfig.ts';
import type { HidScaleConfig, HidScaleConfigInput } from './hidScaleConfig.ts';
import type { ScaleEvents, ScaleStatus, ScaleZeroResult } from './scaleEvents.ts';
import { ReconnectLoop } from './scaleReconnectLoop.ts';
import type { DeviceHealth } from '../../shared/contract/device.ts';

export interface HidScaleOptions {
  /** Defaults to node-hid; tests and demo mode pass a MemoryHidTransport. */
  transport?: HidTransport;
  /** Defaults to enumerating the USB bus (findHidScales). */
  discover?: () => Promise<HidScaleInfo[]>;
  reconnect?: BackoffOptions;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
export class HidScale extends TypedEmitter<ScaleEvents> {
  readonly config: HidScaleConfig;
  readonly #transport: HidTransport;
  readonly #discover: () => Promise<HidScaleInfo[]>;
  readonly #loop: ReconnectLoop;
  #devicePath: string | null = null;
  /** The next report is the one hidraw kept from before we opened: see #onReport. */
  #skipNextReport = false;
  #parseErrors = 0;
  #status: ScaleStatus;

  constructor(config: HidScaleConfigInput, options: HidScaleOptions = {}) {
    super();
    this.config = parseHidScaleConfig(config);
    this.#transport = options.transport ?? new NodeHidTransport();
    this.#discover = options.discover ?? findHidScales;
    this.#loop = new ReconnectLoop(
      { connect: (superseded) => this.#connect(superseded), disconnect: () => this.#transport.close() },
      new Backoff(options.reconnect ?? DEFAULT_RECONNECT_BACKOFF),
    );
    this.#status = { deviceId: this.config.id, health: 'offline', detail: 'not started' };
    this.#transport.on('data', ({ report }) => this.#onReport(report));
    this.#transport.on('disconnect', ({ reason }) => this.#onDisconnect(reason));
  }

  get id(): string {
    return this.config.id;
  }

  get status(): ScaleStatus {
    return { ...this.#status };
  }

  get running(): boolean {
    return this.#loop.running;
  }

  /** The path opened last (hidraw paths change on replug), or null before the first open. */
  get devicePath(): string | null {
    return this.#devicePath;
  }

  /** Reports that were not scale data reports (or were malformed), over the device's lifetime. */
  get parseErrors(): number {
    return this.#parseErrors;
  }

  /** Starts finding and opening the scale; returns at once. Progress is reported through `status`. */
  start(): void {
    this.#loop.start();
  }

  /** Closes the device and cancels any retry. Never rejects. */
  async stop(): Promise<void> {
    if (await this.#loop.stop()) this.#setStatus('offline', 'stopped');
  }

  /** Retries at once instead of waiting out the backoff: call it on a USB hotplug event. */
  reconnectNow(): void {
    this.#loop.now();
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

  #pick(scales: readonly HidScaleInfo[]): HidScaleInfo | undefined {
    const { path, vendorId, productId } = this.config;
    return scales.find(
      (s) =>
        (path === undefined || s.path === path) &&
        (vendorId === undefined || s.vendorId === vendorId) &&
        (productId === undefined || s.productId === productId),
    );
  }

  #wanted(): string {
    const { path, vendorId, productId } = this.config;
    if (path !== undefined) return `HID scale at ${path}`;
    if (vendorId !== undefined || productId !== undefined) {
      return `HID scale ${vendorId === undefined ? '*' : hex4(vendorId)}:${productId === undefined ? '*' : hex4(productId)}`;
    }
    return 'HID scale';
  }

  async #connect(superseded: () => boolean): Promise<boolean> {
    let scales: HidScaleInfo[];
    try {
      scales = await this.#discover();
    } catch (err) {
      if (!superseded()) this.#setStatus('fault', `cannot list HID devices: ${messageOf(err)}`);
      return false;
    }
    if (superseded()) return false;
    const found = this.#pick(scales);
    if (!found) {
      this.#setStatus('offline', `no ${this.#wanted()} found: check that it is plugged in and switched on`);
      return false;
    }
    try {
      await this.#transport.open(found.path);
    } catch (err) {
      if (!superseded()) {
        this.#setStatus(
          'fault',
          `cannot open ${this.#wanted()} (${found.path}): ${messageOf(err)}: install the udev rule that gives the station user access, or close the program that holds it`,
        );
      }
      return false;
    }
    if (superseded()) {
      await this.#transport.close();
      return false;
    }
    this.#devicePath = found.path;
    this.#skipNextReport = true;
    this.#setStatus('online', null);
    return true;
  }

  #onDisconnect(reason: string): void {
    if (!this.#loop.running) return;
    this.#setStatus('offline', `${this.#wanted()} stopped answering (${reason}): unplugged or switched off; reconnecting`);
    this.#loop.lost();
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
    this.emit('reading', toScaleReading(this.config.id, hidScaleMeasurement(decoded.frame), new Date()));
  }

  #setStatus(health: DeviceHealth, detail: string | null): void {
    if (this.#status.health === health && this.#status.detail === detail) return;
    this.#status = { deviceId: this.config.id, health, detail };
    this.emit('status', { ...this.#status });
  }
}
