import { CONSOLE_GROUP, STATION_GROUP, type SiteMigration } from './siteSchemaParts.ts';

/** Advisory lock key taken by every roster insert: the site's order of changes is their commit order. */
export const ROSTER_LOCK = 'mailscreen-site-roster';

/**
 * Site schema version 3: the operator roster, managed once at the site and read by every station.
 *
 * `site_roster` is a log of changes in the site's order (`seq`, given under an advisory lock so that
 * a reader that has seen seq n can never later find a smaller one committed: a station asks for
 * "after n" and misses nothing). An `operator` row carries the operator's whole state after the
 * change (badge, name, role, PIN salt and hash as the stations store them, active), so a station
 * that missed or could not apply one catches up with the next. A `lockedOut` row is written by
 * PostgreSQL itself when a station publishes its own `operator.lockedOut` event (actor `station`):
 * the lock is in the station's chain first, reaches the site with the rest of its record, and from
 * there every station. Stations read the roster and write nothing in it; the console reads it
 * without the PIN columns; only the site's administrator (the database owner) adds changes.
 */
export function rosterMigration(): SiteMigration {
  // A function, not a constant: siteSchema.ts imports it and this file its group names (a cycle).
  return {
  version: 3,
  name: 'the operator roster: changes in the site order, lockouts from the stations\' published events',
  sql: `
    CREATE TABLE site_roster (
      seq         bigint PRIMARY KEY,
      at          timestamptz NOT NULL DEFAULT now(),
      by_role     text NOT NULL DEFAULT session_user,
      station     text REFERENCES site_stations,
      station_seq bigint,
      operator_id text NOT NULL CHECK (operator_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
      change      text NOT NULL CHECK (change IN ('operator', 'lockedOut', 'unlocked', 'training')),
      pin_salt    text,
      pin_hash    text,
      body        jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
      CHECK (change <> 'operator' OR (
        pin_salt IS NOT NULL AND pin_hash IS NOT NULL
        AND jsonb_typeof(body->'badge') = 'string' AND length(body->>'badge') BETWEEN 1 AND 200
        AND jsonb_typeof(body->'name') = 'string' AND length(body->>'name') BETWEEN 1 AND 200
        AND body->>'role' IN ('screener', 'coordinator', 'admin')
        AND jsonb_typeof(body->'active') = 'boolean')),
      CHECK (change <> 'lockedOut' OR (station IS NOT NULL AND jsonb_typeof(body->'lockedUntil') = 'string')),
      CHECK (change <> 'training' OR (
        body->>'kind' IN ('xrayOperator', 'suspiciousMailRecognition', 'ppe')
        AND body->>'completedOn' ~ '^\\d{4}-\\d{2}-\\d{2}$' AND body->>'expiresOn' ~ '^\\d{4}-\\d{2}-\\d{2}$'))
    );
    CREATE INDEX site_roster_operator ON site_roster (operator_id, seq);

    -- The site's order, whoever inserts: one roster change commits at a time, numbered after the last.
    -- A lockout's end is bounded here too (at most a day from now), whatever the station wrote.
    CREATE FUNCTION site_roster_order() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      AS $f$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('${ROSTER_LOCK}'));
        NEW.seq := coalesce((SELECT max(seq) FROM site_roster), 0) + 1;
        NEW.at := now();
        NEW.by_role := session_user;
        IF NEW.change = 'lockedOut' THEN
          NEW.body := jsonb_build_object('lockedUntil',
            to_char(least((NEW.body->>'lockedUntil')::timestamptz, now() + interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
        END IF;
        -- A badge is one operator's: another id may not take a badge the roster already gave.
        IF NEW.change = 'operator' AND EXISTS (SELECT FROM site_roster r WHERE r.change = 'operator' AND r.body->>'badge' = NEW.body->>'badge' AND r.operator_id <> NEW.operator_id) THEN
          RAISE EXCEPTION 'badge % already belongs to another operator of the site roster', NEW.body->>'badge';
        END IF;
        RETURN NEW;
      END
      $f$;
    REVOKE ALL ON FUNCTION site_roster_order() FROM PUBLIC;
    CREATE TRIGGER site_roster_order BEFORE INSERT ON site_roster FOR EACH ROW EXECUTE FUNCTION site_roster_order();
    CREATE TRIGGER site_roster_append_only BEFORE UPDATE OR DELETE ON site_roster FOR EACH ROW EXECUTE FUNCTION site_append_only();
    CREATE TRIGGER site_roster_no_truncate BEFORE TRUNCATE ON site_roster FOR EACH STATEMENT EXECUTE FUNCTION site_append_only();

    -- A station's own lockout (actor 'station': not one it applied from the site, which would echo),
    -- as it publishes it, becomes a roster change: after the chain check, in the same transaction.
    CREATE FUNCTION site_roster_lockouts() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      AS $f$
      BEGIN
        INSERT INTO site_roster (station, station_seq, operator_id, change, body)
        SELECT a.station, a.seq, a.subject_id, 'lockedOut', jsonb_build_object('lockedUntil', a.payload::jsonb->>'lockedUntil')
        FROM added a
        WHERE a.kind = 'operator.lockedOut' AND a.actor = 'station' AND a.subject_type = 'operator'
          AND a.subject_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          AND a.payload::jsonb->>'lockedUntil' ~ '^\\d{4}-\\d{2}-\\d{2}T'
        ORDER BY a.station, a.seq;
        RETURN NULL;
      END
      $f$;
    REVOKE ALL ON FUNCTION site_roster_lockouts() FROM PUBLIC;
    CREATE TRIGGER station_events_lockouts AFTER INSERT ON station_events
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION site_roster_lockouts();

    ALTER TABLE site_roster ENABLE ROW LEVEL SECURITY;
    -- Stations read the whole roster (their operators' PIN hashes included: they check PINs offline).
    GRANT SELECT ON site_roster TO ${STATION_GROUP};
    CREATE POLICY station_reads_roster ON site_roster FOR SELECT TO ${STATION_GROUP} USING (true);
    -- The console reads who changed what, never the PIN columns.
    GRANT SELECT (seq, at, by_role, station, station_seq, operator_id, change, body) ON site_roster TO ${CONSOLE_GROUP};
    CREATE POLICY console_reads ON site_roster FOR SELECT TO ${CONSOLE_GROUP} USING (true);
  `,
  };
}

/**
 * Site schema version 12, the roster's part: a lockout names where it happened, a station or the
 * console, so the console's lockout (counted by `site_console_review_answer`, consoleReviewSchema.ts)
 * goes to every station through the roster like a station's. `at_console` is true on the console's
 * lockouts only, whose `station` is null; a lockout names exactly one of the two. The console's
 * role still inserts nothing here: only the console's SECURITY DEFINER function adds its lockout, and
 * a station's lockouts still enter only from its own published events, always in its own name.
 *
 * The lockout trigger reads the payload's query copy (`payload_json`, made once by PostgreSQL;
 * a payload with NUL stand-ins is as castable as any) and never casts what may fail: a
 * `lockedUntil` that is not a readable time (a NUL, a month 13) makes no roster row, and never
 * stops the station's publishing, which a cast failing inside the publish transaction did.
 */
export const SITE_WIDE_LOCKOUTS_SQL = `
    ALTER TABLE site_roster ADD COLUMN at_console boolean NOT NULL DEFAULT false;
    DO $$
    DECLARE c text;
    BEGIN
      SELECT conname INTO c FROM pg_constraint
       WHERE conrelid = 'site_roster'::regclass AND contype = 'c'
         AND pg_get_constraintdef(oid) LIKE '%lockedOut%' AND pg_get_constraintdef(oid) LIKE '%station IS NOT NULL%';
      IF c IS NULL THEN RAISE EXCEPTION 'site_roster has no lockout check to replace: this site database was not made by site init'; END IF;
      EXECUTE format('ALTER TABLE site_roster DROP CONSTRAINT %I', c);
    END $$;
    ALTER TABLE site_roster ADD CONSTRAINT site_roster_lockout_where
      CHECK (change <> 'lockedOut' OR ((station IS NOT NULL) <> at_console AND jsonb_typeof(body->'lockedUntil') = 'string'));
    ALTER TABLE site_roster ADD CONSTRAINT site_roster_console_lockouts_only CHECK (NOT at_console OR change = 'lockedOut');

    -- A lockout's end as the roster writes it (UTC, milliseconds), or null when it is not a time.
    CREATE FUNCTION site_lockout_end(value jsonb) RETURNS text
      LANGUAGE plpgsql STABLE STRICT SET search_path = public, pg_temp
      AS $f$
      DECLARE t timestamptz;
      BEGIN
        IF jsonb_typeof(value) <> 'string'
           OR (value #>> '{}') !~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})$' THEN
          RETURN NULL;
        END IF;
        t := (value #>> '{}')::timestamptz;
        RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
      EXCEPTION WHEN others THEN
        RETURN NULL;
      END
      $f$;
    REVOKE ALL ON FUNCTION site_lockout_end(jsonb) FROM PUBLIC;

    CREATE OR REPLACE FUNCTION site_roster_lockouts() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      AS $f$
      BEGIN
        INSERT INTO site_roster (station, station_seq, operator_id, change, body)
        SELECT a.station, a.seq, a.subject_id, 'lockedOut', jsonb_build_object('lockedUntil', l.until)
        FROM added a
        CROSS JOIN LATERAL (SELECT site_lockout_end(CASE WHEN a.kind = 'operator.lockedOut' THEN a.payload_json->'lockedUntil' END) AS until) l
        WHERE a.kind = 'operator.lockedOut' AND a.actor = 'station' AND a.subject_type = 'operator'
          AND a.subject_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          AND l.until IS NOT NULL
        ORDER BY a.station, a.seq;
        RETURN NULL;
      END
      $f$;
`;
