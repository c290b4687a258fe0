import type { Migration } from './types.ts';

export const screeningWorkflow: Migration = {
  version: 3,
  name: 'screening workflow: weighing, inspection, X-ray, incidents, custody, training, site settings',
  up(db) {
    db.exec(`
      ALTER TABLE items ADD COLUMN item_type TEXT;
      ALTER TABLE items ADD COLUMN recipient TEXT;
      ALTER TABLE items ADD COLUMN sender TEXT;
      ALTER TABLE items ADD COLUMN dimensions TEXT;
      ALTER TABLE items ADD COLUMN incident_id INTEGER REFERENCES incidents (id);
      ALTER TABLE items ADD COLUMN screened TEXT;
      ALTER TABLE items ADD COLUMN disposition TEXT;

      CREATE TABLE site_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE training_records (
        id           INTEGER PRIMARY KEY,
        operator_id  TEXT NOT NULL REFERENCES operators (id),
        kind         TEXT NOT NULL,
        completed_on TEXT NOT NULL,
        expires_on   TEXT NOT NULL,
        trainer      TEXT,
        recorded_by  TEXT NOT NULL,
        recorded_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX training_records_operator ON training_records (operator_id, kind, expires_on);

      CREATE TABLE weighings (
        id            INTEGER PRIMARY KEY,
        custody_id    TEXT NOT NULL REFERENCES items (custody_id),
        grams         REAL NOT NULL,
        source        TEXT NOT NULL CHECK (source IN ('scale', 'manual')),
        reading       TEXT,
        manual_reason TEXT,
        operator_id   TEXT NOT NULL,
        at            TEXT NOT NULL
      ) STRICT;
      CREATE INDEX weighings_item ON weighings (custody_id, id);

      CREATE TABLE step_skips (
        id          INTEGER PRIMARY KEY,
        custody_id  TEXT NOT NULL REFERENCES items (custody_id),
        step        TEXT NOT NULL,
        reason      TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX step_skips_item ON step_skips (custody_id);

      CREATE TABLE inspections (
        id          INTEGER PRIMARY KEY,
        custody_id  TEXT NOT NULL REFERENCES items (custody_id),
        indicators  TEXT NOT NULL,
        notes       TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX inspections_item ON inspections (custody_id, id);

      CREATE TABLE xray_scans (
        id                 INTEGER PRIMARY KEY,
        custody_id         TEXT NOT NULL REFERENCES items (custody_id),
        device_id          TEXT NOT NULL,
        scan_ref           TEXT NOT NULL UNIQUE,
        image_sha256       TEXT,
        image_file         TEXT,
        verdict            TEXT,
        findings           TEXT NOT NULL DEFAULT '[]',
        notes              TEXT NOT NULL DEFAULT '',
        reviewer_id        TEXT,
        second_verdict     TEXT,
        second_reviewer_id TEXT,
        second_notes       TEXT,
        requested_by       TEXT NOT NULL,
        requested_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX xray_scans_item ON xray_scans (custody_id, id);

      CREATE TABLE incidents (
        id                 INTEGER PRIMARY KEY,
        number             TEXT NOT NULL UNIQUE,
        custody_id         TEXT NOT NULL REFERENCES items (custody_id),
        type               TEXT NOT NULL,
        mode               TEXT NOT NULL CHECK (mode IN ('live', 'demo', 'drill')),
        reason             TEXT NOT NULL,
        protocol           TEXT NOT NULL,
        details            TEXT NOT NULL DEFAULT '{}',
        outcome            TEXT,
        lab_reference      TEXT,
        corrective_actions TEXT,
        opened_by          TEXT NOT NULL,
        opened_at          TEXT NOT NULL,
        closed_by          TEXT,
        closed_second_by   TEXT,
        closed_at          TEXT
      ) STRICT;
      CREATE INDEX incidents_open ON incidents (closed_at, mode);

      CREATE TABLE incident_steps (
        incident_id     INTEGER NOT NULL REFERENCES incidents (id),
        step_id         TEXT NOT NULL,
        acknowledged_by TEXT NOT NULL,
        second_by       TEXT,
        acknowledged_at TEXT NOT NULL,
        note            TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (incident_id, step_id)
      ) STRICT;

      CREATE TABLE incident_entries (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        kind        TEXT NOT NULL CHECK (kind IN ('person', 'notification', 'witness', 'responder')),
        data        TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX incident_entries_incident ON incident_entries (incident_id, kind, id);

      CREATE TABLE custody_transfers (
        id           INTEGER PRIMARY KEY,
        custody_id   TEXT NOT NULL REFERENCES items (custody_id),
        incident_id  INTEGER REFERENCES incidents (id),
        kind         TEXT NOT NULL CHECK (kind IN ('quarantine', 'transfer', 'handOver', 'release', 'destroy')),
        released_by  TEXT NOT NULL,
        received_by  TEXT NOT NULL,
        reason       TEXT NOT NULL,
        seal_numbers TEXT NOT NULL,
        seal_intact  INTEGER,
        location     TEXT,
        second_by    TEXT,
        recorded_by  TEXT NOT NULL,
        at           TEXT NOT NULL
      ) STRICT;
      CREATE INDEX custody_transfers_item ON custody_transfers (custody_id, id);
    `);
  },
};
