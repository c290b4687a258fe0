// The site console's server side (`site serve`): the web host's endpoint backed by the site
// database, read through the console's role, answering the console's commands only.
export { SiteConsole, type ConsoleConnection, type SiteConsoleOptions } from './siteConsole.ts';
export { readReviewImage, readReviewQueue, recordConsoleAnswer } from './reviewDesk.ts';
