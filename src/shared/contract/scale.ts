import { z } from 'zod';

/**
 * What a scale reports about its reading. Only `stable` may ever be recorded as an item's weight
 * (DESIGN.md invariant 6); the others are shown so the operator knows why capture is disabled.
 */
export const ScaleCondition = z.enum([
  'stable',
  'stableAtZero',
  'inMotion',
  'underZero',
  'overCapacity',
  'fault',
  'needsCalibration',
  'needsRezero',
]);
export type ScaleCondition = z.infer<typeof ScaleCondition>;

/** Units a scale may report in (HID POS page 0x8D, MT-SICS, NCI). */
export const WeightUnit = z.enum(['mg', 'g', 'kg', 'ct', 'tael', 'gr', 'dwt', 't', 'ton', 'ozt', 'oz', 'lb', 'lb-oz', 'unknown']);
export type WeightUnit = z.infer<typeof WeightUnit>;

/** Units the station displays weights in (configurable); weights are kept in grams. */
export const DisplayUnit = z.enum(['g', 'kg', 'oz', 'lb']);
export type DisplayUnit = z.infer<typeof DisplayUnit>;

export const ScaleReading = z.object({
  deviceId: z.string(),
  condition: ScaleCondition,
  /** The value exactly as the scale sent it, as a decimal string (never a float): "12.3". Null when it sent none. */
  value: z.string().nullable(),
  unit: WeightUnit,
  /** The smallest step the scale reported at, as a decimal string in `unit` ("0.1"); null when unknown. */
  resolution: z.string().nullable(),
  /** The value converted to grams, for display and records; null when there is no value. */
  grams: z.number().nullable(),
  at: z.iso.datetime(),
  /**
   * The item this load may become the weight of: the item being worked on, when the scale left zero
   * for it (or its weight moved by more than one step) after the item was opened and nobody has
   * captured it yet; null when no item may take it ("Put the item on the scale"). Main decides; it
   * is set on live readings only, never on a recorded one.
   */
  newLoadFor: z.string().nullable().optional(),
});
export type ScaleReading = z.infer<typeof ScaleReading>;
