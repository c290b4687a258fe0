import type { Carrier } from '../mailVocabulary.ts';
import { expectedCheckDigit } from './checksums.ts';
import type { Reading, TrackingFormat } from './formats.ts';
import { MAX_TRACKING_LENGTH, TRACKING_FORMATS } from './formats.ts';

export type TrackingRecognition = {
  /** null when the code matches no claimed format. */
  carrier: Carrier | null;
  /** The format matches and its check digit (and any lookup) holds. */
  valid: boolean;
  /** Upper case, whitespace and hyphens removed: the form to store and compare. */
  normalized: string;
  /** Why, in words an operator or a log reader can act on. */
  reason: string;
  /** The data-set id of the matched format (e.g. "fedex_12"), or null. */
  format: string | null;
};

export const NOT_A_TRACKING_NUMBER = 'not a known carrier tracking number';

/** Labels print tracking numbers in groups separated by spaces or hyphens; operators type them either way. */
export function normalizeTrackingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

/** Why a reading fails its format's rules, or null when it holds. */
function failure(format: TrackingFormat, reading: Reading, code: string): string | null {
  if (format.checksum !== null) {
    const expected = expectedCheckDigit(format.checksum, reading.data);
    if (expected === null) return `${format.name}: the check digit cannot be computed over ${reading.data}`;
    if (String(expected) !== reading.checkDigit) {
      return `${format.name} check digit should be ${expected}, not ${reading.checkDigit ?? 'missing'}`;
    }
  }
  return format.lookup?.(code) ?? null;
}

/**
 * Which carrier's tracking number a scanned or typed code is, and whether its check digit holds.
 * A code that is no tracking number is still a valid scan for the station; deciding that is the caller's.
 */
export function recognizeTrackingNumber(code: string): TrackingRecognition {
  const normalized = normalizeTrackingCode(code);
  if (normalized.length > MAX_TRACKING_LENGTH) {
    return { carrier: null, valid: false, normalized, reason: NOT_A_TRACKING_NUMBER, format: null };
  }
  let firstFailure: TrackingRecognition | null = null;
  for (const format of TRACKING_FORMATS) {
    for (const reading of format.read(normalized)) {
      const problem = failure(format, reading, normalized);
      if (problem === null) {
        const reason =
          reading.checkDigit === null
            ? `${format.name}: format matches (this format has no check digit)`
            : `${format.name}: check digit ${reading.checkDigit} is correct`;
        return { carrier: format.carrier, valid: true, normalized, reason, format: format.id };
      }
      firstFailure ??= { carrier: format.carrier, valid: false, normalized, reason: problem, format: format.id };
    }
  }
  return firstFailure ?? { carrier: null, valid: false, normalized, reason: NOT_A_TRACKING_NUMBER, format: null };
}
