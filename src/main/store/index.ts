// The store: better-sqlite3 with migrations, repositories and the hash-chained audit log.
export { Store } from './store.ts';
export { canonicalJson } from './canonicalJson.ts';
export { openDatabase, stationIdOf } from './database.ts';
export { migrate, schemaVersion, SchemaTooNewError } from './migrate.ts';
export { AuditLog, type NewAuditEvent } from './auditLog.ts';
export { ADMITTED_WHEN_FULL, diskFullFailure, isDatabaseFull, type DiskGuard } from './diskFull.ts';
export { auditHash, verifyEvents, GENESIS_KIND, type ChainVerdict } from './auditChain.ts';
export { verifyStore, verifyStoreParallel, type ChainAnchor, type StoreVerdict, type VerifyOptions, type VerifyProblem } from './verifyStore.ts';
export { ChainWatch, checkChainParallel, contentHash, type RawAuditRow, latestCheckpoint, recordCheckpoint, verifySinceCheckpoint, verifySinceCheckpointParallel, type Checkpoint, type IncrementalVerdict } from './verify/index.ts';
export { publicOperator, type OperatorRecord } from './operators.ts';
export { ItemsReplay, pinRecordFingerprint, purgedIncidents, sopFingerprint, type ExpectedRow, type ExpectedRows, type TableReplay } from './replay/index.ts';
export { JobTable, JOB_STATES, type JobState, type JobStateChange, type JobStore, type StoredJob } from './jobTable.ts';
export { NoticeReadModel } from './noticeJobs.ts';
export { SecurityAlertReadModel, type OpenIncidentAlert } from './securityAlertReadModel.ts';
export { readerOf, type StoreReader } from './readModels/index.ts';
export type {
  DashboardReadModel,
  ItemEventsOnDay,
  LocalDay,
  IncidentCount,
  DailyLogReadModel,
  DailyLogEventRow,
  DailyLogQuery,
  SearchReadModel,
  ItemFilter,
  ItemQuery,
  SearchPosition,
  FoundItem,
  AuditExportReadModel,
  ChainLink,
  RecordLookups,
  PublishingReadModel,
  StoredAuditRow,
  AfterClearanceReadModel,
  AfterClearanceCounts,
  WaitingItems,
} from './readModels/index.ts';
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
export { PurgeRepository, type PersonalDataPurged, type PurgeCutoffs, type PurgeScan } from './purgeRepository.ts';
export { asStandaloneDatabase, describeDatabaseCopy, holdDatabaseFile, openRestoredDatabase, type DatabaseCopyFacts, type HeldDatabaseFile, type RestoredDatabase } from './backupCopy.ts';
export {
  CollectionRepository,
  idNumberHmac,
  idNumberPlain,
  newIdNumberSalt,
  type CollectionProof,
  type CollectionRow,
  type StoredSignature,
  CustodyRepository,
  InspectionRepository,
  ItemRecipientRepository,
  ITEM_RECORD_TABLES,
  itemRecordRepositories,
  StepSkipRepository,
  WeighingRepository,
  XrayScanRepository,
  type ItemRecordRepositories,
  type ItemRecordTable,
  type ItemRecordTableName,
  type ChosenRecipient,
  type NewCustodyTransfer,
} from './itemRecords/index.ts';
export { DeviceHealthLog, type HealthChange } from './deviceHealthLog.ts';
export { IncidentRepository, type IncidentRow } from './incidents.ts';
export { publicPrintJob, type PrintJobRecord, type PrintJobRepository } from './printJobs.ts';
export { StateReplay } from './stateReplay.ts';
export { DirectoryRepository, type DepartmentContact, type DirectoryPerson, type DirectoryPersonFields, type DirectorySource } from './directory.ts';
export { SiteSettingsRepository } from './siteSettings.ts';
export { TrainingRepository } from './training.ts';
export { tablesOf } from './verifyStore.ts';
export { RosterCopy, ROSTER_CURSOR_KEY } from './rosterCopy.ts';
export { SiteStationsCopy, SITE_STATIONS_KEY, type KnownSiteStations } from './siteStationsCopy.ts';
export { SiteDirectoryCopy, SITE_DIRECTORY_REVISION_KEY } from './siteDirectoryCopy.ts';
export { incidentStoreOfEvents, type IncidentStoreOfEvents } from './incidentStoreOfEvents.ts';
