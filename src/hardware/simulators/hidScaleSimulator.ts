import type { ScaleCondition } from '../../shared/contract/index.ts';
import { encodeHidScaleReport, HID_SCALE_CONTROL_REPORT_ID, hidScaleStatusCode } from '../protocols/index.ts';
import type { MemoryHidTransport } from '../transports/index.ts';
import type { ScaleModelOptions, ScaleSample } from './scaleModel.ts';
import { SimulatedScale } from './simulatedScale.ts';

/** The units a postal HID scale switches between, with the exponent it reports them at. */
export type HidSimulatedUnit = 'g' | 'kg' | 'oz' | 'lb';

const UNIT_FORMAT: Readonly<Record<HidSimulatedUnit, { unitCode: number; exponent: number; gramsPerStep: number }>> = {
  g: { unitCode: 2, exponent: 0, gramsPerStep: 1 },
  kg: { unitCode: 3, exponent: -3, gramsPerStep: 1 },
  // A Dymo in ounce mode reports unit 11 with exponent -1 (docs/protocols/hid-pos-scale.md, "Scale Data Report").
  oz: { unitCode: 11, exponent: -1, gramsPerStep: 2.8349523125 },
  lb: { unitCode: 12, exponent: -2, gramsPerStep: 4.5359237 },
};

export interface HidScaleSimulatorOptions extends ScaleModelOptions {
  /** The device side of this transport is what the simulator drives. */
  transport: MemoryHidTransport;
  unit?: HidSimulatedUnit;
  /** Interval of the report stream start() runs. Default 100 ms. */
  reportMs?: number;
}

/**
 * A HID POS postal scale: real 6-byte Scale Data Reports into a MemoryHidTransport, the zero
 * command obeyed. Reports go out one per sendReport(), or on an interval after start().
 */
export class HidScaleSimulator extends SimulatedScale {
  readonly #transport: MemoryHidTransport;
  readonly #unit: HidSimulatedUnit;
  readonly #reportMs: number;
  readonly #unsubscribe: () => void;
  #timer: NodeJS.Timeout | null = null;
  #zeroCommands = 0;

  constructor(options: HidScaleSimulatorOptions) {
    super(options);
    this.#transport = options.transport;
    this.#unit = options.unit ?? 'g';
    this.#reportMs = options.reportMs ?? 100;
    this.#unsubscribe = this.#transport.onHostWrite((report) => this.#onHostWrite(report));
  }

  /** Zero commands received from the host. */
  get zeroCommands(): number {
    return this.#zeroCommands;
  }

  /** The report for one sample: status byte per HID POS, magnitude clamped to uint16. */
  reportFor(sample: ScaleSample): Uint8Array {
    const { unitCode, exponent, gramsPerStep } = UNIT_FORMAT[this.#unit];
    const raw = Math.min(0xffff, Math.round(Math.abs(sample.netGrams) / gramsPerStep));
    let condition: ScaleCondition;
    if (sample.forced) condition = sample.forced;
    else if (sample.overCapacity) condition = 'overCapacity';
    else if (sample.inMotion) condition = 'inMotion';
    else if (sample.netGrams < 0 && raw > 0) condition = 'underZero';
    else if (raw === 0) condition = 'stableAtZero';
    else condition = 'stable';
    return encodeHidScaleReport({ statusCode: hidScaleStatusCode(condition), unitCode, exponent, raw });
  }

  /** Takes a sample and sends its report; false if the host has not opened the device. */
  sendReport(): boolean {
    return this.#transport.deliver(this.reportFor(this.model.sample()));
  }

  /** Streams reports every reportMs, as a scale does while it is switched on. */
  start(): void {
    this.#timer ??= setInterval(() => this.sendReport(), this.#reportMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Stops and detaches from the transport. */
  dispose(): void {
    this.stop();
    this.#unsubscribe();
  }

  #onHostWrite(report: Uint8Array): void {
    // Scale Control Report: bit 1 is Zero Scale (bit 0, Enforced Zero Return, changes nothing here).
    if (report[0] !== HID_SCALE_CONTROL_REPORT_ID || ((report[1] ?? 0) & 0x02) === 0) return;
    this.#zeroCommands += 1;
    this.model.zero();
  }
}
