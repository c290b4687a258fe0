// Joining a site: what a station needs of the site database (SiteLink), its station.json setting,
// the publisher that sends the station's record there, and the PostgreSQL site database.
export { SiteChainRefused, type PublishedEvent, type PublishedFile, type SiteHead, type SiteLink } from './siteLink.ts';
export { SiteConnection, connectionSecrets, holdsCredentials, redactSecrets } from './siteConnection.ts';
export { Publisher, type PublisherOptions, type SiteChainAlarm } from './publisher.ts';
export * from './postgres/index.ts';
export { type RosterChange, type RosterOperator, type SiteRoster } from './roster.ts';
export { applyRosterChange, onSiteRoster, rosterCursor, type RosterOutcome } from './rosterApply.ts';
export { RosterSync, type RosterSyncOptions } from './rosterSync.ts';
export * from './custody/index.ts';
