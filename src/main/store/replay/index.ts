// The state tables replayed from the audit events: pure folds, one per table (DESIGN invariant 8).
// The item records' folds live with their tables (../itemRecords); StateReplay (../stateReplay.ts) feeds them all.
export { carried, NOT_RECORDED, operatorIdOf, SequencedRows, text, type ExpectedCell, type ExpectedRow, type ExpectedRows, type TableReplay } from './types.ts';
export { IncidentEntriesReplay, IncidentStepsReplay, purgedIncidents } from './incidentRecords.ts';
export { IncidentsReplay, protocolCell, protocolSummary, sopFingerprint } from './incidents.ts';
export { ItemsReplay } from './items.ts';
export { LegalHoldsReplay } from './legalHolds.ts';
export { OperatorsReplay, pinRecordFingerprint } from './operators.ts';
export { PerItemRecords } from './perItemRecords.ts';
export { RetentionPolicyReplay, SiteSettingsReplay, TrainingRecordsReplay } from './stationRecords.ts';
export { replayMemory, ROW_CODEC, ROWS_CODEC, SpillingMap, STRINGS_CODEC, type SpillCodec } from './spillingMap.ts';
export { canonicalCell } from './canonicalCell.ts';
export { eventsOfPart, partOfSubject, routeEvent, subjectOfKey, subjectPartSql, WHOLE, type EventRoute, type StatePart } from './parts.ts';
