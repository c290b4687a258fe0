// Records management: item search, backups (and their schedule), restore, retention, legal holds and purges.
export { ItemSearchService, encodeCursor, decodeCursor, recipientMatch, type ItemSearch, type ItemSearchPage } from './search.ts';
export { backup, listBackups, BACKUP_FORMAT, type BackupManifest, type BackupOptions, type BackupResult } from './backup.ts';
export { restore, RestoreRefused, type RestoreResult } from './restore.ts';
export { BackupManifestSchema, parseBackupManifest } from './manifest.ts';
export { BackupScheduler, BackupSchedule, lastBackupAt, type BackupSchedulerOptions } from './backupScheduler.ts';
export {
  RetentionPolicyRepository,
  LegalHoldRepository,
  DEFAULT_RETENTION,
  FINAL_ITEM_STATES,
  RECORD_CLASSES,
  type RetentionPolicy,
  type RecordClass,
  type LegalHold,
} from './retention.ts';
export { purge, type PurgeBatch, type PurgeOptions, type PurgeReport } from './purge.ts';
export { RecordsService, backupSummary, imageStoreBeside, type BackupTarget, type RecordsServiceOptions } from './recordsService.ts';
export { recordsCommandHandlers, type RecordsCommandHandlers } from './commandHandlers.ts';
export { cliActor } from './actor.ts';
