// Joining a site: what a station needs of the site database (SiteLink), its station.json setting,
// the publisher that sends the station's record there, and the PostgreSQL site database.
export { SiteChainRefused, type PublishedEvent, type PublishedFile, type SiteHead, type SiteLink } from './siteLink.ts';
export { SiteConnection, connectionSecrets, holdsCredentials, redactSecrets } from './siteConnection.ts';
export { Publisher, type PublisherOptions, type SiteChainAlarm } from './publisher.ts';
export * from './postgres/index.ts';
export { type RosterChange, type RosterOperator, type SiteRoster } from './roster.ts';
export { applyRosterChange, onSiteRoster, rosterCursor, type RosterOutcome } from './rosterApply.ts';
export { RosterSync, type RosterSyncOptions } from './rosterSync.ts';
export type { SiteDirectory, SiteDirectoryImport, SiteDirectoryPerson, SiteDirectorySnapshot } from './siteDirectory.ts';
export { applySiteDirectory, siteDirectoryRevision, SiteDirectoryNotApplied, type SiteDirectoryApplied } from './siteDirectoryApply.ts';
export { SiteDirectorySync, type SiteDirectorySyncOptions } from './siteDirectorySync.ts';
export { ReviewOutcomeRefused, type DecidedAnswer, type NewReviewAnswer, type RemoteVerdict, type ReviewAnswer, type ReviewOutcome, type ReviewScan, type SiteReviewAnswers, type SiteReviewDesk, type SiteReviews } from './remoteReview.ts';
export { answerView, reviewImageView } from './reviewViews.ts';
export { RemoteReviewFollower, type RemoteReviewFollowerOptions } from './remoteReviewFollower.ts';
export { recordConsoleAnswer, SiteConsole, type ConsoleConnection, type SiteConsoleOptions } from './console/index.ts';
export * from './custody/index.ts';
