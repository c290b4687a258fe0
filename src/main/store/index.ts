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
