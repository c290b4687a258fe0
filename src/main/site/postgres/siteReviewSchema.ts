import { CONSOLE_GROUP, STATION_GROUP, type SiteMigration } from './siteSchemaParts.ts';

/**
 * Site schema version 5: the remote second review of inconclusive X-ray scans.
 *
 * The queue is not a table: it is what the published events say (an `xray.verdictRecorded`
 * inconclusive, no second review after it in that station's chain) minus the scans an answer is
 * pending or was written for. Stations cannot read each other's events, so the queue and the
 * images of its scans are read through two SECURITY DEFINER functions that show exactly that and
 * nothing more.
 *
 * `site_review_answers`: a reviewer's answer, added by the answering station's own role (RLS: in
 * its own name, never for its own scans) or by a console's role (no station). A trigger checks the
 * scan is a published inconclusive one, the reviewer is on the site roster and is not the first
 * reviewer. `site_review_outcomes`: what the scan's own station did with each answer (written in its
 * chain at seq n, dissent: the scan was reviewed already, refused: with its reason), added by that
 * station's role only. Both are append-only for everyone.
 */
export function reviewMigration(): SiteMigration {
  return {
    version: 5,
    name: 'remote second review: answers to inconclusive X-ray scans and what their station did with them',
    sql: `
      -- The scans waiting and their second reviews, found by index (the queue is read every few seconds).
      CREATE INDEX station_events_inconclusive ON station_events (station, (payload_json->>'scanRef'))
        WHERE kind = 'xray.verdictRecorded' AND payload_json->>'verdict' = 'inconclusive';
      CREATE INDEX station_events_scan_refs ON station_events (station, (coalesce(payload_json->>'scanRef', payload_json->'xray'->>'scanRef')))
        WHERE kind IN ('xray.imageCaptured', 'xray.secondReview', 'item.markedSuspect');

      CREATE TABLE site_review_answers (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        station       text NOT NULL REFERENCES site_stations,
        verdict_seq   bigint NOT NULL,
        custody_id    text NOT NULL,
        scan_ref      text NOT NULL,
        by_station    text REFERENCES site_stations,
        by_role       text NOT NULL DEFAULT session_user,
        reviewer_id   text NOT NULL CHECK (reviewer_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
        reviewer_name text NOT NULL CHECK (length(reviewer_name) BETWEEN 1 AND 200),
        verdict       text NOT NULL CHECK (verdict IN ('clear', 'suspect')),
        incident_type text CHECK (incident_type ~ '^[A-Za-z]{1,40}$'),
        notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
        at            timestamptz NOT NULL DEFAULT now(),
        CHECK (by_station IS DISTINCT FROM station),
        CHECK (verdict <> 'suspect' OR incident_type IS NOT NULL)
      );
      CREATE INDEX site_review_answers_scan ON site_review_answers (station, scan_ref);
      CREATE INDEX site_review_answers_by ON site_review_answers (by_station, id);

      CREATE TABLE site_review_outcomes (
        answer_id   bigint PRIMARY KEY REFERENCES site_review_answers,
        station     text NOT NULL,
        outcome     text NOT NULL CHECK (outcome IN ('written', 'dissent', 'refused')),
        -- A refusal after which the scan still waits for a second review (the reviewer was the first
        -- one, not trained here…): the scan goes back to the queue.
        scan_waits  boolean NOT NULL DEFAULT false,
        reason      text CHECK (length(reason) <= 2000),
        station_seq bigint,
        at          timestamptz NOT NULL DEFAULT now()
      );

      -- An answer names a scan the site holds as inconclusive, a reviewer of the roster who is not
      -- its first reviewer; whoever inserts, a station role typing SQL by hand included.
      CREATE FUNCTION site_review_answer_check() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$
        DECLARE e record; reviewer record;
        BEGIN
          NEW.by_role := session_user;
          NEW.at := now();
          SELECT * INTO e FROM station_events WHERE station = NEW.station AND seq = NEW.verdict_seq;
          IF NOT FOUND OR e.kind <> 'xray.verdictRecorded' OR e.payload_json->>'verdict' <> 'inconclusive'
             OR e.subject_id <> NEW.custody_id OR e.payload_json->>'scanRef' IS DISTINCT FROM NEW.scan_ref THEN
            RAISE EXCEPTION 'station % has published no inconclusive X-ray scan % of item % at event %', NEW.station, NEW.scan_ref, NEW.custody_id, NEW.verdict_seq;
          END IF;
          IF e.actor = 'operator:' || NEW.reviewer_id THEN
            RAISE EXCEPTION 'the second review must be done by another operator than the first reviewer';
          END IF;
          SELECT r.body INTO reviewer FROM site_roster r WHERE r.operator_id = NEW.reviewer_id AND r.change = 'operator' ORDER BY r.seq DESC LIMIT 1;
          IF NOT FOUND OR (reviewer.body->>'active') <> 'true' THEN
            RAISE EXCEPTION 'reviewer % is not an active operator of the site roster', NEW.reviewer_id;
          END IF;
          RETURN NEW;
        END
        $f$;
      REVOKE ALL ON FUNCTION site_review_answer_check() FROM PUBLIC;
      CREATE TRIGGER site_review_answer_check BEFORE INSERT ON site_review_answers FOR EACH ROW EXECUTE FUNCTION site_review_answer_check();

      -- An outcome is the scan's own station's, for an answer to its scan.
      CREATE FUNCTION site_review_outcome_check() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$
        BEGIN
          NEW.at := now();
          IF NOT EXISTS (SELECT FROM site_review_answers a WHERE a.id = NEW.answer_id AND a.station = NEW.station) THEN
            RAISE EXCEPTION 'answer % is not to a scan of station %', NEW.answer_id, NEW.station;
          END IF;
          RETURN NEW;
        END
        $f$;
      REVOKE ALL ON FUNCTION site_review_outcome_check() FROM PUBLIC;
      CREATE TRIGGER site_review_outcome_check BEFORE INSERT ON site_review_outcomes FOR EACH ROW EXECUTE FUNCTION site_review_outcome_check();

      CREATE TRIGGER site_review_answers_append_only BEFORE UPDATE OR DELETE ON site_review_answers FOR EACH ROW EXECUTE FUNCTION site_append_only();
      CREATE TRIGGER site_review_answers_no_truncate BEFORE TRUNCATE ON site_review_answers FOR EACH STATEMENT EXECUTE FUNCTION site_append_only();
      CREATE TRIGGER site_review_outcomes_append_only BEFORE UPDATE OR DELETE ON site_review_outcomes FOR EACH ROW EXECUTE FUNCTION site_append_only();
      CREATE TRIGGER site_review_outcomes_no_truncate BEFORE TRUNCATE ON site_review_outcomes FOR EACH STATEMENT EXECUTE FUNCTION site_append_only();

      -- The queue: inconclusive scans of the stations other than the caller's (all of them for a
      -- console) with no second review in their chain, no answer pending or written, no dissent, and
      -- no refusal after which the scan stopped waiting. The caller sees this and its image, not the events.
      CREATE FUNCTION site_review_queue(modes text[], max_rows integer)
        RETURNS TABLE (station text, verdict_seq bigint, custody_id text, scan_ref text, at text, mode text, first_reviewer text,
                       findings jsonb, notes text, image_sha256 text, refused integer)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$
          SELECT v.station, v.seq, v.subject_id, v.payload_json->>'scanRef', v.at, v.mode, v.actor,
                 coalesce(v.payload_json->'findings', '[]'::jsonb), coalesce(v.payload_json->>'notes', ''),
                 (SELECT i.payload_json->>'sha256' FROM station_events i
                   WHERE i.station = v.station AND i.kind IN ('xray.imageCaptured', 'xray.secondReview', 'item.markedSuspect')
                     AND coalesce(i.payload_json->>'scanRef', i.payload_json->'xray'->>'scanRef') = v.payload_json->>'scanRef'
                     AND i.kind = 'xray.imageCaptured'
                   ORDER BY i.seq DESC LIMIT 1),
                 (SELECT count(*)::integer FROM site_review_answers a JOIN site_review_outcomes o ON o.answer_id = a.id
                   WHERE a.station = v.station AND a.scan_ref = v.payload_json->>'scanRef' AND o.outcome = 'refused')
          FROM station_events v
          WHERE v.kind = 'xray.verdictRecorded' AND v.payload_json->>'verdict' = 'inconclusive'
            AND v.station IS DISTINCT FROM (SELECT site_station_of(session_user))
            AND v.mode = ANY (modes)
            AND NOT EXISTS (SELECT FROM station_events r
              WHERE r.station = v.station AND r.seq > v.seq AND r.kind IN ('xray.imageCaptured', 'xray.secondReview', 'item.markedSuspect')
                AND coalesce(r.payload_json->>'scanRef', r.payload_json->'xray'->>'scanRef') = v.payload_json->>'scanRef'
                AND (r.kind = 'xray.secondReview' OR r.payload_json->'xray'->>'review' = 'second'))
            AND NOT EXISTS (SELECT FROM site_review_answers a LEFT JOIN site_review_outcomes o ON o.answer_id = a.id
              WHERE a.station = v.station AND a.scan_ref = v.payload_json->>'scanRef'
                AND (o.answer_id IS NULL OR o.outcome <> 'refused' OR NOT o.scan_waits))
          ORDER BY v.at, v.station, v.seq
          LIMIT least(greatest(max_rows, 1), 500)
        $f$;
      REVOKE ALL ON FUNCTION site_review_queue(text[], integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION site_review_queue(text[], integer) TO ${STATION_GROUP}, ${CONSOLE_GROUP};

      -- The image of an inconclusive scan (of any station), by the scan: the one file a station may
      -- read of another's. Its SHA-256 comes with it (the file's name, checked by site_files' CHECK).
      CREATE FUNCTION site_review_image(scan_station text, scan_ref text) RETURNS TABLE (sha256 text, bytes bytea)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$
          SELECT f.sha256, f.bytes
          FROM station_events v
          JOIN station_events i ON i.station = v.station AND i.kind IN ('xray.imageCaptured', 'xray.secondReview', 'item.markedSuspect')
            AND coalesce(i.payload_json->>'scanRef', i.payload_json->'xray'->>'scanRef') = v.payload_json->>'scanRef'
            AND i.kind = 'xray.imageCaptured'
          JOIN site_files f ON f.sha256 = i.payload_json->>'sha256'
          WHERE v.station = scan_station AND v.kind = 'xray.verdictRecorded' AND v.payload_json->>'verdict' = 'inconclusive'
            AND v.payload_json->>'scanRef' = scan_ref
          ORDER BY i.seq DESC LIMIT 1
        $f$;
      REVOKE ALL ON FUNCTION site_review_image(text, text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION site_review_image(text, text) TO ${STATION_GROUP}, ${CONSOLE_GROUP};

      ALTER TABLE site_review_answers ENABLE ROW LEVEL SECURITY;
      ALTER TABLE site_review_outcomes ENABLE ROW LEVEL SECURITY;
      -- Stations: answer in their own name only (never their own scans: the CHECK above), read the
      -- answers to their scans and their own answers; record outcomes for their own scans only.
      GRANT SELECT, INSERT ON site_review_answers TO ${STATION_GROUP};
      CREATE POLICY station_answers_as_itself ON site_review_answers FOR INSERT TO ${STATION_GROUP}
        WITH CHECK (by_station = (SELECT site_station_of(current_user)));
      CREATE POLICY station_reads_its_answers ON site_review_answers FOR SELECT TO ${STATION_GROUP}
        USING (station = (SELECT site_station_of(current_user)) OR by_station = (SELECT site_station_of(current_user)));
      GRANT SELECT, INSERT ON site_review_outcomes TO ${STATION_GROUP};
      CREATE POLICY station_decides_its_scans ON site_review_outcomes FOR INSERT TO ${STATION_GROUP}
        WITH CHECK (station = (SELECT site_station_of(current_user)));
      CREATE POLICY station_reads_its_outcomes ON site_review_outcomes FOR SELECT TO ${STATION_GROUP}
        USING (station = (SELECT site_station_of(current_user))
          OR answer_id IN (SELECT a.id FROM site_review_answers a WHERE a.by_station = (SELECT site_station_of(current_user))));
      -- The console reads them all, and answers as no station (its reviewer named in the row).
      GRANT SELECT ON site_review_answers, site_review_outcomes TO ${CONSOLE_GROUP};
      GRANT INSERT ON site_review_answers TO ${CONSOLE_GROUP};
      CREATE POLICY console_reads ON site_review_answers FOR SELECT TO ${CONSOLE_GROUP} USING (true);
      CREATE POLICY console_answers ON site_review_answers FOR INSERT TO ${CONSOLE_GROUP} WITH CHECK (by_station IS NULL);
      CREATE POLICY console_reads ON site_review_outcomes FOR SELECT TO ${CONSOLE_GROUP} USING (true);
    `,
  };
}

/**
 * Site schema version 12, the review's part: an answer that agrees with the review the scan's
 * station had already written is `concurring`, not dissent (dissent only when the verdict differs).
 */
export const CONCURRING_ANSWERS_SQL = `
    ALTER TABLE site_review_outcomes DROP CONSTRAINT site_review_outcomes_outcome_check;
    ALTER TABLE site_review_outcomes ADD CONSTRAINT site_review_outcomes_outcome_check
      CHECK (outcome IN ('written', 'dissent', 'concurring', 'refused'));
`;
