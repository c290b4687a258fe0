// Files someone else controls (site settings, SOPs, hot folders): opened without following links,
// regular files only, size-capped; and the site JSON parser with its line-and-column errors.
export { SiteFileRefused, fileInFolder, isBareFileName, openSiteFile, printableFileName, escapeControlCharacters, readSiteFile, readSiteFileSync, siteFileText, type SiteFileLimits, type SiteFileProblem } from './siteFile.ts';
export { firstSyntaxError, parseSiteJson, type SiteJsonResult } from './siteJson.ts';
