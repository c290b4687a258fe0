import { MAX_SCALE_CAPACITY_KG, toGrams } from '../../hardware/index.ts';
import type { ScaleCondition, ScaleReading } from '../../shared/contract/index.ts';
import type { EventBus } from './eventBus.ts';

/** No configured scale may carry more; a reading beyond it got past a driver's own bound. */
const CEILING_GRAMS = MAX_SCALE_CAPACITY_KG * 1000;

/**
 * The drivers already bound their readings by each scale's capacity (hardware boundedMeasurement).
 * This is main's own check, so that a driver bug can never put a non-finite or absurd number on the
 * screens' event stream or into a record: a non-finite weight is a fault, one beyond any scale's
 * capacity is over capacity, each with its number dropped; a stable zero or negative is not stable.
 */
export function plausibleReading(reading: ScaleReading): ScaleReading {
  const { grams, condition } = reading;
  const dropped = { value: null, resolution: null, grams: null };
  if (grams !== null && !Number.isFinite(grams)) return { ...reading, ...dropped, condition: 'fault' };
  if (grams !== null && Math.abs(grams) > CEILING_GRAMS) {
    return { ...reading, ...dropped, condition: condition === 'stable' || condition === 'stableAtZero' || condition === 'inMotion' ? 'overCapacity' : condition };
  }
  if (condition === 'stable' && grams !== null && grams <= 0) return { ...reading, condition: grams === 0 ? 'stableAtZero' : 'underZero' };
  return reading;
}

const NOT_CAPTURABLE: Readonly<Record<Exclude<ScaleCondition, 'stable'>, string>> = {
  inMotion: 'The scale is not stable yet (in motion). Wait for a steady reading, then capture.',
  stableAtZero: 'The scale reads zero. Put the item on the scale, wait for a steady reading, then capture.',
  underZero: 'The scale reads below zero. Clear the platter and zero the scale, then weigh again.',
  overCapacity: 'The scale reads over its capacity. Weigh the item on a larger scale, or enter the weight by hand with a reason.',
  fault: 'The scale reports a fault, so its reading cannot be recorded. Check the scale (switch it off and on), or enter the weight by hand with a reason.',
  needsCalibration: 'The scale needs calibration, so its reading cannot be recorded. Have it calibrated, or enter the weight by hand with a reason.',
  needsRezero: 'The scale needs re-zeroing. Clear the platter and zero it, then weigh again.',
};

/**
 * Why a reading cannot become an item's weight, in words the operator can act on; null when it can
 * (stable, with a finite positive number of grams within any scale's capacity).
 */
export function captureRefusal(reading: ScaleReading): string | null {
  const checked = plausibleReading(reading);
  if (checked.condition !== 'stable') return NOT_CAPTURABLE[checked.condition];
  if (checked.value === null) return 'The scale shows no weight (its display has no number). Wait for a steady reading, or enter the weight by hand with a reason.';
  if (checked.grams === null) {
    return `The scale reports in a unit with no weight in grams (${checked.unit}). Set the scale to g, kg, oz or lb, or enter the weight by hand with a reason.`;
  }
  return null;
}

/** The work in progress as Sessions counts it: the item, and the turn it became current in. */
export type CurrentWork = () => { custodyId: string | null; turn: number };

/**
 * What is on one scale since it last read zero: the turn of the work in progress it was put on in,
 * the stable weight it settled at (then the weight captured from it), and whether it was captured.
 */
interface Load {
  turn: number;
  referenceGrams: number | null;
  captured: boolean;
}

/** Lifting the item leaves the scale at zero (or below, with a tare or a pan taken off). */
function atZero(reading: ScaleReading): boolean {
  if (reading.condition === 'stableAtZero' || reading.condition === 'underZero') return true;
  return reading.grams !== null && reading.grams <= 0;
}

/** One step of the scale's resolution in grams; 0 when the scale did not say. */
function stepGrams(reading: ScaleReading): number {
  if (reading.resolution === null) return 0;
  const step = toGrams(reading.resolution, reading.unit);
  return step !== null && Number.isFinite(step) && step > 0 ? step : 0;
}

/**
 * The latest reading of every scale: what the weigh step captures from, and what the screen shows
 * live. It is the screening service's ScaleSource by shape; naming that type here would import the
 * service back, a cycle.
 *
 * A weight may become an item's weight only if it was put on the scale for that item (issue 12):
 * the scale left zero, or its stable weight moved by more than one step, after the item became the
 * work in progress, and nobody has captured that load yet. Otherwise the last letter's 18.4 g,
 * still on the platter (or just never lifted), would be recorded as the next parcel's weight.
 */
export class ScaleReadings {
  readonly #latest = new Map<string, ScaleReading>();
  readonly #loads = new Map<string, Load | null>();
  readonly #bus: EventBus;
  readonly #work: CurrentWork;

  constructor(bus: EventBus, work: CurrentWork = () => ({ custodyId: null, turn: 0 })) {
    this.#bus = bus;
    this.#work = work;
  }

  report(reading: ScaleReading): void {
    const { newLoadFor: _fromTheDevice, ...checked } = plausibleReading(reading);
    this.#latest.set(checked.deviceId, checked);
    this.#follow(checked);
    this.#bus.publish('scale.reading', this.#annotated(checked));
  }

  /** Keeps track of the load: a new one starts when the scale leaves zero or settles elsewhere. */
  #follow(reading: ScaleReading): void {
    const id = reading.deviceId;
    if (atZero(reading)) {
      this.#loads.set(id, null);
      return;
    }
    const load = this.#loads.get(id);
    const stableGrams = reading.condition === 'stable' ? reading.grams : null;
    if (!load) {
      this.#loads.set(id, { turn: this.#work().turn, referenceGrams: stableGrams, captured: false });
      return;
    }
    if (stableGrams === null) return;
    if (load.referenceGrams === null) load.referenceGrams = stableGrams;
    else if (Math.abs(stableGrams - load.referenceGrams) > stepGrams(reading) + 1e-9) {
      this.#loads.set(id, { turn: this.#work().turn, referenceGrams: stableGrams, captured: false });
    }
  }

  #annotated(reading: ScaleReading): ScaleReading {
    const load = this.#loads.get(reading.deviceId);
    const work = this.#work();
    const isNew = load !== undefined && load !== null && !load.captured && load.turn === work.turn;
    return { ...reading, newLoadFor: isNew ? work.custodyId : null };
  }

  /**
   * The load behind this scale's latest reading became an item's weight: no other item may take it
   * until the scale leaves zero or its weight moves by more than one step from what was captured.
   */
  captured(deviceId: string): void {
    const load = this.#loads.get(deviceId);
    const reading = this.#latest.get(deviceId);
    if (!load) return;
    load.captured = true;
    if (reading?.condition === 'stable' && reading.grams !== null) load.referenceGrams = reading.grams;
  }

  /**
   * Why the load behind this reading may not become this item's weight, in the operator's words;
   * null when it may. Asked after the reading's own condition was found capturable.
   */
  staleLoadRefusal(reading: ScaleReading, custodyId: string): string | null {
    if (reading.newLoadFor === custodyId) return null;
    const shown = reading.value === null ? 'the weight' : `the ${reading.value} ${reading.unit}`;
    const load = this.#loads.get(reading.deviceId);
    if (load?.captured) {
      return `Put the item on the scale: ${shown} on it now was already recorded as another item's weight. Take that off, then put this item on the scale.`;
    }
    return `Put the item on the scale: ${shown} on it now was there before this item was opened. Lift it off, then put this item on the scale.`;
  }

  all(): ScaleReading[] {
    return [...this.#latest.values()].map((reading) => this.#annotated(reading));
  }

  /** The named scale's reading, or with no name the most recent reading of any scale. */
  latestReading(deviceId?: string): ScaleReading | null {
    if (deviceId) {
      const reading = this.#latest.get(deviceId);
      return reading ? this.#annotated(reading) : null;
    }
    let newest: ScaleReading | null = null;
    for (const reading of this.#latest.values()) if (!newest || reading.at > newest.at) newest = reading;
    return newest ? this.#annotated(newest) : null;
  }
}
