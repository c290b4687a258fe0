import type { Migration } from './types.ts';

// Version 13: the collection counter's hand-overs and their proof.
export const collections: Migration = {
  version: 13,
  name: 'the collection counter: each item handed over with its proof, signatures as strokes and image, photos',
  up(db) {
    db.exec(`
      -- One row per item handed over at the counter (an item record: purged with its item). Several
      -- items taken at once share the collection's id and its proof. Replayed from the item's
      -- item.delivered event, whose receivedBy carries all of this.
      CREATE TABLE collections (
        id                  INTEGER PRIMARY KEY,
        collection_id       TEXT NOT NULL,
        custody_id          TEXT NOT NULL REFERENCES items (custody_id),
        recipient_key       TEXT NOT NULL,
        recipient_name      TEXT NOT NULL,
        collector           TEXT NOT NULL CHECK (collector IN ('recipient', 'proxy')),
        proxy_key           TEXT,
        proxy_name          TEXT,
        -- On whose word a proxy collected: 'standingProxy', 'departmentContact' (authorised_by: the contact's e-mail) or NULL (none, where policy allows).
        authority           TEXT,
        authorised_by       TEXT,
        id_number           TEXT,
        signature_sha256    TEXT REFERENCES signatures (sha256),
        photo_sha256        TEXT REFERENCES collection_photos (sha256),
        operator_id         TEXT NOT NULL,
        at                  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX collections_item ON collections (custody_id, id);
      CREATE INDEX collections_collection ON collections (collection_id);
      -- The counter lists a person's waiting items from their recipient choices.
      CREATE INDEX item_recipients_person ON item_recipients (person_key) WHERE person_key IS NOT NULL;

      -- A signature drawn at the counter, by the SHA-256 of its strokes' canonical JSON (the hash the
      -- chain holds): the vector strokes as drawn and the SVG drawn from them (with its own SHA-256).
      -- Kept in the database, not beside it, so it is written in the hand-over's transaction and
      -- goes into every backup with the record that names it.
      CREATE TABLE signatures (
        sha256        TEXT PRIMARY KEY,
        width         INTEGER NOT NULL,
        height        INTEGER NOT NULL,
        strokes       TEXT NOT NULL,
        svg           TEXT NOT NULL,
        svg_sha256    TEXT NOT NULL
      ) STRICT;

      -- A photo from the counter's camera (JPEG), by the SHA-256 of its bytes.
      CREATE TABLE collection_photos (
        sha256  TEXT PRIMARY KEY,
        jpeg    BLOB NOT NULL,
        bytes   INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
