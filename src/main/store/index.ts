// The store: better-sqlite3 with migrations, repositories and the hash-chained audit log.
export { Store } from './store.ts';
export { openDatabase } from './database.ts';
export { migrate, schemaVersion, SchemaTooNewError } from './migrate.ts';
export { AuditLog, type NewAuditEvent } from './auditLog.ts';
export { ADMITTED_WHEN_FULL, diskFullFailure, isDatabaseFull, type DiskGuard } from './diskFull.ts';
export { auditHash, verifyEvents, GENESIS_KIND, type ChainVerdict } from './auditChain.ts';
export { verifyStore, type ChainAnchor, type StoreVerdict, type VerifyProblem } from './verifyStore.ts';
export { publicOperator, type OperatorRecord } from './operators.ts';
export { pinRecordFingerprint, sopFingerprint } from './replay/index.ts';
export { JobTable, JOB_STATES, type JobState, type JobStateChange, type JobStore, type StoredJob } from './jobTable.ts';
export { readerOf, type StoreReader } from './readModels/storeReader.ts';
export type { DashboardReadModel, ItemEventsOnDay, IncidentCount } from './readModels/dashboardReadModel.ts';
export type { DailyLogReadModel, DailyLogEventRow, DailyLogQuery } from './readModels/dailyLogReadModel.ts';
export type { SearchReadModel, ItemFilter, ItemQuery, SearchPosition, FoundItem } from './readModels/searchReadModel.ts';
export type { AuditExportReadModel, ChainLink } from './readModels/auditExportReadModel.ts';
export type { RecordLookups } from './readModels/recordLookups.ts';
export { StoredRecordInvalid, type StoredPlace } from './storedJson.ts';
export {
  RetentionPolicyRepository,
  LegalHoldRepository,
  DEFAULT_RETENTION,
  FINAL_ITEM_STATES,
  RECORD_CLASSES,
  type RetentionPolicy,
  type RecordClass,
  type HoldSubject,
  type LegalHold,
} from './retention.ts';
export { PurgeRepository, type PurgeCutoffs, type PurgeScan } from './purgeRepository.ts';
export { describeDatabaseCopy, openRestoredDatabase, type DatabaseCopyFacts, type RestoredDatabase } from './backupCopy.ts';
