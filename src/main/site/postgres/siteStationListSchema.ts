import { CONSOLE_GROUP, STATION_GROUP, type SiteMigration } from './siteSchemaParts.ts';

/** The longest name the site's administrator may give a station (what a screen's list shows beside its ID). */
export const STATION_NAME_MAX = 80;

/**
 * What a station's name may not hold: control characters, and the invisible ones that change how
 * the rest is shown (zero-width characters, bidirectional overrides and isolates, the BOM), with
 * which one name could be made to look like another in a station's list.
 */
export const UNPRINTABLE_NAME = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/u;
const UNPRINTABLE_SQL = '[[:cntrl:]\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\uFEFF]';

/**
 * Site schema version 11: the site's stations as a station may know them, for custody hand-overs.
 *
 * `site_stations.name` is what the site's administrator calls a station ("Security office",
 * "Mailroom B"), set with `site add-station <id> --name …` or `site name-station <id> --name …`: one
 * line of at most 80 printable characters (no control or invisible formatting character), or none. A station's role reads nothing of
 * `site_stations` (row-level security, no policy for it: its login role's name is there); it calls
 * `site_station_list()`, a SECURITY DEFINER function that gives each station's ID and name and
 * nothing else (not its role, not when it joined), so a station learns which stations it may hand
 * an item to, and no more.
 */
export function stationListMigration(): SiteMigration {
  return {
    version: 11,
    name: "stations' names, and the list of the site's stations (IDs and names only) for a station's custody hand-overs",
    sql: `
      ALTER TABLE site_stations ADD COLUMN name text
        CONSTRAINT site_stations_name CHECK (name IS NULL OR (char_length(name) BETWEEN 1 AND ${STATION_NAME_MAX} AND name = btrim(name) AND name !~ '${UNPRINTABLE_SQL}'));

      CREATE FUNCTION site_station_list() RETURNS TABLE (station text, name text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$ SELECT s.station, s.name FROM site_stations s ORDER BY s.station $f$;
      REVOKE ALL ON FUNCTION site_station_list() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION site_station_list() TO ${STATION_GROUP}, ${CONSOLE_GROUP};
    `,
  };
}
