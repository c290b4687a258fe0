// USB HID POS scales (usage page 0x8D): the 6-byte Scale Data Report and the Scale Control Report
// that zeroes the scale. docs/protocols/hid-pos-scale.md (HID POS Usage Tables; erjiang/usbscale).
//
//   byte 0  report ID 0x03 (usbscale also accepts 0x04)
//   byte 1  status, 1-based index into usages 0x71..0x78
//   byte 2  unit, 1-based index into usages 0x51..0x5C (0 = unknown)
//   byte 3  signed int8 base-10 exponent
//   byte 4-5 uint16 little-endian magnitude; status 5 (under zero) makes it negative
import type { ScaleCondition, WeightUnit } from '../../shared/contract/index.ts';
import { resolutionForExponent, scaledDecimal } from './scaleDecimal.ts';
import { decodeFailure, signedCondition } from './scaleMeasurement.ts';
import type { DecodeResult, ScaleMeasurement } from './scaleMeasurement.ts';

export const HID_SCALE_USAGE_PAGE = 0x8d;
export const HID_SCALE_USAGE = 0x20;
export const HID_SCALE_DATA_REPORT_IDS: readonly number[] = [0x03, 0x04];
export const HID_SCALE_DATA_REPORT_LENGTH = 6;
export const HID_SCALE_CONTROL_REPORT_ID = 0x02;

/** Index = status byte. Index 0 is not a valid status. */
const CONDITIONS: readonly (ScaleCondition | undefined)[] = [
  undefined,
  'fault',
  'stableAtZero',
  'inMotion',
  'stable',
  'underZero',
  'overCapacity',
  'needsCalibration',
  'needsRezero',
];

/** Index = unit byte (HUT 0x51 mg … 0x5C lb, 0 unknown). Several npm libraries get these wrong (§1.3). */
const UNITS: readonly WeightUnit[] = ['unknown', 'mg', 'g', 'kg', 'ct', 'tael', 'gr', 'dwt', 't', 'ton', 'ozt', 'oz', 'lb'];

export interface HidScaleDataReport {
  reportId: number;
  statusCode: number;
  condition: ScaleCondition;
  unitCode: number;
  unit: WeightUnit;
  exponent: number;
  /** The uint16 magnitude as sent, before sign and exponent. */
  raw: number;
  /** Exact decimal text, negated for status 5: raw 123, exponent -1 -> "12.3". */
  value: string;
  /** One step at this exponent: -1 -> "0.1". */
  resolution: string;
}

/**
 * Decodes one input report as node-hid delivers it (report ID first). Longer buffers are accepted
 * and the tail ignored: Windows pads every input report to the device's longest one. Never throws.
 */
export function decodeHidScaleReport(report: Uint8Array): DecodeResult<HidScaleDataReport> {
  if (report.length < HID_SCALE_DATA_REPORT_LENGTH) {
    return decodeFailure('length', `a scale data report has ${HID_SCALE_DATA_REPORT_LENGTH} bytes, got ${report.length}`);
  }
  const [reportId = 0, statusCode = 0, unitCode = 0, exponentByte = 0, low = 0, high = 0] = report;
  if (!HID_SCALE_DATA_REPORT_IDS.includes(reportId)) {
    return decodeFailure('reportId', `report ID 0x${hex(reportId)} is not a scale data report (0x03 or 0x04)`);
  }
  const condition = CONDITIONS[statusCode];
  if (condition === undefined) return decodeFailure('status', `status ${statusCode} is not a scale status (1-8)`);
  const unit = UNITS[unitCode];
  if (unit === undefined) return decodeFailure('unit', `unit ${unitCode} is not a scale unit (0-12)`);
  const exponent = exponentByte >= 0x80 ? exponentByte - 0x100 : exponentByte;
  const raw = low | (high << 8);
  return {
    ok: true,
    frame: {
      reportId,
      statusCode,
      condition,
      unitCode,
      unit,
      exponent,
      raw,
      value: scaledDecimal(raw, exponent, condition === 'underZero'),
      resolution: resolutionForExponent(exponent),
    },
  };
}

/**
 * Status 4 ("weight stable") says nothing about the value: a scale that sends it with raw 0 has an
 * empty platter, which is stable at zero and never an item's weight.
 */
export function hidScaleMeasurement(report: HidScaleDataReport): ScaleMeasurement {
  const condition = report.condition === 'stable' ? signedCondition(report.value) : report.condition;
  return { condition, value: report.value, unit: report.unit, resolution: report.resolution };
}

export interface HidScaleZeroOptions {
  /** Also set Enforced Zero Return (bit 0), which some scales need to accept the zero. */
  enforcedZeroReturn?: boolean;
}

/**
 * The Scale Control Report that zeroes the scale: report ID 2, "lowest bit is Enforced Zero Return,
 * second bit is Zero Scale" (usbscale). Not every scale obeys it (usbscale README).
 */
export function encodeHidScaleZero(options: HidScaleZeroOptions = {}): Uint8Array {
  return Uint8Array.of(HID_SCALE_CONTROL_REPORT_ID, 0x02 | (options.enforcedZeroReturn ? 0x01 : 0x00));
}

/** Builds a data report (for simulators and tests): the inverse of decodeHidScaleReport. */
export function encodeHidScaleReport(fields: { reportId?: number; statusCode: number; unitCode: number; exponent: number; raw: number }): Uint8Array {
  const raw = Math.max(0, Math.min(0xffff, Math.trunc(fields.raw)));
  return Uint8Array.of(fields.reportId ?? 0x03, fields.statusCode, fields.unitCode, fields.exponent & 0xff, raw & 0xff, raw >> 8);
}

/** The status byte for a condition, and the unit byte for a unit: for encoders. */
export function hidScaleStatusCode(condition: ScaleCondition): number {
  return CONDITIONS.indexOf(condition);
}

export function hidScaleUnitCode(unit: WeightUnit): number | null {
  const code = UNITS.indexOf(unit);
  return code < 0 ? null : code;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
