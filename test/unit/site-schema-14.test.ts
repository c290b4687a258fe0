// Site schema 14 on a site that was at 13, brought up by `site init` as the site's administrator
// is (the database's owner with CREATEROLE, not a superuser): the folded recipient words need no
// extension and no superuser, and the items already at the site are found by their folded words.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySiteSchema, SITE_MIGRATIONS } from '../../src/main/site/index.ts';
import { searchItems } from '../../src/main/site/console/consoleSearch.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/postgres.ts';

let site: ThrowawayPostgres;
let owner: pg.Client;

/** The site's schema up to `version`, as a `site init` of that version applied it. */
async function schemaUpTo(client: pg.ClientBase, version: number): Promise<void> {
  await client.query('BEGIN');
  await client.query('CREATE TABLE site_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  for (const migration of SITE_MIGRATIONS.filter((m) => m.version <= version)) {
    await client.query(migration.sql);
    await client.query('INSERT INTO site_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
  }
  await client.query('COMMIT');
}

beforeAll(async () => {
  site = await startThrowawayPostgres();
  const superuser = new pg.Client({ connectionString: site.adminUrl });
  await superuser.connect();
  try {
    await superuser.query("CREATE ROLE site_owner LOGIN CREATEROLE PASSWORD 'owner-password'");
    await superuser.query('CREATE DATABASE mailscreen_site OWNER site_owner');
  } finally {
    await superuser.end();
  }
  owner = new pg.Client({ connectionString: site.url('site_owner', 'owner-password', 'mailscreen_site') });
  await owner.connect();
  await schemaUpTo(owner, 13);
}, 180_000);
afterAll(async () => {
  await owner?.end().catch(() => undefined);
  await site?.stop();
}, 180_000);

describe('site schema 14 on a site at 13', () => {
  it('site init as the database owner (no superuser) applies it, and the items already there are found by their words folded', async () => {
    const { rows: role } = await owner.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    expect(role[0]!.rolsuper).toBe(false);
    await owner.query(
      `INSERT INTO site_stations (station, role_name) VALUES ('ST-OLD', 'mailscreen_station_st_old');
       INSERT INTO site_items (station, custody_id, recipient, state, updated_seq, updated_at) VALUES
         ('ST-OLD', 'AAA-AAA-AAA', 'Zoë Ångström', 'CLEARED', 1, '2026-03-14T10:00:00.000Z'),
         ('ST-OLD', 'BBB-BBB-BBB', 'Café Brûlé', 'RECEIVED', 2, '2026-03-14T11:00:00.000Z'),
         ('ST-OLD', 'CCC-CCC-CCC', 'Zorro', 'RECEIVED', 3, '2026-03-14T12:00:00.000Z')`,
    );
    expect(await applySiteSchema(owner)).toMatchObject({ from: 13, to: SITE_MIGRATIONS.at(-1)!.version, applied: SITE_MIGRATIONS.filter((m) => m.version > 13).map((m) => m.version) });
    const found = async (recipient: string) => (await searchItems(owner, { recipient })).items.map((item) => item.custodyId);
    expect(await found('zoe')).toEqual(['AAA-AAA-AAA']);
    expect(await found('ANGSTROM')).toEqual(['AAA-AAA-AAA']);
    expect(await found('cafe brule')).toEqual(['BBB-BBB-BBB']);
    expect(await found('zo')).toEqual(['CCC-CCC-CCC', 'AAA-AAA-AAA']);
    expect(await applySiteSchema(owner)).toMatchObject({ applied: [] });
  });
});
