import type { Migration } from './types.ts';

// Version 14: the recipients' personal data has a retention class of its own.
export const recipientRetention: Migration = {
  version: 14,
  name: 'records: a recipients retention class; signatures and photos whose bytes a purge removed keep their fingerprint',
  up(db) {
    db.exec(`
      -- The class list is a CHECK: the table is rebuilt with 'recipients' beside the others (no
      -- other table references it; its rows are copied as they are).
      CREATE TABLE retention_policy_014 (
        record_class TEXT PRIMARY KEY CHECK (record_class IN ('items', 'incidents', 'images', 'recipients')),
        days         INTEGER CHECK (days IS NULL OR days >= 0),
        updated_by   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      ) STRICT;
      INSERT INTO retention_policy_014 (record_class, days, updated_by, updated_at) SELECT record_class, days, updated_by, updated_at FROM retention_policy;
      DROP TABLE retention_policy;
      ALTER TABLE retention_policy_014 RENAME TO retention_policy;

      -- Like an X-ray scan whose picture a purge removed: the hand-over still names its signature
      -- and photo by SHA-256 (the hash the chain holds), the row stays for that reference, and only
      -- the strokes, the SVG and the JPEG go. purged_at says when.
      ALTER TABLE signatures ADD COLUMN purged_at TEXT;
      ALTER TABLE collection_photos ADD COLUMN purged_at TEXT;
      -- "Does a hand-over that is kept still name this signature or photo?" for each one purged.
      CREATE INDEX collections_signature ON collections (signature_sha256) WHERE signature_sha256 IS NOT NULL;
      CREATE INDEX collections_photo ON collections (photo_sha256) WHERE photo_sha256 IS NOT NULL;
    `);
  },
};
