import { z } from 'zod';
import { ALL_ROLES } from '../commandSpec.ts';
import { auditSpec, step, text } from '../auditSpec.ts';
import { ScaleReading } from '../scale.ts';
import { Reason } from '../workflow.ts';
import { ItemRef, stepCommand, stepContract } from './stepContract.ts';

// Weighing: the scale's reading or a weight typed with a reason, and what the weight suggests.

export const WeightRecord = z.object({
  grams: z.number().nonnegative(),
  source: z.enum(['scale', 'manual']),
  /** Scale reading as the scale reported it (scale source only). */
  reading: ScaleReading.nullable(),
  manualReason: z.string().nullable(),
  operatorId: z.string(),
  at: z.iso.datetime(),
});
export type WeightRecord = z.infer<typeof WeightRecord>;

/** Something about the weight that deserves a look; it informs, it never clears (DESIGN.md invariant 7). */
export const WeightFlag = z.object({
  code: z.enum(['letterOverClassLimit', 'flatOverClassLimit', 'densityOutOfProportion', 'letterBombHeuristicBelow', 'letterBombHeuristicAbove']),
  message: z.string(),
});
export type WeightFlag = z.infer<typeof WeightFlag>;

export const weighContract = stepContract({
  name: 'weigh',
  commands: {
    'item.captureWeight': stepCommand({
      summary: 'Record the scale’s current stable reading as the item’s weight.',
      request: ItemRef.extend({ deviceId: z.string().min(1).optional() }).strict(),
      roles: ALL_ROLES,
    }),
    'item.enterWeight': stepCommand({
      summary: 'Record a weight typed by the operator (no scale), with the reason.',
      request: ItemRef.extend({ grams: z.number().positive().max(100_000), reason: Reason }).strict(),
      roles: ALL_ROLES,
    }),
  },
  audit: {
    'item.weighed': auditSpec(
      ['item'],
      z.object({
        ...step,
        grams: z.number(),
        source: z.enum(['scale', 'manual']),
        reason: text.optional(),
        deviceId: text.optional(),
        // As the scale sent them: decimal strings (older events may hold numbers).
        value: z.union([text, z.number()]).nullable().optional(),
        unit: text.optional(),
        resolution: z.union([text, z.number()]).nullable().optional(),
      }),
    ),
  },
  detail: {
    weights: z.array(WeightRecord),
    weightFlags: z.array(WeightFlag),
  },
});
