// The group roles, by name (siteSchema.ts owns them and lists this step; repeated here so this
// module stays a leaf, not an import cycle).
const STATION_GROUP = 'mailscreen_station';
const CONSOLE_GROUP = 'mailscreen_console';

/** The projection tables, in the order a rebuild empties them. */
export const PROJECTION_TABLES = ['site_items', 'site_custody_transfers', 'site_incidents', 'site_incident_steps', 'site_operators', 'site_device_warnings'] as const;

/**
 * Site schema version 2: the site's views of every station's record, projected from
 * station_events by the station's own replay (verify's). Every cell is text as the replay makes it
 * (numbers and JSON in their canonical text, flags 'true'/'false' or '1'/'0' as the station's
 * table holds them), null also where the events do not carry the value. Each row says which event
 * of its station last touched its subject (updated_seq, updated_at: that event's own `at`).
 *
 * Not append-only (a rebuild empties them, a purge removes rows): they are derived, and
 * `site rebuild` makes them again from the events alone. The console reads them; stations have no
 * right on them at all (neither read: other stations' rows; nor write).
 */
export const PROJECTION_MIGRATION: { readonly version: number; readonly name: string; readonly sql: string } = {
  version: 2,
  name: 'projections of the published events: items, custody, incidents and their steps, operators, device warnings',
  sql: `
    -- How far each station's events are projected. held_*: why the projection stops before the
    -- station's head (a chain alarm, an event that does not hash to its hash). released_alarm: the
    -- last of the station's alarms the administrator has dealt with (site project --release):
    -- only a later alarm holds the projection.
    CREATE TABLE site_projection_heads (
      station        text PRIMARY KEY REFERENCES site_stations,
      seq            bigint NOT NULL CHECK (seq >= 0),
      hash           text NOT NULL,
      projected_at   timestamptz NOT NULL DEFAULT now(),
      held_at_seq    bigint,
      held_reason    text,
      released_alarm bigint NOT NULL DEFAULT 0
    );

    CREATE TABLE site_items (
      station text NOT NULL, custody_id text NOT NULL,
      tracking_number text, carrier text, scanned_code text, match_key text, symbology text, state text, mode text,
      received_by text, item_type text, recipient text, sender text, dimensions text, incident_number text,
      screened text, disposition text,
      updated_seq bigint NOT NULL, updated_at text NOT NULL,
      PRIMARY KEY (station, custody_id)
    );
    CREATE INDEX site_items_match_key ON site_items (match_key);
    CREATE INDEX site_items_tracking_number ON site_items (tracking_number);
    CREATE INDEX site_items_state ON site_items (state, station);

    CREATE TABLE site_custody_transfers (
      station text NOT NULL, custody_id text NOT NULL, n integer NOT NULL CHECK (n > 0),
      incident_number text, kind text, released_by text, received_by text, reason text, seal_numbers text,
      seal_intact text, location text, second_by text, recorded_by text,
      updated_seq bigint NOT NULL, updated_at text NOT NULL,
      PRIMARY KEY (station, custody_id, n)
    );

    CREATE TABLE site_incidents (
      station text NOT NULL, number text NOT NULL,
      custody_id text, type text, mode text, reason text, protocol text, details text, outcome text,
      lab_reference text, corrective_actions text, opened_by text, closed_by text, closed_second_by text, closed text,
      updated_seq bigint NOT NULL, updated_at text NOT NULL,
      PRIMARY KEY (station, number)
    );
    CREATE INDEX site_incidents_open ON site_incidents (closed, station);

    CREATE TABLE site_incident_steps (
      station text NOT NULL, incident_number text NOT NULL, step_id text NOT NULL,
      acknowledged_by text, second_by text, note text, could_not_because text,
      updated_seq bigint NOT NULL, updated_at text NOT NULL,
      PRIMARY KEY (station, incident_number, step_id)
    );

    CREATE TABLE site_operators (
      station text NOT NULL, operator_id text NOT NULL,
      badge text, name text, role text, pin_record text, active text, pin_to_change text,
      updated_seq bigint NOT NULL, updated_at text NOT NULL,
      PRIMARY KEY (station, operator_id)
    );

    CREATE TABLE site_device_warnings (
      station text NOT NULL, device_id text NOT NULL,
      warnings text, last_kind text, last_detail text, last_scan_ref text, last_at text,
      updated_seq bigint NOT NULL, updated_at text NOT NULL,
      PRIMARY KEY (station, device_id)
    );

    REVOKE ALL ON site_projection_heads, site_items, site_custody_transfers, site_incidents, site_incident_steps, site_operators, site_device_warnings FROM PUBLIC, ${STATION_GROUP};
    GRANT SELECT ON site_projection_heads, site_items, site_custody_transfers, site_incidents, site_incident_steps, site_operators, site_device_warnings TO ${CONSOLE_GROUP};
  `,
};
