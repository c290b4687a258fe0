import type pg from 'pg';
import { consoleReviewMigration } from './consoleReviewSchema.ts';
import { CONSOLE_DASHBOARD_MIGRATION } from './consoleDashboardSchema.ts';
import { CONSOLE_MIGRATION } from './consoleSchema.ts';
import { CONSOLE_SEARCH_MIGRATION } from './consoleSearchSchema.ts';
import { CONSOLE_SCALE_MIGRATION } from './consoleScaleSchema.ts';
import { PROJECTION_MIGRATION } from './projectionSchema.ts';
import { reviewMigration } from './siteReviewSchema.ts';
import { SITE_STEP_6 } from './siteStep6.ts';
import { SITE_STEP_12 } from './siteStep12.ts';
import { SITE_STEP_14 } from './siteStep14.ts';
import { rosterMigration } from './siteRosterSchema.ts';
import { SITE_DIRECTORY_MIGRATION } from './siteDirectorySchema.ts';
import { stationListMigration } from './siteStationListSchema.ts';
import { CONSOLE_GROUP, STATION_GROUP, type SiteMigration } from './siteSchemaParts.ts';

export { CONSOLE_GROUP, STATION_GROUP, type SiteMigration } from './siteSchemaParts.ts';

/**
 * The site database's schema, in versioned steps kept in site_schema_migrations: `site init`
 * applies the missing ones in one transaction and is a no-op when all are there. Append only: a
 * released step is never edited, a change is a new step.
 *
 * Access is row-level security keyed on the login role (not per-station grants): every station
 * writes the same tables, so a site with hundreds of stations has one set of tables, indexes and
 * projections, and a new station is a role and a row in site_stations, not new tables. PostgreSQL
 * itself refuses a station role's row of another station, any UPDATE or DELETE of the record, and
 * any read of other stations' rows; the checks in PostgresSiteLink come on top, not instead.
 */

/** SQLSTATE the site raises when a batch does not continue a station's chain (class "MS": ours). */
export const CHAIN_REFUSED_SQLSTATE = 'MSC01';

const HEX64 = "'^[0-9a-f]{64}$'";

export const SITE_MIGRATIONS: readonly SiteMigration[] = [
  {
    version: 1,
    name: 'stations, their events and heads, evidence files, alarms; row-level security',
    sql: `
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${STATION_GROUP}') THEN CREATE ROLE ${STATION_GROUP} NOLOGIN; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${CONSOLE_GROUP}') THEN CREATE ROLE ${CONSOLE_GROUP} NOLOGIN; END IF;
      END $$;

      -- Which login role is which station: the policies below are keyed on it.
      CREATE TABLE site_stations (
        station   text PRIMARY KEY CHECK (station ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
        role_name text NOT NULL UNIQUE,
        added_at  timestamptz NOT NULL DEFAULT now()
      );

      -- Each station's chain as the site holds it: seq 0 and the genesis hash until its first event.
      -- Kept by the trigger below only; a station role may lock its own row, never change it.
      CREATE TABLE station_heads (
        station  text PRIMARY KEY REFERENCES site_stations,
        seq      bigint NOT NULL CHECK (seq >= 0),
        hash     text NOT NULL CHECK (hash ~ ${HEX64}),
        heard_at timestamptz
      );

      -- Every published audit event, as the station stored and hashed it (payload is the canonical
      -- JSON text the hash covers; payload_json is the same for queries, made by PostgreSQL).
      CREATE TABLE station_events (
        station      text NOT NULL,
        seq          bigint NOT NULL CHECK (seq > 0),
        at           text NOT NULL,
        actor        text NOT NULL,
        kind         text NOT NULL,
        subject_type text NOT NULL,
        subject_id   text NOT NULL,
        mode         text NOT NULL,
        payload      text NOT NULL,
        payload_json jsonb GENERATED ALWAYS AS (payload::jsonb) STORED,
        prev_hash    text NOT NULL CHECK (prev_hash ~ ${HEX64}),
        hash         text NOT NULL CHECK (hash ~ ${HEX64}),
        PRIMARY KEY (station, seq)
      );

      -- Evidence files by SHA-256, checked by PostgreSQL too: nobody can store bytes under another file's name.
      CREATE TABLE site_files (
        sha256        text PRIMARY KEY CHECK (sha256 ~ ${HEX64} AND sha256 = encode(sha256(bytes), 'hex')),
        bytes         bytea NOT NULL,
        first_station text NOT NULL,
        added_at      timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE site_alarms (
        id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        station text NOT NULL,
        kind    text NOT NULL,
        at      timestamptz NOT NULL DEFAULT now(),
        details jsonb NOT NULL
      );
      CREATE INDEX site_alarms_station ON site_alarms (station, at);

      -- The station a login role publishes as (null for any other role). SECURITY DEFINER so a
      -- station role need not read site_stations; the policies call it once per statement.
      CREATE FUNCTION site_station_of(role_name text) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$ SELECT station FROM site_stations WHERE site_stations.role_name = site_station_of.role_name $f$;
      REVOKE ALL ON FUNCTION site_station_of(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION site_station_of(text) TO ${STATION_GROUP}, ${CONSOLE_GROUP};

      -- The chain continues the site's head, whoever inserts (a station role by hand included):
      -- each station's rows of the statement, in seq order, follow the head with no gap, each
      -- linking to the one before; then the head moves. A statement that does not is undone whole.
      CREATE FUNCTION site_station_events_follow() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$
        DECLARE
          s text; head_seq bigint; head_hash text; bad bigint; last_seq bigint; last_hash text;
        BEGIN
          FOR s IN SELECT DISTINCT station FROM added LOOP
            SELECT h.seq, h.hash INTO head_seq, head_hash FROM station_heads h WHERE h.station = s FOR UPDATE;
            IF NOT FOUND THEN
              RAISE EXCEPTION USING ERRCODE = '${CHAIN_REFUSED_SQLSTATE}', MESSAGE = format('station %s is not registered at this site', s);
            END IF;
            WITH batch AS (
              SELECT a.seq, a.prev_hash, row_number() OVER (ORDER BY a.seq) AS n, lag(a.hash) OVER (ORDER BY a.seq) AS prior
              FROM added a WHERE a.station = s
            )
            SELECT min(b.seq) INTO bad FROM batch b WHERE b.seq <> head_seq + b.n OR b.prev_hash <> coalesce(b.prior, head_hash);
            IF bad IS NOT NULL THEN
              RAISE EXCEPTION USING ERRCODE = '${CHAIN_REFUSED_SQLSTATE}',
                MESSAGE = format('event %s of station %s does not continue the chain the site holds (its head is event %s)', bad, s, head_seq);
            END IF;
            SELECT a.seq, a.hash INTO last_seq, last_hash FROM added a WHERE a.station = s ORDER BY a.seq DESC LIMIT 1;
            UPDATE station_heads SET seq = last_seq, hash = last_hash, heard_at = now() WHERE station = s;
          END LOOP;
          RETURN NULL;
        END
        $f$;
      REVOKE ALL ON FUNCTION site_station_events_follow() FROM PUBLIC;
      CREATE TRIGGER station_events_follow AFTER INSERT ON station_events
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION site_station_events_follow();

      -- The record is append-only for everyone, the site's administrator included (who would have to
      -- drop these triggers first, itself a visible act).
      CREATE FUNCTION site_append_only() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp
        AS $f$ BEGIN RAISE EXCEPTION '% is append-only: a published record is never changed or removed', TG_TABLE_NAME; END $f$;
      CREATE TRIGGER station_events_append_only BEFORE UPDATE OR DELETE ON station_events FOR EACH ROW EXECUTE FUNCTION site_append_only();
      CREATE TRIGGER station_events_no_truncate BEFORE TRUNCATE ON station_events FOR EACH STATEMENT EXECUTE FUNCTION site_append_only();
      CREATE TRIGGER site_files_append_only BEFORE UPDATE OR DELETE ON site_files FOR EACH ROW EXECUTE FUNCTION site_append_only();
      CREATE TRIGGER site_alarms_append_only BEFORE UPDATE OR DELETE ON site_alarms FOR EACH ROW EXECUTE FUNCTION site_append_only();

      ALTER TABLE site_stations ENABLE ROW LEVEL SECURITY;
      ALTER TABLE station_heads ENABLE ROW LEVEL SECURITY;
      ALTER TABLE station_events ENABLE ROW LEVEL SECURITY;
      ALTER TABLE site_files ENABLE ROW LEVEL SECURITY;
      ALTER TABLE site_alarms ENABLE ROW LEVEL SECURITY;

      -- Stations: add their own events, read their own (to skip what the site holds), lock their own
      -- head (FOR UPDATE needs an UPDATE privilege: one column, and a policy no new row passes).
      GRANT SELECT, INSERT ON station_events TO ${STATION_GROUP};
      CREATE POLICY station_adds_own ON station_events FOR INSERT TO ${STATION_GROUP}
        WITH CHECK (station = (SELECT site_station_of(current_user)));
      CREATE POLICY station_reads_own ON station_events FOR SELECT TO ${STATION_GROUP}
        USING (station = (SELECT site_station_of(current_user)));
      GRANT SELECT, UPDATE (heard_at) ON station_heads TO ${STATION_GROUP};
      CREATE POLICY station_reads_own_head ON station_heads FOR SELECT TO ${STATION_GROUP}
        USING (station = (SELECT site_station_of(current_user)));
      CREATE POLICY station_locks_own_head ON station_heads FOR UPDATE TO ${STATION_GROUP}
        USING (station = (SELECT site_station_of(current_user))) WITH CHECK (false);
      GRANT INSERT ON site_files TO ${STATION_GROUP};
      CREATE POLICY station_adds_files ON site_files FOR INSERT TO ${STATION_GROUP}
        WITH CHECK (first_station = (SELECT site_station_of(current_user)));
      GRANT INSERT ON site_alarms TO ${STATION_GROUP};
      CREATE POLICY station_raises_own_alarms ON site_alarms FOR INSERT TO ${STATION_GROUP}
        WITH CHECK (station = (SELECT site_station_of(current_user)));

      -- The console reads everything and writes nothing.
      GRANT SELECT ON site_stations, station_heads, station_events, site_files, site_alarms TO ${CONSOLE_GROUP};
      CREATE POLICY console_reads ON site_stations FOR SELECT TO ${CONSOLE_GROUP} USING (true);
      CREATE POLICY console_reads ON station_heads FOR SELECT TO ${CONSOLE_GROUP} USING (true);
      CREATE POLICY console_reads ON station_events FOR SELECT TO ${CONSOLE_GROUP} USING (true);
      CREATE POLICY console_reads ON site_files FOR SELECT TO ${CONSOLE_GROUP} USING (true);
      CREATE POLICY console_reads ON site_alarms FOR SELECT TO ${CONSOLE_GROUP} USING (true);
    `,
  },
  PROJECTION_MIGRATION,
  rosterMigration(),
  CONSOLE_MIGRATION,
  reviewMigration(),
  SITE_STEP_6,
  SITE_DIRECTORY_MIGRATION,
  consoleReviewMigration(),
  CONSOLE_DASHBOARD_MIGRATION,
  CONSOLE_SCALE_MIGRATION,
  stationListMigration(),
  SITE_STEP_12,
  CONSOLE_SEARCH_MIGRATION,
  SITE_STEP_14,
];

export interface SchemaApplied {
  /** The schema version before and after. */
  from: number;
  to: number;
  applied: number[];
  /** What to do now, said by the steps applied to a site that was in use (none on a new site). */
  afterwards: string[];
}

/**
 * Applies the missing migrations in one transaction, under an advisory lock so two `site init`
 * at once apply each step once. Run as the site's administrator (owner of the database, CREATEROLE).
 */
export async function applySiteSchema(client: pg.ClientBase): Promise<SchemaApplied> {
  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('mailscreen-site-schema'))");
    await client.query(`CREATE TABLE IF NOT EXISTS site_schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM site_schema_migrations');
    const held = new Set(rows.map((row) => row.version));
    const from = Math.max(0, ...held);
    const known = Math.max(...SITE_MIGRATIONS.map((m) => m.version));
    if (from > known) throw new Error(`the site database's schema is version ${from}, newer than this version of Mailscreen knows (${known}): update Mailscreen`);
    const applied: number[] = [];
    for (const migration of SITE_MIGRATIONS) {
      if (held.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO site_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query(`GRANT SELECT ON site_schema_migrations TO ${CONSOLE_GROUP}`);
    await client.query('COMMIT');
    const afterwards = from === 0 ? [] : SITE_MIGRATIONS.flatMap((m) => (applied.includes(m.version) && m.afterUpgrade ? [m.afterUpgrade] : []));
    return { from, to: Math.max(from, ...applied), applied, afterwards };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
