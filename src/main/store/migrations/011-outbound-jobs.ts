import type { Migration } from './types.ts';

export const outboundJobs: Migration = {
  version: 11,
  name: 'outbound deliveries: webhooks to the site\'s other systems and e-mail notices, job queues of the standard shape',
  up(db) {
    // Standard job tables (see JobTable). webhook_jobs: lane = the endpoint's name, payload = the
    // body exactly as signed and sent, the event and its subject. notice_jobs: lane = the mail
    // server, payload = the message (its addressees are personal data: they stay here, out of the
    // audit log, which holds their count and the message's hash).
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

      CREATE TABLE notice_jobs (
        id          INTEGER PRIMARY KEY,
        lane        TEXT NOT NULL,
        payload     TEXT NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error  TEXT,
        mode        TEXT NOT NULL CHECK (mode IN ('live', 'demo', 'drill')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        -- What the notice is about, read from its payload, for the item's history and for "was a
        -- reminder sent?" (generated, so the generic job table writes these rows as any other).
        custody_id  TEXT GENERATED ALWAYS AS (json_extract(payload, '$.custodyId')) VIRTUAL,
        notice      TEXT GENERATED ALWAYS AS (json_extract(payload, '$.notice')) VIRTUAL
      ) STRICT;
      CREATE INDEX notice_jobs_pending ON notice_jobs (lane, id) WHERE state IN ('queued', 'running');
      CREATE INDEX notice_jobs_item ON notice_jobs (custody_id, notice);
      CREATE TRIGGER notice_jobs_content_fixed
      BEFORE UPDATE OF lane, payload, mode, created_at ON notice_jobs
      BEGIN SELECT RAISE(ABORT, 'a notice''s content is fixed'); END;
    `);
  },
};
