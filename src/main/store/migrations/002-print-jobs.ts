import type { Migration } from './types.ts';

export const printJobs: Migration = {
  version: 2,
  name: 'persisted label print queue',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        id          INTEGER PRIMARY KEY,
        printer_id  TEXT NOT NULL,
        template    TEXT NOT NULL,
        subject     TEXT,
        -- The ZPL exactly as sent to the printer: the label is evidence, so it is kept, not re-rendered.
        payload     TEXT NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
        attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error  TEXT,
        reprint_of  INTEGER REFERENCES print_jobs (id),
        mode        TEXT NOT NULL CHECK (mode IN ('live', 'demo', 'drill')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      -- The worker's question: the oldest unfinished job of a printer. Finished jobs are most rows
      -- and never asked for, so they stay out of this index.
      CREATE INDEX print_jobs_pending ON print_jobs (printer_id, id) WHERE state IN ('queued', 'printing');
      CREATE INDEX print_jobs_subject ON print_jobs (subject);
      CREATE INDEX print_jobs_reprint_of ON print_jobs (reprint_of);

      -- A job's state moves; what it prints, where, and for whom never changes, and no job is
      -- removed: a reprint is a new job.
      CREATE TRIGGER print_jobs_content_fixed
      BEFORE UPDATE OF printer_id, template, subject, payload, reprint_of, mode, created_at ON print_jobs
      BEGIN SELECT RAISE(ABORT, 'a print job''s content is fixed: queue a reprint instead'); END;
      CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs
      BEGIN SELECT RAISE(ABORT, 'print jobs are kept: they cannot be deleted'); END;
    `);
  },
};
