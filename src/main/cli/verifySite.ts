// `verify --site`: the store checked whole, then its chain compared with the site database's copy.
// Its own module, loaded only for --site: the site's code (PostgreSQL) stays out of every other verify.
import path from 'node:path';
import { siteConnectionOf } from '../core/index.ts';
import { compareWithSite, PostgresSiteLink, redactConnectionString, SiteUnreachable } from '../site/index.ts';
import { readerOf, stationIdOf, verifyStoreParallel, type openDatabase, type StoreVerdict } from '../store/index.ts';
import { printJson, UsageError } from './output.ts';

/** `--site` without a connection string: station.json's `"site"` in the database's folder (its data folder). */
export function siteOfDataFolder(dbFile: string): string {
  const dataDir = path.dirname(path.resolve(dbFile));
  let site;
  try {
    site = siteConnectionOf(dataDir);
  } catch (error) {
    throw new UsageError(`verify --site: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!site) throw new UsageError(`verify --site: ${path.join(dataDir, 'station.json')} names no site; give --site <connection string>`);
  return site.postgres;
}

/** `verify --db F --site <url>`: the whole chain and the state tables, then the chain against the site's copy. */
export async function verifyAgainstSite(db: ReturnType<typeof openDatabase>, connectionString: string): Promise<number> {
  const station = stationIdOf(db);
  if (station === 'unknown') throw new UsageError('verify --site: this database has no station id (station_meta), so the site cannot say which chain is its');
  const link = new PostgresSiteLink(connectionString, { applicationName: 'mailscreen-verify' });
  try {
    let siteHead;
    try {
      // A station the site does not show this login is not "nothing published yet": the string is another station's, or the station never joined.
      if (!(await link.knowsStation(station))) {
        throw new UsageError(`verify --site: the site shows this login no station ${station}: either the station is not part of the site, or the connection string is another station's (use this station's own, or a console's)`);
      }
      siteHead = await link.head(station);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if (error instanceof SiteUnreachable) throw new UsageError(`verify --site: ${error.message}`);
      throw new UsageError(`verify --site: the site database did not answer for station ${station}: ${redactConnectionString(error instanceof Error ? error.message : String(error))}`);
    }
    const verdict: StoreVerdict = await verifyStoreParallel(db, { sinceCheckpoint: false, oneShot: true });
    const lookups = readerOf(db).lookups;
    const site = await compareWithSite(station, { head: verdict.chainHead, hashesAt: (seqs) => lookups.chainHashesAt(seqs) }, { head: siteHead, hashesAt: (seqs) => link.hashesAt(station, seqs) });
    printJson({ ...verdict, ok: verdict.ok && site.ok, problems: [...site.problems, ...verdict.problems], site });
    return verdict.ok && site.ok ? 0 : 1;
  } finally {
    await link.close();
  }
}
