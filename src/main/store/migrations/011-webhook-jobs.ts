import type { Migration } from './types.ts';

export const webhookJobs: Migration = {
  version: 11,
  name: 'webhook deliveries to the site\'s other systems, a job queue of the standard shape',
  up(db) {
    // The standard job table (see JobTable): lane = the endpoint's name, payload = what is sent
    // (the endpoint's URL, the body exactly as signed and sent, the event and its subject).
    db.exec(`
      CREATE TABLE webhook_jobs (
        id          INTEGER PRIMARY KEY,
        lane        TEXT NOT NULL,
        payload     TEXT NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error  TEXT,
        mode        TEXT NOT NULL CHECK (mode IN ('live', 'demo', 'drill')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX webhook_jobs_pending ON webhook_jobs (lane, id) WHERE state IN ('queued', 'running');

      CREATE TRIGGER webhook_jobs_content_fixed
      BEFORE UPDATE OF lane, payload, mode, created_at ON webhook_jobs
      BEGIN SELECT RAISE(ABORT, 'a webhook delivery''s content is fixed'); END;
      CREATE TRIGGER webhook_jobs_no_delete BEFORE DELETE ON webhook_jobs
      BEGIN SELECT RAISE(ABORT, 'webhook deliveries are kept: they cannot be deleted'); END;
    `);
  },
};
