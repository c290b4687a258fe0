// Custody between stations: what a station asks the site (the PostgreSQL answer and the schema
// part are in ../postgres/: postgresSiteCustody.ts, siteCustodySchema.ts).
export type { SiteCustody, SiteHandOver, SiteStation } from './siteCustody.ts';
export { CustodyFollower, type CustodyFollowerOptions } from './custodyFollower.ts';
