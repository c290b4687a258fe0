// The read models: the queries the dashboard, daily log, search, audit export and records read through
// a read-only handle (readerOf), so no SQL lives outside the store.
export type { AfterClearanceCounts, AfterClearanceReadModel, WaitingItems } from './afterClearanceReadModel.ts';
export type { AuditExportReadModel, ChainLink } from './auditExportReadModel.ts';
export type { DailyLogEventRow, DailyLogQuery, DailyLogReadModel } from './dailyLogReadModel.ts';
export type { DashboardReadModel, IncidentCount, ItemEventsOnDay, LocalDay } from './dashboardReadModel.ts';
export type { PublishingReadModel, StoredAuditRow } from './publishingReadModel.ts';
export type { RecordLookups } from './recordLookups.ts';
export type { FoundItem, ItemFilter, ItemQuery, SearchPosition, SearchReadModel } from './searchReadModel.ts';
export { readerOf, type StoreReader } from './storeReader.ts';
