// What every scale codec boils its frames down to: the device-independent part of a ScaleReading.
// Devices add who measured it and when; the CLI prints it next to the raw frame.
import type { ScaleCondition, ScaleReading, WeightUnit } from '../../shared/contract/index.ts';
import { toGrams } from './scaleDecimal.ts';
import { DEFAULT_SCALE_CAPACITY_KG } from '../../shared/devices/index.ts';

// The capacity bounds are part of every scale's config schema, so they live with it in shared.
export { DEFAULT_SCALE_CAPACITY_KG, MAX_SCALE_CAPACITY_KG } from '../../shared/devices/index.ts';

export interface ScaleMeasurement {
  condition: ScaleCondition;
  /** Exact decimal text (see scaleDecimal.ts); null when the frame carried no number. */
  value: string | null;
  unit: WeightUnit;
  resolution: string | null;
}

const DEFAULT_CAPACITY_GRAMS = DEFAULT_SCALE_CAPACITY_KG * 1000;
/**
 * No scale's display needs more characters ("-12lb 15.5oz", "28.349523125"); a longer value is a
 * codec reading noise, even in a unit with no grams (taels, unknown) where capacity cannot tell.
 */
const MAX_VALUE_TEXT = 24;

/**
 * Builds the contract's reading; grams are derived here so that every device converts the same way,
 * and bounded here so that no device can report what no scale weighs (see boundedMeasurement).
 */
export function toScaleReading(deviceId: string, measurement: ScaleMeasurement, at: Date, capacityGrams = DEFAULT_CAPACITY_GRAMS): ScaleReading {
  const { condition, value, unit, resolution } = boundedMeasurement(measurement, capacityGrams);
  return {
    deviceId,
    condition,
    value,
    unit,
    resolution,
    grams: value === null ? null : toGrams(value, unit),
    at: at.toISOString(),
  };
}

/** Conditions that claim a load the scale is weighing; the others already say why there is no weight. */
const WEIGHING: ReadonlySet<ScaleCondition> = new Set(['stable', 'stableAtZero', 'inMotion']);

/**
 * A measurement as the station may believe it. The bytes come from a device (or a cable picking
 * up noise), so a codec's frame can claim anything: a HID exponent of 127, 309 MT-SICS digits. So:
 * - a value whose grams are not a finite number is a fault, its number dropped;
 * - a value beyond the scale's capacity is over capacity, its number dropped: it is shown as a
 *   condition, never as an absurd weight, and never recorded;
 * - a value or step longer than any display, or a step coarser than the capacity, is a fault;
 * - a "stable" zero is stable at zero and a "stable" negative is under zero, whatever the
 *   protocol's flags said: neither is an item's weight (DESIGN.md invariant 6).
 * Measurements without grams (unit unknown, taels) pass unchanged: capture refuses them anyway.
 */
export function boundedMeasurement(measurement: ScaleMeasurement, capacityGrams: number): ScaleMeasurement {
  const { condition, value, unit, resolution } = measurement;
  if (value === null) return measurement;
  const grams = toGrams(value, unit);
  const step = resolution === null || unit === 'lb-oz' ? null : toGrams(resolution, unit);
  const unknown = { value: null, unit, resolution: null };
  if (grams !== null && !Number.isFinite(grams)) return { condition: 'fault', ...unknown };
  if (grams !== null && Math.abs(grams) > capacityGrams) {
    return { condition: WEIGHING.has(condition) ? 'overCapacity' : condition, ...unknown };
  }
  if (value.length > MAX_VALUE_TEXT || (resolution?.length ?? 0) > MAX_VALUE_TEXT) return { condition: 'fault', ...unknown };
  // A step coarser than the whole scale is no reading at all, even of zero.
  if (step !== null && !(Number.isFinite(step) && step <= capacityGrams)) return { condition: 'fault', ...unknown };
  if (condition !== 'stable') return measurement;
  if (grams === 0 || (grams === null && isZeroText(value))) return { ...measurement, condition: 'stableAtZero' };
  if ((grams !== null && grams < 0) || value.startsWith('-')) return { ...measurement, condition: 'underZero' };
  return measurement;
}

/** "0", "0.00", "-0lb 0.0oz": a value with no digit other than zero. */
function isZeroText(value: string): boolean {
  return !/[1-9]/.test(value);
}

/** The result of decoding untrusted bytes: codecs return this instead of throwing. */
export type DecodeResult<T> = { ok: true; frame: T } | { ok: false; error: DecodeError };

export interface DecodeError {
  /** A stable, machine-readable reason ('length', 'reportId', 'syntax', …). */
  code: string;
  /** What was wrong, for logs and the CLI. */
  message: string;
}

export function decodeFailure(code: string, message: string): { ok: false; error: DecodeError } {
  return { ok: false, error: { code, message } };
}

/**
 * stable / stableAtZero / underZero from a normalised value's sign (decimal or lb-oz text), for protocols whose stable
 * weight carries no zero or under-zero flag: neither zero nor a negative may become an item's weight.
 */
export function signedCondition(value: string): ScaleCondition {
  if (isZeroText(value)) return 'stableAtZero';
  return value.startsWith('-') ? 'underZero' : 'stable';
}
