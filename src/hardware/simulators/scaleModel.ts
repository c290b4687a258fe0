// The physics shared by the scale simulators: a load that settles over a few samples, a zero
// offset and a tare, a capacity, and conditions a test or the demo drawer can force. Each protocol
// simulator turns a sample into its own bytes. Motion is counted in samples, not milliseconds, so a
// test sees the same in-motion readings however slowly the machine runs.

/** Conditions that come from the scale's state rather than its load. */
export type SimulatedCondition = 'fault' | 'needsCalibration' | 'needsRezero' | 'overCapacity' | 'underZero';

export interface ScaleModelOptions {
  /** Default 15 kg, a typical parcel scale. */
  capacityGrams?: number;
  /** In-motion samples after the load changes before it reads stable. Default 3. */
  settleSamples?: number;
  /** Zero and tare are refused beyond ± this much from the power-up zero. Default 2 % of capacity. */
  zeroRangeGrams?: number;
}

export interface ScaleSample {
  /** Displayed weight minus the zero offset and the tare, in grams. */
  netGrams: number;
  grossGrams: number;
  inMotion: boolean;
  overCapacity: boolean;
  /** Below zero by more than the zero range: MT-SICS `S -`, NCI "under capacity". */
  underload: boolean;
  forced: SimulatedCondition | null;
}

export type ZeroOutcome = 'done' | 'busy' | 'aboveRange' | 'belowRange';

export class ScaleModel {
  readonly capacityGrams: number;
  readonly settleSamples: number;
  readonly zeroRangeGrams: number;
  #load = 0;
  #shown = 0;
  #from = 0;
  #motionLeft = 0;
  #zeroOffset = 0;
  #tare = 0;
  #forced: SimulatedCondition | null = null;

  constructor(options: ScaleModelOptions = {}) {
    this.capacityGrams = options.capacityGrams ?? 15_000;
    this.settleSamples = options.settleSamples ?? 3;
    this.zeroRangeGrams = options.zeroRangeGrams ?? this.capacityGrams * 0.02;
  }

  /** Puts `grams` on the platter (replacing what was there); it settles over settleSamples samples. */
  place(grams: number): void {
    this.#from = this.#shown;
    this.#load = grams;
    this.#motionLeft = this.settleSamples;
  }

  remove(): void {
    this.place(0);
  }

  /** Forces a condition until cleared with null. */
  setCondition(condition: SimulatedCondition | null): void {
    this.#forced = condition;
  }

  get inMotion(): boolean {
    return this.#motionLeft > 0;
  }

  /** Takes the next sample: the display moves a step closer to the load while it settles. */
  sample(): ScaleSample {
    const inMotion = this.#motionLeft > 0;
    if (inMotion) {
      this.#shown = this.#load + ((this.#from - this.#load) * this.#motionLeft) / (this.settleSamples + 1);
      this.#motionLeft -= 1;
    } else {
      this.#shown = this.#load;
    }
    return this.#snapshot(inMotion);
  }

  /** Samples until the load has settled (what MT-SICS `S` waits for). */
  settle(): ScaleSample {
    let sample = this.sample();
    while (sample.inMotion) sample = this.sample();
    return sample;
  }

  zero(): ZeroOutcome {
    const outcome = this.#rangeCheck();
    if (outcome === 'done') {
      this.#zeroOffset = this.#shown;
      this.#tare = 0;
    }
    return outcome;
  }

  /** Tares the gross weight; returns the tare in grams, or why not. */
  tare(): { outcome: ZeroOutcome; tareGrams: number } {
    if (this.inMotion) return { outcome: 'busy', tareGrams: this.#tare };
    const gross = this.#shown - this.#zeroOffset;
    if (gross > this.capacityGrams) return { outcome: 'aboveRange', tareGrams: this.#tare };
    if (gross < 0) return { outcome: 'belowRange', tareGrams: this.#tare };
    this.#tare = gross;
    return { outcome: 'done', tareGrams: gross };
  }

  /** Back to power-on: no tare, no forced condition (the zero stays, as MT-SICS `@` says). */
  reset(): void {
    this.#tare = 0;
    this.#forced = null;
  }

  #rangeCheck(): ZeroOutcome {
    if (this.inMotion) return 'busy';
    if (this.#shown > this.zeroRangeGrams) return 'aboveRange';
    if (this.#shown < -this.zeroRangeGrams) return 'belowRange';
    return 'done';
  }

  #snapshot(inMotion: boolean): ScaleSample {
    const gross = this.#shown - this.#zeroOffset;
    return {
      grossGrams: gross,
      netGrams: gross - this.#tare,
      inMotion,
      overCapacity: gross > this.capacityGrams,
      underload: gross < -this.zeroRangeGrams,
      forced: this.#forced,
    };
  }
}
