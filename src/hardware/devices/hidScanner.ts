import { decodeHidScannerReport, HidScanAssembler, scanText } from '../protocols/index.ts';
import { findHidScanners } from '../transports/index.ts';
import type { HidScannerInfo } from '../transports/index.ts';
import type { HidTransport } from '../transports/index.ts';
import { NodeHidTransport } from '../transports/index.ts';
import type { BackoffOptions } from './backoff.ts';
import { parseHidScannerConfig } from '../../shared/devices/index.ts';
import type { HidScannerConfig, HidScannerConfigInput } from '../../shared/devices/index.ts';
import { connectHidDevice } from './hidDevice.ts';
import type { HidDeviceWords } from './hidDevice.ts';
import { ReconnectingDevice } from './reconnectingDevice.ts';
import type { ScannerScan, ScannerStatus } from './serialScanner.ts';

const WORDS: HidDeviceWords = {
  missing: 'no HID POS scanner found: check that it is plugged in and programmed for HID POS (not keyboard) mode',
  cannotOpen: (path, reason) => `cannot open the scanner at ${path}: ${reason}: install the udev rule or close the program that holds it`,
};

export interface HidScannerEvents {
  scan: ScannerScan;
  status: ScannerStatus;
}

export interface HidScannerOptions {
  /** Defaults to node-hid; tests and demo mode pass a MemoryHidTransport. */
  transport?: HidTransport;
  discover?: () => Promise<HidScannerInfo[]>;
  reconnect?: BackoffOptions;
}

/**
 * A USB HID POS barcode scanner (usage page 0x8C). Same events as SerialScanner, so the station
 * treats both alike. Honeywell and Youjie scanners ship in keyboard mode: program them to HID POS
 * with the vendor's configuration barcode (HidTransport has no feature reports, so the station
 * does not send the 0xFE 0x01 switch itself).
 */
export class HidScanner extends ReconnectingDevice<HidScannerConfig, HidScannerEvents> {
  readonly #transport: HidTransport;
  readonly #discover: () => Promise<HidScannerInfo[]>;
  readonly #assembler = new HidScanAssembler();
  #parseErrors = 0;

  constructor(config: HidScannerConfigInput, options: HidScannerOptions = {}) {
    super(parseHidScannerConfig(config), options.reconnect);
    this.#transport = options.transport ?? new NodeHidTransport();
    this.#discover = options.discover ?? findHidScanners;
    this.#transport.on('data', ({ report }) => this.#onReport(report));
    this.#transport.on('disconnect', ({ reason }) => this.#onDisconnect(reason));
  }

  /** Reports that were not scanned-data reports, plus scans dropped as oversize. */
  get parseErrors(): number {
    return this.#parseErrors + this.#assembler.dropped;
  }

  /** Retries at once: call it on a USB hotplug event. */
  reconnectNow(): void {
    this.loop.now();
  }

  protected async connect(superseded: () => boolean): Promise<boolean> {
    const outcome = await connectHidDevice(this.#transport, this.#discover, this.config, WORDS, superseded);
    if (!this.opened(outcome)) return false;
    this.#assembler.reset();
    this.setStatus('online', null);
    return true;
  }

  protected disconnect(): Promise<void> {
    return this.#transport.close();
  }

  #onDisconnect(reason: string): void {
    if (!this.loop.running) return;
    this.#assembler.reset();
    this.lost('offline', `the scanner stopped answering (${reason}): unplugged; reconnecting`);
  }

  #onReport(bytes: Uint8Array): void {
    const decoded = decodeHidScannerReport(bytes);
    if (!decoded.ok) {
      this.#parseErrors += 1;
      return;
    }
    const scan = this.#assembler.push(decoded.report);
    if (!scan || scan.data.length === 0) return;
    this.emit('scan', { deviceId: this.config.id, data: scanText(scan.data), aim: scan.aim, symbology: scan.symbology, at: new Date() });
  }
}
