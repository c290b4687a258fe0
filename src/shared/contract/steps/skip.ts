import { z } from 'zod';
import { ALL_ROLES } from '../commandSpec.ts';
import { auditSpec, step, text } from '../auditSpec.ts';
import { ScreeningStep, SkippableStep } from '../lifecycle.ts';
import { Reason } from '../workflow.ts';
import { ItemRef, stepCommand, stepContract } from './stepContract.ts';

// Skipping a step the site policy lets be skipped, with the reason (any step of SkippableStep).

export const StepSkip = z.object({ step: ScreeningStep, reason: z.string(), operatorId: z.string(), at: z.iso.datetime() });
export type StepSkip = z.infer<typeof StepSkip>;

export const skipContract = stepContract({
  name: 'skip',
  commands: {
    'item.skipStep': stepCommand({
      summary: 'Skip weighing or X-ray where the site policy allows, with the reason.',
      request: ItemRef.extend({ step: SkippableStep, reason: Reason }).strict(),
      roles: ALL_ROLES,
    }),
  },
  audit: {
    'item.stepSkipped': auditSpec(['item'], z.object({ ...step, step: SkippableStep, reason: text })),
  },
  detail: {
    skips: z.array(StepSkip),
  },
});
