import { z } from 'zod';
import { Badge, Pin } from './operator.ts';
import { XrayFinding, XrayVerdict } from './xray.ts';
import { ScaleReading } from './scale.ts';

/** The site's risk level, as in USPS Publication 166 ("Your Risk Level"). */
export const RiskLevel = z.enum(['low', 'medium', 'high']);
export type RiskLevel = z.infer<typeof RiskLevel>;

import { Item } from './item.ts';

export const ItemType = Item.shape.itemType.unwrap();
export type ItemType = z.infer<typeof ItemType>;

/** The screening steps the site policy can make mandatory or let be skipped. Inspection is never skippable. */
export const ScreeningStep = z.enum(['weigh', 'inspect', 'xray']);
export type ScreeningStep = z.infer<typeof ScreeningStep>;
/** The steps the site policy may let be skipped with a reason. */
export type SkippableStep = Exclude<ScreeningStep, 'inspect'>;

export const StepRequirement = z.enum(['required', 'optional']);
export type StepRequirement = z.infer<typeof StepRequirement>;

/**
 * What the station says comes next for an item, most pressing first: the workspace shows the step
 * of the first. `-or-skip` where the site policy lets the step be skipped with a reason.
 */
export const NextStep = z.enum([
  'weigh',
  'weigh-or-skip',
  'inspect',
  'xray',
  'xray-or-skip',
  'xray-verdict',
  'second-review',
  'clear',
  'deliver-or-return',
  'quarantine',
  'hand-over-release-or-destroy',
]);
export type NextStep = z.infer<typeof NextStep>;

/**
 * Everything an operator can ask of an item, as the item lifecycle names it. An item's detail lists
 * the ones its state and record allow now, so screens show only those; main decides again on every
 * command (the operator's role, training and second person are checked there, not here).
 */
export const ItemActionKind = z.enum([
  'recordDetails',
  'changeItemType',
  'weigh',
  'skipWeigh',
  'inspect',
  'requestXray',
  'recordXray',
  'secondReview',
  'skipXray',
  'clear',
  'deliver',
  'return',
  'markSuspect',
  'quarantine',
  'transferCustody',
  'handOver',
  'release',
  'destroy',
  /** An item taken in by mistake, before any screening step: the record stays, marked VOIDED. */
  'void',
]);
export type ItemActionKind = z.infer<typeof ItemActionKind>;

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

export const InspectionRecord = z.object({
  indicators: z.array(z.string()),
  notes: z.string(),
  operatorId: z.string(),
  at: z.iso.datetime(),
});
export type InspectionRecord = z.infer<typeof InspectionRecord>;

export const XrayScanRecord = z.object({
  id: z.number().int(),
  deviceId: z.string(),
  scanRef: z.string(),
  imageSha256: z.string().nullable(),
  imageFile: z.string().nullable(),
  verdict: XrayVerdict.nullable(),
  findings: z.array(XrayFinding),
  notes: z.string(),
  reviewerId: z.string().nullable(),
  secondVerdict: XrayVerdict.nullable(),
  secondReviewerId: z.string().nullable(),
  secondNotes: z.string().nullable(),
  requestedBy: z.string(),
  requestedAt: z.iso.datetime(),
});
export type XrayScanRecord = z.infer<typeof XrayScanRecord>;

export const StepSkip = z.object({ step: ScreeningStep, reason: z.string(), operatorId: z.string(), at: z.iso.datetime() });
export type StepSkip = z.infer<typeof StepSkip>;

/** The station's equivalent of the "X-ray" stamp: how the item was screened, when and by whom. */
export const ScreenedRecord = z.object({
  methods: z.array(z.enum(['visual', 'xray'])),
  operatorId: z.string(),
  at: z.iso.datetime(),
});
export type ScreenedRecord = z.infer<typeof ScreenedRecord>;

export const Recipient = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('badge'), badge: Badge }).strict(),
  z.object({ kind: z.literal('name'), name: Text(120) }).strict(),
]);
export type Recipient = z.infer<typeof Recipient>;

export const ItemDetailsInput = z
  .object({
    itemType: ItemType.optional(),
    recipient: Text(200).nullable().optional(),
    sender: Text(200).nullable().optional(),
    dimensions: Dimensions.nullable().optional(),
  })
  .strict();

export { Reason, Text };
