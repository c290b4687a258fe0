import type { SkippableStep } from '../../shared/contract/index.ts';

/**
 * The steps the site policy may let be skipped, in operator words ("Skip weighing", "Skipped X-ray").
 * A record, so a step the policy may newly skip has to get its words here to compile.
 */
export const SKIPPABLE_STEP_NAMES: Readonly<Record<SkippableStep, string>> = { weigh: 'weighing', xray: 'X-ray' };
