import { CONSOLE_GROUP, STATION_GROUP, type SiteMigration } from './siteSchemaParts.ts';

/** Advisory lock key taken by every change of the site's directory: its revisions are numbered in commit order. */
export const DIRECTORY_LOCK = 'mailscreen-site-directory';

/**
 * Site schema version 7: the recipient directory, managed once at the site and copied by every
 * station (people, departments' key contacts, standing proxies).
 *
 * The tables hold the directory as it is now, like a station's own tables: a person the source no
 * longer lists is marked removed, never deleted (the items of the stations still name them). Each
 * change (an import, an LDAP sync, a department's contacts, a proxy) is a revision, numbered by
 * PostgreSQL under an advisory lock so that the numbers are the commit order, and every row says the
 * revision that last changed it. A station reads the directory and its newest revision in one
 * snapshot and applies it whole; the revisions are append-only for everyone. Stations and the
 * console read; only the site's administrator (the database owner) writes.
 */
export const SITE_DIRECTORY_MIGRATION: SiteMigration = {
  version: 7,
  name: 'the recipient directory at the site: people, department contacts, standing proxies, in numbered revisions',
  sql: `
    CREATE TABLE site_directory_revisions (
      revision bigint PRIMARY KEY,
      at       timestamptz NOT NULL DEFAULT now(),
      by_role  text NOT NULL DEFAULT session_user,
      change   text NOT NULL CHECK (change IN ('import', 'departmentContacts', 'proxy')),
      details  jsonb NOT NULL CHECK (jsonb_typeof(details) = 'object')
    );

    CREATE TABLE site_directory_people (
      key         text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 254),
      name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      email       text CHECK (length(email) <= 254),
      department  text CHECK (length(department) <= 200),
      location    text CHECK (length(location) <= 200),
      employee_id text CHECK (length(employee_id) <= 200),
      badge       text CHECK (length(badge) <= 200),
      source      text NOT NULL CHECK (source IN ('csv', 'ldap')),
      active      boolean NOT NULL DEFAULT true,
      revision    bigint NOT NULL REFERENCES site_directory_revisions
    );
    -- A badge names one person among those listed now (a removed person's badge may be handed on).
    CREATE UNIQUE INDEX site_directory_people_badge ON site_directory_people (badge) WHERE badge IS NOT NULL AND active;

    CREATE TABLE site_directory_departments (
      name     text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 200),
      contacts jsonb NOT NULL CHECK (jsonb_typeof(contacts) = 'array'),
      revision bigint NOT NULL REFERENCES site_directory_revisions
    );

    CREATE TABLE site_directory_proxies (
      person_key text NOT NULL,
      proxy_key  text NOT NULL CHECK (proxy_key <> person_key),
      revision   bigint NOT NULL REFERENCES site_directory_revisions,
      PRIMARY KEY (person_key, proxy_key)
    );

    -- The site's order, whoever inserts: one directory change commits at a time, numbered after the last.
    CREATE FUNCTION site_directory_order() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      AS $f$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('${DIRECTORY_LOCK}'));
        NEW.revision := coalesce((SELECT max(revision) FROM site_directory_revisions), 0) + 1;
        NEW.at := now();
        NEW.by_role := session_user;
        RETURN NEW;
      END
      $f$;
    REVOKE ALL ON FUNCTION site_directory_order() FROM PUBLIC;
    CREATE TRIGGER site_directory_order BEFORE INSERT ON site_directory_revisions FOR EACH ROW EXECUTE FUNCTION site_directory_order();
    CREATE TRIGGER site_directory_revisions_append_only BEFORE UPDATE OR DELETE ON site_directory_revisions FOR EACH ROW EXECUTE FUNCTION site_append_only();
    CREATE TRIGGER site_directory_revisions_no_truncate BEFORE TRUNCATE ON site_directory_revisions FOR EACH STATEMENT EXECUTE FUNCTION site_append_only();

    ALTER TABLE site_directory_revisions ENABLE ROW LEVEL SECURITY;
    ALTER TABLE site_directory_people ENABLE ROW LEVEL SECURITY;
    ALTER TABLE site_directory_departments ENABLE ROW LEVEL SECURITY;
    ALTER TABLE site_directory_proxies ENABLE ROW LEVEL SECURITY;
    -- Stations read the whole directory (the recipient picker, notices, the counter need it) and write nothing in it.
    GRANT SELECT ON site_directory_revisions, site_directory_people, site_directory_departments, site_directory_proxies TO ${STATION_GROUP};
    CREATE POLICY station_reads_directory ON site_directory_revisions FOR SELECT TO ${STATION_GROUP} USING (true);
    CREATE POLICY station_reads_directory ON site_directory_people FOR SELECT TO ${STATION_GROUP} USING (true);
    CREATE POLICY station_reads_directory ON site_directory_departments FOR SELECT TO ${STATION_GROUP} USING (true);
    CREATE POLICY station_reads_directory ON site_directory_proxies FOR SELECT TO ${STATION_GROUP} USING (true);
    -- The console reads it too.
    GRANT SELECT ON site_directory_revisions, site_directory_people, site_directory_departments, site_directory_proxies TO ${CONSOLE_GROUP};
    CREATE POLICY console_reads ON site_directory_revisions FOR SELECT TO ${CONSOLE_GROUP} USING (true);
    CREATE POLICY console_reads ON site_directory_people FOR SELECT TO ${CONSOLE_GROUP} USING (true);
    CREATE POLICY console_reads ON site_directory_departments FOR SELECT TO ${CONSOLE_GROUP} USING (true);
    CREATE POLICY console_reads ON site_directory_proxies FOR SELECT TO ${CONSOLE_GROUP} USING (true);
  `,
};
