// The pure state machines: what an item allows now and what a step decides (itemLifecycle), the site's
// screening policy, and the weight flags. No I/O; imports shared only.
export { allowedActions, decide, nextSteps, nothingRecorded, skipAction, statesFromStage, stepLeadsTo, type ItemAction, type ItemFacts, type PolicyContext, type XrayProgress } from './itemLifecycle.ts';
export { DEFAULT_SCREENING_POLICY, stepRequirement, type ScreeningPolicy } from './screeningPolicy.ts';
export { weightFlags } from './weightFlags.ts';
export { missingStepRecords, type IncidentRecordSoFar } from './stepRecords.ts';
