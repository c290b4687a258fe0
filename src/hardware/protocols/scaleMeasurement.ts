// What every scale codec boils its frames down to: the device-independent part of a ScaleReading.
// Devices add who measured it and when; the CLI prints it next to the raw frame.
import type { ScaleCondition, ScaleReading, WeightUnit } from '../../shared/contract/scale.ts';
import { toGrams } from './scaleDecimal.ts';

export interface ScaleMeasurement {
  condition: ScaleCondition;
  /** Exact decimal text (see scaleDecimal.ts); null when the frame carried no number. */
  value: string | null;
  unit: WeightUnit;
  resolution: string | null;
}

/** Builds the contract's reading; grams are derived here so that every device converts the same way. */
export function toScaleReading(deviceId: string, measurement: ScaleMeasurement, at: Date): ScaleReading {
  const { condition, value, unit, resolution } = measurement;
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
 * stable / stableAtZero / underZero from a normalised value's sign, for protocols whose stable
 * weight carries no zero or under-zero flag: neither zero nor a negative may become an item's weight.
 */
export function signedCondition(value: string): ScaleCondition {
  if (value.startsWith('-')) return 'underZero';
  return /^[0.]+$/.test(value) ? 'stableAtZero' : 'stable';
}
