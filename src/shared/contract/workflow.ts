import { z } from 'zod';
import { Badge, Pin } from './operator.ts';

/** The site's risk level, as in USPS Publication 166 ("Your Risk Level"). */
export const RiskLevel = z.enum(['low', 'medium', 'high']);
export type RiskLevel = z.infer<typeof RiskLevel>;

import { Item } from './item.ts';

export const ItemType = Item.shape.itemType.unwrap();
export type ItemType = z.infer<typeof ItemType>;

// One list of incident types: the SOP files' (src/shared/domain/sop.ts).
export { IncidentType } from '../domain/index.ts';

export const IncidentOutcome = z.enum(['hoax', 'benign', 'confirmed']);
export type IncidentOutcome = z.infer<typeof IncidentOutcome>;

export const TrainingKind = z.enum(['xrayOperator', 'suspiciousMailRecognition', 'ppe']);
export type TrainingKind = z.infer<typeof TrainingKind>;

const Text = (max: number) => z.string().trim().min(1).max(max);
const Reason = z.string().trim().min(3, 'Say why, in a few words').max(500);
export const IsoDate = z.iso.date();
export const SealNumber = z.string().trim().min(1).max(64);

/** A second person present at the station who confirms with their own badge and PIN. */
export const SecondOperator = z.object({ badge: Badge, pin: Pin }).strict();
export type SecondOperator = z.infer<typeof SecondOperator>;

export const Dimensions = z
  .object({
    lengthMm: z.number().positive().max(5000),
    widthMm: z.number().positive().max(5000),
    thicknessMm: z.number().positive().max(5000),
  })
  .strict();
export type Dimensions = z.infer<typeof Dimensions>;

export { Reason, Text };
