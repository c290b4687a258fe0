// Site schema 14 on a site that was at 13, brought up by `site init` as the site's administrator
// is (the database's owner with CREATEROLE, not a superuser): the folded recipient words need no
// extension and no superuser, and the items already at the site are found by their folded words;
// the items' received time, which a follower of this version refuses to write on a site at 13 (in
// words), the rows already there get by `site rebuild`, the new ones from the follower, each the
// time of the item's intake event, and the console's "received" range finds them by it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { addStation, applySiteSchema, PostgresSiteLink, SiteProjector, SITE_MIGRATIONS } from '../../src/main/site/index.ts';
import { searchItems } from '../../src/main/site/console/consoleSearch.ts';
import { runCli } from '../helpers/cli.ts';
import { ok, publishNew } from '../helpers/consoleSite.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/postgres.ts';
import { makeStation } from '../helpers/station.ts';

let site: ThrowawayPostgres;
let owner: pg.Client;
const cleanups: Array<() => Promise<void> | void> = [];

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
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
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
    // This console's search on the site at 13: said in words, what to run.
    await expect(searchItems(owner, { recipient: 'zoe' })).rejects.toThrow(/schema is older than this console's search \(version 14\): the site's administrator runs site init, then site rebuild/);
    await expect(searchItems(owner, { receivedFrom: '2026-03-14' })).rejects.toThrow(/version 14/);
    expect(await applySiteSchema(owner)).toMatchObject({ from: 13, to: SITE_MIGRATIONS.at(-1)!.version, applied: SITE_MIGRATIONS.filter((m) => m.version > 13).map((m) => m.version) });
    const found = async (recipient: string) => (await searchItems(owner, { recipient })).items.map((item) => item.custodyId);
    expect(await found('zoe')).toEqual(['AAA-AAA-AAA']);
    expect(await found('ANGSTROM')).toEqual(['AAA-AAA-AAA']);
    expect(await found('cafe brule')).toEqual(['BBB-BBB-BBB']);
    expect(await found('zo')).toEqual(['CCC-CCC-CCC', 'AAA-AAA-AAA']);
    const latest = SITE_MIGRATIONS.at(-1)!.version;
    expect(await applySiteSchema(owner)).toEqual({ from: latest, to: latest, applied: [], afterwards: [] });
    // A new site has no rows to fill: nothing to do afterwards.
    const superuser = new pg.Client({ connectionString: site.adminUrl });
    await superuser.connect();
    await superuser.query('CREATE DATABASE mailscreen_site_new OWNER site_owner').finally(() => superuser.end());
    const fresh = new pg.Client({ connectionString: site.url('site_owner', 'owner-password', 'mailscreen_site_new') });
    await fresh.connect();
    try {
      expect(await applySiteSchema(fresh)).toMatchObject({ from: 0, afterwards: [] });
    } finally {
      await fresh.end();
    }
  });

  it("items' received time: refused in words on a site at 13, filled by site rebuild for the rows there, by the follower for new ones; the console's received range", async () => {
    // A fresh site at 13, its owner's, with a station of this version publishing to it.
    const superuser = new pg.Client({ connectionString: site.adminUrl });
    await superuser.connect();
    await superuser.query('CREATE DATABASE mailscreen_site_b OWNER site_owner').finally(() => superuser.end());
    const ownerUrl = site.url('site_owner', 'owner-password', 'mailscreen_site_b');
    const admin = new pg.Client({ connectionString: ownerUrl });
    await admin.connect();
    cleanups.push(() => admin.end());
    await schemaUpTo(admin, 13);

    const station: Station = makeStation();
    cleanups.push(() => station.shutdown());
    const id = station.store.stationId;
    const login = await addStation(admin, id);
    const link = new PostgresSiteLink(site.url(login.role, login.password, 'mailscreen_site_b'));
    cleanups.push(() => link.close());
    const screen = station.connect();
    await ok(screen.call('session.setup', { badge: 'ADMIN-1', name: 'Ada Admin', pin: '480351' }));
    const received: Record<string, string> = {};
    const intake = async (code: string) => {
      const { item } = await ok<{ item: { custodyId: string } }>(screen.call('intake.scan', { code }));
      return item.custodyId;
    };
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    const early = await intake('1ZEARLY0000000001');
    await pause();
    const late = await intake('1ZLATE00000000002');
    await pause();
    // Both changed after: last changed is after the second intake, received is not.
    const between = new Date().toISOString();
    await pause();
    for (const custodyId of [early, late]) await ok(screen.call('item.setDetails', { custodyId, itemType: 'letter', recipient: 'Zoë Ångström' }));
    await publishNew(station, link, id);
    const { rows: intakes } = await admin.query<{ subject_id: string; at: string }>("SELECT subject_id, at FROM station_events WHERE station = $1 AND kind = 'item.received'", [id]);
    for (const row of intakes) received[row.subject_id] = row.at;
    expect(received[early]! < received[late]! && received[late]! < between).toBe(true);

    // This version's follower on the site at 13: refused in words, nothing written.
    const projector = new SiteProjector(ownerUrl, { page: 50 });
    cleanups.push(() => projector.close());
    await expect(projector.project()).rejects.toThrow(/site_items\.received_at \(before version 14\): run site init first/);
    await expect(projector.rebuild()).rejects.toThrow(/before version 14\): run site init first/);
    // The rows an earlier follower wrote (no received time), then site init.
    await admin.query(
      `INSERT INTO site_items (station, custody_id, recipient, state, updated_seq, updated_at)
       SELECT $1, subject_id, 'Zoë Ångström', 'RECEIVED', max(seq), max(at) FROM station_events WHERE station = $1 AND subject_type = 'item' GROUP BY subject_id`,
      [id],
    );
    // site init (the CLI, as the owner) says what to do next.
    const init = runCli(['site', 'init', '--postgres', ownerUrl]);
    expect(init.status).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ schema: { from: 13, applied: [14], afterwards: [expect.stringMatching(/run `site rebuild`/)] } });
    expect(init.stderr).toMatch(/^mailscreen: site schema 14 gives the site's items their received time: run `site rebuild`.*\.\n$/);
    const receivedAt = async () => Object.fromEntries((await admin.query<{ custody_id: string; received_at: string | null }>('SELECT custody_id, received_at FROM site_items WHERE station = $1', [id])).rows.map((row) => [row.custody_id, row.received_at]));
    expect(await receivedAt()).toEqual({ [early]: null, [late]: null });
    const found = async (args: Record<string, unknown>) => (await searchItems(admin, args)).items.map((item) => item.custodyId);
    expect(await found({ receivedTo: between })).toEqual([]);

    // site rebuild: every row's received time, its intake event's.
    await projector.rebuild();
    expect(await receivedAt()).toEqual({ [early]: received[early], [late]: received[late] });
    // The console's range on it, at every station and at one, alone, with a state, with recipient words; not on last changed.
    expect((await found({ receivedTo: between })).sort()).toEqual([early, late].sort());
    expect(await found({ receivedTo: between, changedTo: between })).toEqual([]);
    expect(await found({ receivedFrom: received[late], station: id })).toEqual([late]);
    expect(await found({ receivedTo: received[late], states: ['RECEIVED', 'CLEARED'], recipient: 'zoe' })).toEqual([early]);
    expect(await found({ receivedFrom: between })).toEqual([]);
    expect((await found({ changedFrom: between })).sort()).toEqual([early, late].sort());

    // A new item: the follower writes its received time, and keeps it when the item changes again.
    const next = await intake('1ZNEXT00000000003');
    await publishNew(station, link, id);
    await projector.project();
    await pause();
    await ok(screen.call('item.setDetails', { custodyId: next, itemType: 'parcel', recipient: 'Later' }));
    await publishNew(station, link, id);
    await projector.project();
    const { rows } = await admin.query<{ received_at: string; updated_at: string; at: string }>(
      "SELECT i.received_at, i.updated_at, e.at FROM site_items i JOIN station_events e ON e.station = i.station AND e.subject_id = i.custody_id AND e.kind = 'item.received' WHERE i.station = $1 AND i.custody_id = $2",
      [id, next],
    );
    expect(rows[0]!.received_at).toBe(rows[0]!.at);
    expect(rows[0]!.updated_at > rows[0]!.received_at).toBe(true);
    expect(await found({ receivedFrom: between, station: id })).toEqual([next]);
    // A drill's parcel is received by its drill.started (a coordinator starts drills).
    await ok(screen.call('operator.create', { badge: 'COORD-1', name: 'Cora Coordinator', role: 'coordinator', pin: '592714' }));
    const coordinator = station.connect();
    await ok(coordinator.call('session.login', { badge: 'COORD-1', pin: '592714' }));
    const drill = await ok<{ detail: { item: { custodyId: string } } }>(coordinator.call('drill.start', { scenario: 'other', description: 'Q4 drill' }));
    await publishNew(station, link, id);
    await projector.project();
    const { rows: drilled } = await admin.query<{ received_at: string; at: string }>(
      "SELECT i.received_at, e.at FROM site_items i JOIN station_events e ON e.station = i.station AND e.subject_id = i.custody_id AND e.kind = 'drill.started' WHERE i.station = $1 AND i.custody_id = $2",
      [id, drill.detail.item.custodyId],
    );
    expect(drilled).toHaveLength(1);
    expect(drilled[0]!.received_at).toBe(drilled[0]!.at);
  }, 240_000);
});
