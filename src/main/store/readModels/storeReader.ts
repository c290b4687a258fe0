import type Database from 'better-sqlite3';
import { SqliteAfterClearanceReadModel, type AfterClearanceReadModel } from './afterClearanceReadModel.ts';
import { SqliteAuditExportReadModel, type AuditExportReadModel } from './auditExportReadModel.ts';
import { SqliteDailyLogReadModel, type DailyLogReadModel } from './dailyLogReadModel.ts';
import { SqliteDashboardReadModel, type DashboardReadModel } from './dashboardReadModel.ts';
import { SqlitePublishingReadModel, type PublishingReadModel } from './publishingReadModel.ts';
import { SqliteRecordLookups, type RecordLookups } from './recordLookups.ts';
import { SqliteSearchReadModel, type SearchReadModel } from './searchReadModel.ts';

/**
 * The read-only handle the readers (dashboard, search, reports, CLI look-ups) are given: the read
 * models and nothing else, so a reader cannot write, prepare SQL or open a write transaction.
 */
export interface StoreReader {
  readonly dashboard: DashboardReadModel;
  readonly dailyLog: DailyLogReadModel;
  /** Hand-overs, notices and items waiting for their recipient: for the dashboard and the daily log. */
  readonly afterClearance: AfterClearanceReadModel;
  readonly search: SearchReadModel;
  readonly auditExport: AuditExportReadModel;
  readonly lookups: RecordLookups;
  /** What the site publisher sends: the audit events after the site's head, as stored. */
  readonly publishing: PublishingReadModel;
  /**
   * Several reads that must agree with each other (a paper and the chain head printed on it) in
   * one read transaction. Inside a write transaction it joins that transaction.
   */
  consistent<T>(work: () => T): T;
}

/** The read models over a database connection (the station's own, or one opened read-only). */
export function readerOf(db: Database.Database): StoreReader {
  return {
    dashboard: new SqliteDashboardReadModel(db),
    dailyLog: new SqliteDailyLogReadModel(db),
    afterClearance: new SqliteAfterClearanceReadModel(db),
    search: new SqliteSearchReadModel(db),
    auditExport: new SqliteAuditExportReadModel(db),
    lookups: new SqliteRecordLookups(db),
    publishing: new SqlitePublishingReadModel(db),
    consistent: (work) => db.transaction(work)(),
  };
}
