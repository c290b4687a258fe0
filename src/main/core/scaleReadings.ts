import { MAX_SCALE_CAPACITY_KG } from '../../hardware/index.ts';
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

/**
 * The latest reading of every scale: what the weigh step captures from, and what the screen shows
 * live. It is the screening service's ScaleSource by shape; naming that type here would import the
 * service back, a cycle.
 */
export class ScaleReadings {
  readonly #latest = new Map<string, ScaleReading>();
  readonly #bus: EventBus;

  constructor(bus: EventBus) {
    this.#bus = bus;
  }

  report(reading: ScaleReading): void {
    const checked = plausibleReading(reading);
    this.#latest.set(checked.deviceId, checked);
    this.#bus.publish('scale.reading', checked);
  }

  all(): ScaleReading[] {
    return [...this.#latest.values()];
  }

  /** The named scale's reading, or with no name the most recent reading of any scale. */
  latestReading(deviceId?: string): ScaleReading | null {
    if (deviceId) return this.#latest.get(deviceId) ?? null;
    let newest: ScaleReading | null = null;
    for (const reading of this.#latest.values()) if (!newest || reading.at > newest.at) newest = reading;
    return newest;
  }
}
