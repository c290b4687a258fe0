export * from './tracking/index.ts';
export { Carrier, RecordMode } from './mailVocabulary.ts';
export { newCustodyId, parseCustodyId, printedCustodyId, isCustodyIdLike } from './custodyId.ts';
export {
  INDICATOR_GROUPS,
  INDICATOR_CODES,
  INDICATORS,
  IndicatorCode,
  indicatorByCode,
  indicatorsInGroup,
  type Indicator,
  type IndicatorGroup,
  type IndicatorGroupId,
} from './indicators.ts';
export {
  INCIDENT_TYPES,
  IncidentType,
  type HazardType,
  NOTIFY_AGENCIES,
  NotifyAgency,
  INCIDENT_RECORD_FIELDS,
  IncidentRecordField,
  Sop,
  SopStep,
  SopActionStep,
  SopNotifyStep,
  SopRecordStep,
  SopDecisionStep,
  SopContact,
  type SopStepKind,
  stepById,
  sopAgenciesWithoutContact,
} from './sop.ts';
export { createBurstClassifier, DEFAULT_BURST_OPTIONS, discardedScanMessage, terminatorWords } from './scanBurst.ts';
export type { BurstClassifier, BurstKey, BurstOptions, BurstOutput, BurstStep, DiscardedScan, KeyboardScan, ScanTerminator } from './scanBurst.ts';
export { parseGs1ElementString, gs1CheckDigitValid, isGs1Aim, GS } from './gs1.ts';
export type { Gs1Element, Gs1Result } from './gs1.ts';
export { pinProblem, pinRule, minPinLength, PIN_MAX_LENGTH } from './pinPolicy.ts';
export { assertNever, type Joined } from './exhaustive.ts';
