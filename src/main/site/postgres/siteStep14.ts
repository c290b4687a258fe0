import type { SiteMigration } from './siteSchemaParts.ts';

/**
 * A name folded as the station's full-text index folds it (FTS5 `unicode61 remove_diacritics 2`):
 * a Latin letter loses its accents (ë e, Ç C, ễ e), other scripts keep theirs (й stays й, as at
 * the station), in NFC. A function of the site schema's own, not the contrib `unaccent`: that one
 * folds more than the station does (ø o, ß ss, æ ae) and is not IMMUTABLE, so an index on it needs
 * a wrapper anyway; this one needs no extension and no superuser, and PostgreSQL's `normalize`
 * (UTF-8 databases, which a site is: its events are Unicode JSON) is IMMUTABLE. PostgreSQL's
 * regular expressions have no \p{M}: the combining marks are the block U+0300–U+036F, where every
 * mark a Latin letter decomposes to lies.
 */
export const SITE_FOLDED_SQL = `
  CREATE FUNCTION site_folded(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $f$ SELECT normalize(regexp_replace(normalize(name, NFD), '([A-Za-z])[\\u0300-\\u036f]+', '\\1', 'g'), NFC) $f$;
`;

/**
 * The recipient's words as the console's search matches them (consoleSearch.ts RECIPIENT_WORDS is
 * this expression): folded, punctuation made spaces, PostgreSQL's `simple` configuration. Version
 * 13's index (unfolded) gives way to one on this.
 */
export const RECIPIENT_FOLDED_WORDS = `to_tsvector('simple', regexp_replace(site_folded(coalesce(recipient, '')), '[[:punct:]]+', ' ', 'g'))`;

/**
 * Site schema version 14 (issue 13's follow-ups):
 *
 * - the console's recipient search folds accents as the station's does (`zoe` finds "Zoë", `CAFE`
 *   "Café"): site_folded, and the recipient index made again on the folded words;
 * - an item's received time (`site_items.received_at`: the `at` of its intake event, `item.received`
 *   or `drill.started`; projectionTables.ts), written by the projection (the follower and
 *   `site rebuild`), indexed for the console's "received" range at every station and at one (in
 *   byte order there, as one station's lists are). The rows already at the site have none until
 *   `site rebuild` makes them again (or the follower writes an item again at its next event):
 *   `site init` says so when it applies this step to a site that has items.
 */
export const SITE_STEP_14: SiteMigration = {
  version: 14,
  name: "the console's recipient search folds accents as the station's does; items' received time (site rebuild fills the rows already there)",
  afterUpgrade:
    "site schema 14 gives the site's items their received time: run `site rebuild` (as the site's administrator) so the items already at the site get theirs; until then the console's \"received\" filter finds only the items the follower has written since",
  sql: `
    ${SITE_FOLDED_SQL}
    DROP INDEX site_items_recipient_words;
    CREATE INDEX site_items_recipient_folded ON site_items USING gin (${RECIPIENT_FOLDED_WORDS});
    ALTER TABLE site_items ADD COLUMN received_at text;
    CREATE INDEX site_items_received ON site_items (received_at);
    CREATE INDEX site_items_station_received ON site_items (station, received_at COLLATE "C");
  `,
};
