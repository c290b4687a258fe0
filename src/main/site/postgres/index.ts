// The site database on PostgreSQL: its schema and roles, the station's link to it, and what
// `verify --site` compares.
export { applySiteSchema, CHAIN_REFUSED_SQLSTATE, CONSOLE_GROUP, SITE_MIGRATIONS, STATION_GROUP, type SchemaApplied, type SiteMigration } from './siteSchema.ts';
export { addConsole, addStation, consoleRoleName, nameStation, scramVerifier, SiteRoleRefused, STATION_ID, stationName, stationRoleName, type NewLogin } from './siteRoles.ts';
export { connectSite, redactConnectionString, redactedError, siteAddress, sitePool, sitePoolConfig, SiteUnreachable, withPooledClient } from './siteConnection.ts';
export { PostgresSiteLink, type ChainAlarmKind } from './postgresSiteLink.ts';
export { compareWithSite, type ChainSide, type SiteComparison, type SiteStanding } from './siteComparison.ts';
export { ProjectionFailed, SiteProjector, type ProjectionPass, type StationProjected } from './projection.ts';
export { PROJECTION_TABLES } from './projectionSchema.ts';
export { PROJECTED, type ProjectionTable } from './projectionTables.ts';
export { addRosterOperator, changeRosterOperator, PostgresSiteRoster, recordRosterTraining, RosterRefused, rosterChangesAfter, rosterNow, rosterOperator, unlockRosterOperator, type RosterEntry } from './siteRoster.ts';
export { ROSTER_LOCK } from './siteRosterSchema.ts';
export { PostgresSiteDirectory, readSiteDirectory, siteDirectoryHead } from './siteDirectory.ts';
export { applySiteDirectoryEntries, importSiteDirectoryCsv, setSiteDepartmentContacts, setSiteProxy, siteDirectoryRevisions, SiteDirectoryRefused } from './siteDirectoryAdmin.ts';
export { DIRECTORY_LOCK } from './siteDirectorySchema.ts';
export { PostgresSiteReviews, recordReviewAnswer, reviewAnswers, ReviewAnswerRefused, reviewImage, reviewQueue } from './siteReviews.ts';
export { CONSOLE_MIGRATION } from './consoleSchema.ts';
export { exactOf, NUL_STAND_IN, siteEventOf, SITE_EVENT_COLUMNS, storableEvent, storableJson, storableText, type SiteEventRow } from './exactText.ts';
export { SITE_STEP_6 } from './siteStep6.ts';
export { RECIPIENT_FOLDED_WORDS } from './siteStep14.ts';
export { CUSTODY_BETWEEN_STATIONS_SQL, HAND_OVER_KIND, RECEIPT_KIND } from './siteCustodySchema.ts';
export { PostgresSiteCustody } from './postgresSiteCustody.ts';
