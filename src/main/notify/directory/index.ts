// The recipient directory: people, departments and proxies from a CSV export or an LDAP sync, the
// search the screener picks a recipient with, and each item's recipient.
export type { DirectoryEntry } from './directoryEntry.ts';
export { applyDirectory, directoryRefusal, REMOVE_EVERYONE_IN_LDAP_SETTINGS, REMOVE_EVERYONE_WITH_CLI_FLAG, previewDirectory, DirectoryRefused, type ApplyOptions, type DirectoryPeople, type DirectoryPreview, type EntryProblem, type PersonChange } from './applyDirectory.ts';
export { DirectoryCsvRefused, MAX_DIRECTORY_CSV_BYTES, readDirectoryCsv, type DirectoryCsv } from './directoryCsv.ts';
export { directoryImportOutcome, importDirectoryCsv, readDirectoryExport, type DirectoryExport, type DirectoryImport, type DirectoryImportOptions, type RowProblem } from './directoryImport.ts';
export { entryProblems, isEmailAddress } from './directoryRules.ts';
export { DirectoryIndex, editDistance, foldName, nameWords, type DirectoryMatch } from './directorySearch.ts';
export { DirectoryService, type DirectoryServiceOptions } from './directoryService.ts';
export { directoryCommandHandlers } from './directoryHandlers.ts';
export { DirectoryRecipients } from './directoryRecipients.ts';
export { DirectorySettings, LdapDirectorySettings, LdapAttributeMapping, AD_PEOPLE_FILTER } from './ldapSettings.ts';
export { readLdapDirectory, LdapSyncFailed, type DirectoryRead, type LdapProblem, type LdapReadContext } from './ldapSource.ts';
export { syncDirectory, ldapRemovingAll, DirectorySyncScheduler, type DirectorySyncResult, type DirectorySyncOptions, type DirectorySyncSchedulerOptions } from './ldapSync.ts';
