import type { ScaleReading } from '../../shared/contract/index.ts';
import type { DeviceHealthStatus } from './deviceHealth.ts';

export type ScaleStatus = DeviceHealthStatus;

/** The events every scale driver emits (HidScale, SerialScale). */
export interface ScaleEvents {
  /** Every reading the scale sends, whatever its condition; only `stable` may be recorded. */
  reading: ScaleReading;
  /** Emitted on every change of health or detail, never repeated for the same state. */
  status: ScaleStatus;
}

/** zero() never rejects: a scale that cannot zero says why, and the operator can act on it. */
export type ScaleZeroResult = { ok: true } | { ok: false; reason: string };
