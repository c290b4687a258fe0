import type { DeviceHealth, ScaleCondition } from '../../shared/contract/index.ts';

/** What the scale says about its reading, and what the operator should do about it. */
export const SCALE_CONDITION_WORDS: Readonly<Record<ScaleCondition, { label: string; next: string }>> = {
  stable: { label: 'Stable', next: 'Ready to capture.' },
  stableAtZero: { label: 'Empty (zero)', next: 'Put the item on the scale.' },
  inMotion: { label: 'In motion', next: 'Wait until the reading settles; do not touch the item.' },
  underZero: { label: 'Under zero', next: 'Check the platter (weighing pan) is in place, take everything off the scale and re-zero it.' },
  overCapacity: { label: 'Over capacity', next: 'Too heavy for this scale: enter the weight by hand from another scale.' },
  fault: { label: 'Scale fault', next: 'Check the scale, or enter the weight by hand with a reason.' },
  needsCalibration: { label: 'Needs calibration', next: 'Do not use it: enter the weight by hand and tell the admin.' },
  needsRezero: { label: 'Needs re-zero', next: 'Take the item off, zero the scale, then weigh again.' },
};

/**
 * A stable weight that is not this item's (main's newLoadFor): the last item's, still on the platter,
 * or a load that was there before this item was opened. Capture stays off until the scale is lifted.
 */
export const STALE_LOAD_WORDS: { label: string; next: string } = {
  label: 'Put the item on the scale',
  next: 'The weight shown was there before this item was opened, or was already recorded for another item. Lift it off, then put this item on.',
};

/** The scale's own status next to its reading: what it answered when it gives no weight (MT-SICS `EL`, `S I`, …). */
export const SCALE_HEALTH_WORDS: Readonly<Record<DeviceHealth, string>> = {
  online: 'Scale',
  offline: 'Scale offline',
  fault: 'Scale fault',
};

/** The scale stopped giving weights (a fault, offline): the number shown is from before. */
export const LAST_READING_WORDS: { label: string; next: string } = {
  label: 'No weight from the scale',
  next: 'The number shown is its last reading, from before it stopped.',
};
