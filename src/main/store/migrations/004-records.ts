import type { Migration } from './types.ts';

export const records: Migration = {
  version: 4,
  name: 'records management: search indexes, recipient full-text index, retention policy, legal holds',
  up(db) {
    db.exec(`
      -- Search lists newest first and pages by (received_at, custody_id): both indexes end in that
      -- order so a page is a walk down the index, never a sort of every match.
      CREATE INDEX items_received ON items (received_at, custody_id);
      CREATE INDEX items_state_received ON items (state, received_at, custody_id);

      -- Purge deletes parents whose children are checked by foreign keys: without these, every
      -- deleted item or incident would scan the child table.
      CREATE INDEX items_incident ON items (incident_id) WHERE incident_id IS NOT NULL;
      CREATE INDEX incidents_item ON incidents (custody_id);
      CREATE INDEX custody_transfers_incident ON custody_transfers (incident_id) WHERE incident_id IS NOT NULL;
      -- Images are content-addressed and may be shared by scans: a file is removed only when no
      -- remaining scan names it.
      CREATE INDEX xray_scans_image ON xray_scans (image_sha256) WHERE image_sha256 IS NOT NULL;

      -- Period questions (the daily log, an audit export for a period) ask by time; without this
      -- each would read the whole log.
      CREATE INDEX audit_events_at ON audit_events (at);

      -- Recipient search by word prefix ("smi" finds "John Smith", "muller" finds "Müller").
      -- External content: the words are indexed, the text stays in items alone.
      CREATE VIRTUAL TABLE items_recipient_fts USING fts5 (
        recipient, content = 'items', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      CREATE TRIGGER items_recipient_fts_insert AFTER INSERT ON items WHEN new.recipient IS NOT NULL
      BEGIN INSERT INTO items_recipient_fts (rowid, recipient) VALUES (new.rowid, new.recipient); END;
      CREATE TRIGGER items_recipient_fts_update AFTER UPDATE OF recipient ON items
      BEGIN
        INSERT INTO items_recipient_fts (items_recipient_fts, rowid, recipient)
          SELECT 'delete', old.rowid, old.recipient WHERE old.recipient IS NOT NULL;
        INSERT INTO items_recipient_fts (rowid, recipient) SELECT new.rowid, new.recipient WHERE new.recipient IS NOT NULL;
      END;
      CREATE TRIGGER items_recipient_fts_delete AFTER DELETE ON items WHEN old.recipient IS NOT NULL
      BEGIN INSERT INTO items_recipient_fts (items_recipient_fts, rowid, recipient) VALUES ('delete', old.rowid, old.recipient); END;
      INSERT INTO items_recipient_fts (items_recipient_fts) VALUES ('rebuild');

      -- Days a record class is kept after its disposition; NULL keeps it for ever (the default:
      -- nothing is purged until the site decides its policy).
      CREATE TABLE retention_policy (
        record_class TEXT PRIMARY KEY CHECK (record_class IN ('items', 'incidents', 'images')),
        days         INTEGER CHECK (days IS NULL OR days >= 0),
        updated_by   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE legal_holds (
        id             INTEGER PRIMARY KEY,
        subject_type   TEXT NOT NULL CHECK (subject_type IN ('item', 'incident')),
        subject_id     TEXT NOT NULL,
        reason         TEXT NOT NULL,
        placed_by      TEXT NOT NULL,
        placed_at      TEXT NOT NULL,
        released_by    TEXT,
        released_at    TEXT,
        release_reason TEXT
      ) STRICT;
      CREATE INDEX legal_holds_active ON legal_holds (subject_type, subject_id) WHERE released_at IS NULL;
      -- A hold is evidence of why records were kept: it is released, once, never edited or removed.
      CREATE TRIGGER legal_holds_placement_fixed
      BEFORE UPDATE OF subject_type, subject_id, reason, placed_by, placed_at ON legal_holds
      BEGIN SELECT RAISE(ABORT, 'a legal hold''s placement is fixed: release it and place a new one'); END;
      CREATE TRIGGER legal_holds_release_once BEFORE UPDATE OF released_by, released_at, release_reason ON legal_holds
      WHEN old.released_at IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'this legal hold is already released'); END;
      CREATE TRIGGER legal_holds_no_delete BEFORE DELETE ON legal_holds
      BEGIN SELECT RAISE(ABORT, 'legal holds are kept: release a hold instead of deleting it'); END;
    `);
  },
};
