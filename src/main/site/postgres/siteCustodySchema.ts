import { CONSOLE_GROUP, STATION_GROUP } from './siteSchemaParts.ts';

/** The event a station records when it hands an item over to another station (its receivedBy names the station). */
export const HAND_OVER_KIND = 'custody.handedOver';
/** The event the receiving station records against it. */
export const RECEIPT_KIND = 'custody.receivedFromStation';

/**
 * Custody between stations, at the site (part of site schema step 6). Each half of a transfer is
 * an event in its own station's chain: the hand-over (`custody.handedOver` to a station) in the
 * sender's, the receipt (`custody.receivedFromStation`) in the receiver's. As each arrives, in the
 * publish transaction, a trigger copies what the pair needs into site_custody_halves (one row per
 * half, keyed by the event: derived from the events alone, never written by anyone else), and the
 * view site_custody_pairs matches them: by the sender station and its custody ID (an item handed
 * over leaves its station for good: HANDED_OVER is final, so the two name one transfer), the
 * receipt counting only from the station the hand-over names. Whichever half comes first, the
 * pair is made when the other arrives.
 *
 * The trigger reads the payload's query copy defensively (types checked, nothing cast that can
 * fail): a half it cannot read is not copied, and never stops a station's publishing.
 */
export const CUSTODY_BETWEEN_STATIONS_SQL = `
  CREATE TABLE site_custody_halves (
    station      text NOT NULL,
    seq          bigint NOT NULL,
    half         text NOT NULL CHECK (half IN ('handOver', 'receipt')),
    -- The hand-over's own station; the station the receipt says it came from.
    from_station text NOT NULL,
    -- The item's custody ID at the sending station.
    custody_id   text NOT NULL,
    -- The station the hand-over names (null on a receipt: the receiver is its own station).
    to_station   text,
    -- The releasing operator (hand-over) or the receiving one (receipt), as the event names them.
    party        jsonb,
    seal_numbers jsonb NOT NULL,
    seal_intact  boolean,
    note         text,
    at           text NOT NULL,
    PRIMARY KEY (station, seq)
  );
  CREATE INDEX site_custody_halves_transfer ON site_custody_halves (from_station, custody_id);
  CREATE INDEX site_custody_halves_to ON site_custody_halves (to_station) WHERE half = 'handOver';

  -- The seal numbers as a sorted JSON array of strings (what a pair compares).
  CREATE FUNCTION site_sorted_seals(seals jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $f$ SELECT coalesce((SELECT jsonb_agg(s ORDER BY s) FROM jsonb_array_elements_text(seals) AS s), '[]'::jsonb) $f$;

  CREATE FUNCTION site_custody_halves_add() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $f$
    BEGIN
      INSERT INTO site_custody_halves (station, seq, half, from_station, custody_id, to_station, party, seal_numbers, seal_intact, note, at)
      SELECT a.station, a.seq, h.half, h.from_station, h.custody_id, h.to_station, h.party,
             CASE WHEN jsonb_typeof(a.payload_json->'sealNumbers') = 'array'
                   AND NOT EXISTS (SELECT FROM jsonb_array_elements(a.payload_json->'sealNumbers') e WHERE jsonb_typeof(e) <> 'string')
                  THEN a.payload_json->'sealNumbers' ELSE '[]'::jsonb END,
             CASE WHEN jsonb_typeof(a.payload_json->'sealIntact') = 'boolean' THEN (a.payload_json->'sealIntact') = 'true'::jsonb END,
             CASE WHEN jsonb_typeof(a.payload_json->h.note_field) = 'string' THEN a.payload_json->>h.note_field END,
             a.at
      FROM added a
      CROSS JOIN LATERAL (
        SELECT 'handOver' AS half, a.station AS from_station, a.subject_id AS custody_id, a.payload_json->'receivedBy'->>'station' AS to_station,
               a.payload_json->'releasedBy' AS party, 'reason' AS note_field
        WHERE a.kind = '${HAND_OVER_KIND}' AND a.subject_type = 'item' AND jsonb_typeof(a.payload_json) = 'object'
          AND jsonb_typeof(a.payload_json->'receivedBy') = 'object' AND a.payload_json->'receivedBy'->>'kind' = 'station'
          AND jsonb_typeof(a.payload_json->'receivedBy'->'station') = 'string'
        UNION ALL
        SELECT 'receipt', a.payload_json->>'fromStation', a.payload_json->>'custodyId', NULL, a.payload_json->'receivedBy', 'note'
        WHERE a.kind = '${RECEIPT_KIND}' AND jsonb_typeof(a.payload_json) = 'object'
          AND jsonb_typeof(a.payload_json->'fromStation') = 'string' AND jsonb_typeof(a.payload_json->'custodyId') = 'string'
      ) AS h
      WHERE a.kind IN ('${HAND_OVER_KIND}', '${RECEIPT_KIND}');
      RETURN NULL;
    END
    $f$;
  REVOKE ALL ON FUNCTION site_custody_halves_add() FROM PUBLIC;
  CREATE TRIGGER station_events_custody_halves AFTER INSERT ON station_events
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION site_custody_halves_add();
  CREATE TRIGGER site_custody_halves_append_only BEFORE UPDATE OR DELETE ON site_custody_halves FOR EACH ROW EXECUTE FUNCTION site_append_only();
  CREATE TRIGGER site_custody_halves_no_truncate BEFORE TRUNCATE ON site_custody_halves FOR EACH STATEMENT EXECUTE FUNCTION site_append_only();

  -- The pairs: every hand-over to a station with the receipt its addressee recorded (pending while
  -- there is none), and every receipt no such hand-over matches (its hand-over not at the site yet,
  -- or recorded by a station the hand-over does not name). Read with the reader's own rights.
  CREATE VIEW site_custody_pairs WITH (security_invoker = true) AS
    SELECT coalesce(h.from_station, r.from_station) AS from_station,
           coalesce(h.custody_id, r.custody_id) AS custody_id,
           h.to_station,
           h.seq AS handed_over_seq, h.at AS handed_over_at, h.party AS released_by, h.seal_numbers AS sent_seals, h.note AS reason,
           r.station AS received_at_station, r.seq AS received_seq, r.at AS received_at, r.party AS received_by,
           r.seal_numbers AS received_seals, r.seal_intact, r.note AS receipt_note,
           CASE
             WHEN r.station IS NULL THEN 'pending'
             WHEN h.station IS NULL AND EXISTS (SELECT FROM site_custody_halves o WHERE o.half = 'handOver' AND o.from_station = r.from_station AND o.custody_id = r.custody_id) THEN 'wrong-station'
             WHEN h.station IS NULL THEN 'receipt-only'
             WHEN r.seal_intact IS NOT TRUE OR site_sorted_seals(h.seal_numbers) <> site_sorted_seals(r.seal_numbers) THEN 'seals-mismatch'
             ELSE 'received'
           END AS status
    FROM (SELECT * FROM site_custody_halves WHERE half = 'handOver') AS h
    FULL JOIN (SELECT * FROM site_custody_halves WHERE half = 'receipt') AS r
      ON r.from_station = h.from_station AND r.custody_id = h.custody_id AND r.station = h.to_station;

  ALTER TABLE site_custody_halves ENABLE ROW LEVEL SECURITY;
  -- A station reads the halves it is part of (sent, addressed to it, received by it, or saying they
  -- came from it); it writes none: they come from its published events only.
  GRANT SELECT ON site_custody_halves TO ${STATION_GROUP};
  CREATE POLICY station_reads_own_transfers ON site_custody_halves FOR SELECT TO ${STATION_GROUP}
    USING ((SELECT site_station_of(current_user)) IN (station, from_station, to_station));
  GRANT SELECT ON site_custody_pairs TO ${STATION_GROUP}, ${CONSOLE_GROUP};
  GRANT SELECT ON site_custody_halves TO ${CONSOLE_GROUP};
  CREATE POLICY console_reads ON site_custody_halves FOR SELECT TO ${CONSOLE_GROUP} USING (true);
`;

/**
 * Set (transaction-local) by `site_custody_halves_rebuild`: the one time the halves may be emptied. Only the
 * site's administrator holds DELETE on them at all, and could set it by hand as they could drop the trigger.
 */
const REBUILDING = 'mailscreen.custody_halves_rebuild';

/**
 * Site schema version 12, custody's part: the halves are rebuilt from the events like the other
 * projections (`site rebuild`). What one event makes is one function, `site_custody_half_of`,
 * used by the publish trigger as each half arrives and by `site_custody_halves_rebuild()`, which
 * empties the table and makes it again from every published event (the caller's transaction: the
 * site rebuild's). Nothing else may remove or change a half: the guard refuses UPDATE, TRUNCATE and
 * any DELETE without that function's flag.
 */
export const CUSTODY_HALVES_REBUILD_SQL = `
  CREATE FUNCTION site_custody_half_of(e_station text, e_seq bigint, e_kind text, e_subject_type text, e_subject_id text, e_payload jsonb, e_at text)
    RETURNS TABLE (station text, seq bigint, half text, from_station text, custody_id text, to_station text, party jsonb,
                   seal_numbers jsonb, seal_intact boolean, note text, at text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $f$
      SELECT e_station, e_seq, h.half, h.from_station, h.custody_id, h.to_station, h.party,
             CASE WHEN jsonb_typeof(e_payload->'sealNumbers') = 'array'
                   AND NOT EXISTS (SELECT FROM jsonb_array_elements(e_payload->'sealNumbers') e WHERE jsonb_typeof(e) <> 'string')
                  THEN e_payload->'sealNumbers' ELSE '[]'::jsonb END,
             CASE WHEN jsonb_typeof(e_payload->'sealIntact') = 'boolean' THEN (e_payload->'sealIntact') = 'true'::jsonb END,
             CASE WHEN jsonb_typeof(e_payload->h.note_field) = 'string' THEN e_payload->>h.note_field END,
             e_at
      FROM (
        SELECT 'handOver' AS half, e_station AS from_station, e_subject_id AS custody_id, e_payload->'receivedBy'->>'station' AS to_station,
               e_payload->'releasedBy' AS party, 'reason' AS note_field
        WHERE e_kind = '${HAND_OVER_KIND}' AND e_subject_type = 'item' AND jsonb_typeof(e_payload) = 'object'
          AND jsonb_typeof(e_payload->'receivedBy') = 'object' AND e_payload->'receivedBy'->>'kind' = 'station'
          AND jsonb_typeof(e_payload->'receivedBy'->'station') = 'string'
        UNION ALL
        SELECT 'receipt', e_payload->>'fromStation', e_payload->>'custodyId', NULL, e_payload->'receivedBy', 'note'
        WHERE e_kind = '${RECEIPT_KIND}' AND jsonb_typeof(e_payload) = 'object'
          AND jsonb_typeof(e_payload->'fromStation') = 'string' AND jsonb_typeof(e_payload->'custodyId') = 'string'
      ) AS h
    $f$;
  REVOKE ALL ON FUNCTION site_custody_half_of(text, bigint, text, text, text, jsonb, text) FROM PUBLIC;

  CREATE OR REPLACE FUNCTION site_custody_halves_add() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $f$
    BEGIN
      INSERT INTO site_custody_halves (station, seq, half, from_station, custody_id, to_station, party, seal_numbers, seal_intact, note, at)
      SELECT h.* FROM added a
      CROSS JOIN LATERAL site_custody_half_of(a.station, a.seq, a.kind, a.subject_type, a.subject_id, a.payload_json, a.at) AS h
      WHERE a.kind IN ('${HAND_OVER_KIND}', '${RECEIPT_KIND}');
      RETURN NULL;
    END
    $f$;

  CREATE FUNCTION site_custody_halves_rebuild() RETURNS bigint
    LANGUAGE plpgsql SET search_path = public, pg_temp
    AS $f$
    DECLARE made bigint;
    BEGIN
      PERFORM set_config('${REBUILDING}', 'on', true);
      DELETE FROM site_custody_halves;
      PERFORM set_config('${REBUILDING}', 'off', true);
      INSERT INTO site_custody_halves (station, seq, half, from_station, custody_id, to_station, party, seal_numbers, seal_intact, note, at)
      SELECT h.* FROM station_events a
      CROSS JOIN LATERAL site_custody_half_of(a.station, a.seq, a.kind, a.subject_type, a.subject_id, a.payload_json, a.at) AS h
      WHERE a.kind IN ('${HAND_OVER_KIND}', '${RECEIPT_KIND}')
      ORDER BY a.station, a.seq;
      GET DIAGNOSTICS made = ROW_COUNT;
      RETURN made;
    END
    $f$;
  REVOKE ALL ON FUNCTION site_custody_halves_rebuild() FROM PUBLIC;

  CREATE FUNCTION site_custody_halves_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp
    AS $f$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('${REBUILDING}', true) = 'on' THEN RETURN OLD; END IF;
      RAISE EXCEPTION '% is append-only: its halves are made from the published events only, and site rebuild alone makes them again', TG_TABLE_NAME;
    END
    $f$;
  DROP TRIGGER site_custody_halves_append_only ON site_custody_halves;
  DROP TRIGGER site_custody_halves_no_truncate ON site_custody_halves;
  CREATE TRIGGER site_custody_halves_guard BEFORE UPDATE OR DELETE ON site_custody_halves FOR EACH ROW EXECUTE FUNCTION site_custody_halves_guard();
  CREATE TRIGGER site_custody_halves_no_truncate BEFORE TRUNCATE ON site_custody_halves FOR EACH STATEMENT EXECUTE FUNCTION site_custody_halves_guard();
`;
