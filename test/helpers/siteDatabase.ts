import pg from 'pg';
import { applySiteSchema } from '../../src/main/site/index.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres.ts';

export interface SiteDatabase {
  site: ThrowawayPostgres;
  /** The site administrator's connection (the schema's owner). */
  admin: pg.Client;
  stop(): Promise<void>;
}

/** A throwaway PostgreSQL with the site schema applied, and its administrator connected: a test file's site database. */
export async function startSiteDatabase(): Promise<SiteDatabase> {
  const site = await startThrowawayPostgres();
  const admin = new pg.Client({ connectionString: site.adminUrl });
  // The site is stopped under some tests on purpose: the administrator's connection may die with it.
  admin.on('error', () => undefined);
  await admin.connect();
  await applySiteSchema(admin);
  return {
    site,
    admin,
    stop: async () => {
      await admin.end().catch(() => undefined);
      await site.stop();
    },
  };
}
