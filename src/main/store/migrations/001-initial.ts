import type { Migration } from './types.ts';

export const initial: Migration = {
  version: 1,
  name: 'items, operators and the append-only audit log',
  up(db) {
    db.exec(`
      CREATE TABLE station_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE operators (
        id              TEXT PRIMARY KEY,
        badge           TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        role            TEXT NOT NULL CHECK (role IN ('screener', 'coordinator', 'admin')),
        pin_salt        TEXT NOT NULL,
        pin_hash        TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until    TEXT,
        created_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE items (
        custody_id      TEXT PRIMARY KEY,
        tracking_number TEXT,
        carrier         TEXT,
        scanned_code    TEXT NOT NULL,
        match_key       TEXT NOT NULL,
        symbology       TEXT,
        state           TEXT NOT NULL,
        mode            TEXT NOT NULL CHECK (mode IN ('live', 'demo', 'drill')),
        received_at     TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        received_by     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX items_match_key ON items (match_key, mode, state);
      CREATE INDEX items_tracking_number ON items (tracking_number);
      CREATE INDEX items_updated_at ON items (updated_at);

      CREATE TABLE audit_events (
        seq          INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        station      TEXT NOT NULL,
        kind         TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id   TEXT NOT NULL,
        mode         TEXT NOT NULL,
        payload      TEXT NOT NULL,
        prev_hash    TEXT NOT NULL,
        hash         TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id, seq);

      -- Evidence is never edited or removed in place: a correction is a new event.
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only: record a correction as a new event'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only: they cannot be deleted'); END;
    `);
  },
};
