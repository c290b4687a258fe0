// Joining a site: what a station needs of the site database (SiteLink) and the PostgreSQL one.
export { SiteChainRefused, type PublishedEvent, type PublishedFile, type SiteHead, type SiteLink } from './siteLink.ts';
export * from './postgres/index.ts';
