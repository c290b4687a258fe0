import { CONSOLE_GROUP, type SiteMigration } from './siteSchemaParts.ts';

/** Wrong PINs in a row at the console before the badge is refused there for a while (the stations' rule). */
export const CONSOLE_MAX_FAILED_PINS = 5;
/** Minutes of the first console lockout; each one after it in a row doubles, at most a day (the stations' rule). */
export const CONSOLE_LOCKOUT_MINUTES = 15;

/**
 * Site schema version 8: the console's reviewer, identified by badge and PIN without the console
 * ever reading a PIN hash.
 *
 * `site_console_pin_salt(badge)` gives the scrypt salt of an active roster operator's badge (a
 * salt is not secret); the console computes scrypt(PIN, salt) as a station does (core/pin.ts) and
 * `site_console_review_answer(badge, key, …)` compares that key with the roster's hash inside
 * PostgreSQL, counts a wrong one (`site_console_pin_checks`, committed: the function refuses by
 * answering, not by raising), refuses a badge locked at the console (5 wrong in a row: 15 minutes,
 * doubling, at most a day) or locked by a station's lockout on the roster, refuses a reviewer with
 * no current X-ray operator training on the roster, and only then adds the answer (by_station null,
 * the reviewer's id and name from the roster; the answer trigger of version 5 still checks the
 * scan and that the reviewer is not its first). The console's role loses its INSERT on
 * site_review_answers: it can no longer name a reviewer without that reviewer's PIN.
 */
export function consoleReviewMigration(): SiteMigration {
  return {
    version: 8,
    name: "the console's reviewer by badge and PIN: the PIN checked inside the site, wrong ones counted, the console's direct answers revoked",
    sql: `
      CREATE TABLE site_console_pin_checks (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        operator_id text NOT NULL,
        by_role     text NOT NULL DEFAULT session_user,
        ok          boolean NOT NULL,
        at          timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX site_console_pin_checks_operator ON site_console_pin_checks (operator_id, id);
      CREATE TRIGGER site_console_pin_checks_append_only BEFORE UPDATE OR DELETE ON site_console_pin_checks FOR EACH ROW EXECUTE FUNCTION site_append_only();
      CREATE TRIGGER site_console_pin_checks_no_truncate BEFORE TRUNCATE ON site_console_pin_checks FOR EACH STATEMENT EXECUTE FUNCTION site_append_only();
      ALTER TABLE site_console_pin_checks ENABLE ROW LEVEL SECURITY;
      GRANT SELECT ON site_console_pin_checks TO ${CONSOLE_GROUP};
      CREATE POLICY console_reads ON site_console_pin_checks FOR SELECT TO ${CONSOLE_GROUP} USING (true);

      -- An operator's roster state now: the latest 'operator' row of each operator id.
      CREATE FUNCTION site_console_operator(badge text) RETURNS TABLE (operator_id text, name text, pin_salt text, pin_hash text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$
          SELECT r.operator_id, r.body->>'name', r.pin_salt, r.pin_hash
            FROM site_roster r
           WHERE r.change = 'operator' AND r.body->>'badge' = badge AND (r.body->>'active') = 'true'
             AND r.seq = (SELECT max(x.seq) FROM site_roster x WHERE x.operator_id = r.operator_id AND x.change = 'operator')
           ORDER BY r.seq DESC LIMIT 1
        $f$;
      REVOKE ALL ON FUNCTION site_console_operator(text) FROM PUBLIC;

      -- The salt only: what the console needs to compute the PIN's key as a station does.
      CREATE FUNCTION site_console_pin_salt(badge text) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$ SELECT o.pin_salt FROM site_console_operator(badge) o $f$;
      REVOKE ALL ON FUNCTION site_console_pin_salt(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION site_console_pin_salt(text) TO ${CONSOLE_GROUP};

      -- status: 'answered' (answer_id), 'refused' (detail: why, in words for the reviewer).
      CREATE FUNCTION site_console_review_answer(badge text, pin_key text, scan_station text, scan_verdict_seq bigint, scan_custody_id text,
                                                 scan_scan_ref text, answer_verdict text, answer_incident_type text, answer_notes text)
        RETURNS TABLE (status text, detail text, answer_id bigint)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$
        DECLARE
          op record; misses integer; since timestamptz; last_miss timestamptz; lock_until timestamptz; roster_lock timestamptz; new_id bigint;
        BEGIN
          SELECT * INTO op FROM site_console_operator(badge);
          IF NOT FOUND THEN
            RETURN QUERY SELECT 'refused'::text, 'This badge and PIN do not match an active operator of the site roster.'::text, NULL::bigint;
            RETURN;
          END IF;
          -- One check of a badge at a time: parallel guesses are counted one after the other.
          PERFORM pg_advisory_xact_lock(hashtext('mailscreen-console-pin:' || op.operator_id));
          -- A lockout a station published (the roster's), not lifted since.
          SELECT (r.body->>'lockedUntil')::timestamptz INTO roster_lock FROM site_roster r
           WHERE r.operator_id = op.operator_id AND r.change IN ('lockedOut', 'unlocked', 'operator')
           ORDER BY r.seq DESC LIMIT 1;
          IF roster_lock IS NOT NULL AND roster_lock > now() THEN
            RETURN QUERY SELECT 'refused'::text, format('This badge is locked after too many wrong PINs until %s UTC. Ask the coordinator or admin.', to_char(roster_lock AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')), NULL::bigint;
            RETURN;
          END IF;
          -- Wrong PINs at the console in a row: since the last right one, the last unlock or PIN change.
          SELECT max(r.at) INTO since FROM site_roster r WHERE r.operator_id = op.operator_id AND r.change IN ('unlocked', 'operator');
          since := greatest(since, (SELECT max(k.at) FROM site_console_pin_checks k WHERE k.operator_id = op.operator_id AND k.ok));
          SELECT count(*), max(k.at) INTO misses, last_miss FROM site_console_pin_checks k
           WHERE k.operator_id = op.operator_id AND NOT k.ok AND (since IS NULL OR k.at > since);
          IF misses > 0 AND misses % ${CONSOLE_MAX_FAILED_PINS} = 0 THEN
            lock_until := last_miss + least(${CONSOLE_LOCKOUT_MINUTES} * 2 ^ (misses / ${CONSOLE_MAX_FAILED_PINS} - 1), 1440) * interval '1 minute';
            IF lock_until > now() THEN
              RETURN QUERY SELECT 'refused'::text, format('This badge is locked at the console after too many wrong PINs until %s UTC. Ask the coordinator or admin.', to_char(lock_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')), NULL::bigint;
              RETURN;
            END IF;
          END IF;
          IF pin_key IS NULL OR op.pin_hash IS NULL OR pin_key <> op.pin_hash THEN
            INSERT INTO site_console_pin_checks (operator_id, ok) VALUES (op.operator_id, false);
            RETURN QUERY SELECT 'refused'::text, 'This badge and PIN do not match an active operator of the site roster.'::text, NULL::bigint;
            RETURN;
          END IF;
          INSERT INTO site_console_pin_checks (operator_id, ok) VALUES (op.operator_id, true);
          IF NOT EXISTS (SELECT FROM site_roster t WHERE t.operator_id = op.operator_id AND t.change = 'training' AND t.body->>'kind' = 'xrayOperator'
                           AND t.body->>'completedOn' <= to_char(current_date, 'YYYY-MM-DD') AND t.body->>'expiresOn' >= to_char(current_date, 'YYYY-MM-DD')) THEN
            RETURN QUERY SELECT 'refused'::text, format('%s has no current X-ray operator qualification on the site roster. Ask a qualified reviewer, or record the training first (site roster training).', op.name), NULL::bigint;
            RETURN;
          END IF;
          INSERT INTO site_review_answers (station, verdict_seq, custody_id, scan_ref, by_station, reviewer_id, reviewer_name, verdict, incident_type, notes)
          VALUES (scan_station, scan_verdict_seq, scan_custody_id, scan_scan_ref, NULL, op.operator_id, op.name, answer_verdict, answer_incident_type, coalesce(answer_notes, ''))
          RETURNING id INTO new_id;
          RETURN QUERY SELECT 'answered'::text, op.name, new_id;
        END
        $f$;
      REVOKE ALL ON FUNCTION site_console_review_answer(text, text, text, bigint, text, text, text, text, text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION site_console_review_answer(text, text, text, bigint, text, text, text, text, text) TO ${CONSOLE_GROUP};

      -- The console answers only through the function above: a reviewer named by their PIN.
      DROP POLICY console_answers ON site_review_answers;
      REVOKE INSERT ON site_review_answers FROM ${CONSOLE_GROUP};
    `,
  };
}

/**
 * Site schema version 12, the console's part: one lockout across the site. The console's fifth
 * wrong key in a row is a `lockedOut` change of the roster (`at_console`, no station; `by_role` the
 * console's login role), so it reaches every station as a station's lockout does, and `site roster
 * unlock` lifts it everywhere. The console refuses a badge while any lockout on the roster (a
 * station's or its own) has not ended and no unlock or new PIN came after it (what lifts one at a
 * station); wrong keys count again after a lockout, a right PIN here, an unlock or a change of the
 * operator; and each lockout in a row (a station's too, since the last unlock, new PIN or right PIN
 * here) doubles the next one here: 15 minutes, 30, … at most a day, the stations' rule.
 */
export const CONSOLE_LOCKOUT_ON_ROSTER_SQL = `
    CREATE OR REPLACE FUNCTION site_console_review_answer(badge text, pin_key text, scan_station text, scan_verdict_seq bigint, scan_custody_id text,
                                                          scan_scan_ref text, answer_verdict text, answer_incident_type text, answer_notes text)
      RETURNS TABLE (status text, detail text, answer_id bigint)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
      AS $f$
      DECLARE
        op record; held record; lifted bigint; last_ok timestamptz; since timestamptz; misses integer; lockouts integer; new_id bigint;
      BEGIN
        SELECT * INTO op FROM site_console_operator(badge);
        IF NOT FOUND THEN
          RETURN QUERY SELECT 'refused'::text, 'This badge and PIN do not match an active operator of the site roster.'::text, NULL::bigint;
          RETURN;
        END IF;
        -- One check of a badge at a time: parallel guesses are counted one after the other.
        PERFORM pg_advisory_xact_lock(hashtext('mailscreen-console-pin:' || op.operator_id));
        -- The roster's lockouts not lifted since, a station's or the console's, the one that ends last.
        -- As at the stations, an unlock or a new PIN lifts them; another change of the operator does not.
        lifted := coalesce((SELECT max(x.seq) FROM (
                      SELECT u.seq, u.change, u.pin_hash, lag(u.pin_hash) OVER (PARTITION BY u.change ORDER BY u.seq) AS pin_before
                        FROM site_roster u WHERE u.operator_id = op.operator_id AND u.change IN ('unlocked', 'operator')) x
                    WHERE x.change = 'unlocked' OR x.pin_hash IS DISTINCT FROM x.pin_before), 0);
        SELECT r.station, r.at_console, (r.body->>'lockedUntil')::timestamptz AS until INTO held
          FROM site_roster r
         WHERE r.operator_id = op.operator_id AND r.change = 'lockedOut' AND r.seq > lifted AND (r.body->>'lockedUntil')::timestamptz > now()
         ORDER BY 3 DESC LIMIT 1;
        IF FOUND THEN
          RETURN QUERY SELECT 'refused'::text,
            format('This badge is locked %s until %s UTC. Ask the coordinator or admin.',
                   CASE WHEN held.at_console THEN 'at the console after too many wrong PINs' ELSE format('after too many wrong PINs at station %s', held.station) END,
                   to_char(held.until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')), NULL::bigint;
          RETURN;
        END IF;
        -- Wrong keys in a row: since the last right one here, the last lockout, unlock or change of the operator.
        last_ok := (SELECT max(k.at) FROM site_console_pin_checks k WHERE k.operator_id = op.operator_id AND k.ok);
        since := greatest((SELECT max(r.at) FROM site_roster r WHERE r.operator_id = op.operator_id AND r.change IN ('unlocked', 'operator', 'lockedOut')), last_ok);
        SELECT count(*) INTO misses FROM site_console_pin_checks k
         WHERE k.operator_id = op.operator_id AND NOT k.ok AND (since IS NULL OR k.at > since);
        IF pin_key IS NULL OR op.pin_hash IS NULL OR pin_key <> op.pin_hash THEN
          INSERT INTO site_console_pin_checks (operator_id, ok) VALUES (op.operator_id, false);
          IF misses + 1 >= ${CONSOLE_MAX_FAILED_PINS} THEN
            -- Lockouts in a row, wherever they happened: since the last unlock, new PIN or right PIN here.
            SELECT count(*) INTO lockouts FROM site_roster r
             WHERE r.operator_id = op.operator_id AND r.change = 'lockedOut' AND r.seq > lifted
               AND (last_ok IS NULL OR r.at > last_ok);
            INSERT INTO site_roster (operator_id, change, at_console, body)
            VALUES (op.operator_id, 'lockedOut', true, jsonb_build_object('lockedUntil',
              to_char((now() + least(${CONSOLE_LOCKOUT_MINUTES} * 2 ^ least(lockouts, 10), 1440) * interval '1 minute') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
          END IF;
          RETURN QUERY SELECT 'refused'::text, 'This badge and PIN do not match an active operator of the site roster.'::text, NULL::bigint;
          RETURN;
        END IF;
        INSERT INTO site_console_pin_checks (operator_id, ok) VALUES (op.operator_id, true);
        IF NOT EXISTS (SELECT FROM site_roster t WHERE t.operator_id = op.operator_id AND t.change = 'training' AND t.body->>'kind' = 'xrayOperator'
                         AND t.body->>'completedOn' <= to_char(current_date, 'YYYY-MM-DD') AND t.body->>'expiresOn' >= to_char(current_date, 'YYYY-MM-DD')) THEN
          RETURN QUERY SELECT 'refused'::text, format('%s has no current X-ray operator qualification on the site roster. Ask a qualified reviewer, or record the training first (site roster training).', op.name), NULL::bigint;
          RETURN;
        END IF;
        INSERT INTO site_review_answers (station, verdict_seq, custody_id, scan_ref, by_station, reviewer_id, reviewer_name, verdict, incident_type, notes)
        VALUES (scan_station, scan_verdict_seq, scan_custody_id, scan_scan_ref, NULL, op.operator_id, op.name, answer_verdict, answer_incident_type, coalesce(answer_notes, ''))
        RETURNING id INTO new_id;
        RETURN QUERY SELECT 'answered'::text, op.name, new_id;
      END
      $f$;
`;
