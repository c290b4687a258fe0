import type { Migration } from './types.ts';

// Version 17: a hand-over's receipt may be filed under another item of the same hand-over.
export const receiptFiledUnderHandOver: Migration = {
  version: 17,
  name: "notices: a hand-over's receipt is filed under another of its items when the first is purged whole",
  up(db) {
    db.exec(`
      -- A receipt is one e-mail for every item of a hand-over, filed under the first
      -- (notice_jobs.custody_id, generated from the payload's custodyId). An item purged whole
      -- takes its notices: while another item of the hand-over stays (on hold, in a kept incident,
      -- within retention), the purge files the receipt under that one instead of losing it. A
      -- notice's content stays fixed: the only change let through is a receipt's custodyId, to an
      -- item of the same hand-over (the message, its addressees and attachments, the lane, the
      -- mode and the time are as they were).
      DROP TRIGGER notice_jobs_content_fixed;
      CREATE TRIGGER notice_jobs_content_fixed
      BEFORE UPDATE OF lane, payload, mode, created_at ON notice_jobs
      WHEN NEW.lane IS NOT OLD.lane OR NEW.mode IS NOT OLD.mode OR NEW.created_at IS NOT OLD.created_at
        OR NOT (
          OLD.notice = 'receipt'
          AND json_type(NEW.payload, '$.custodyId') = 'text'
          AND json_set(NEW.payload, '$.custodyId', NULL) = json_set(OLD.payload, '$.custodyId', NULL)
          AND EXISTS (SELECT 1 FROM collections mine JOIN collections other ON other.collection_id = mine.collection_id
                      WHERE mine.custody_id = OLD.custody_id AND other.custody_id = json_extract(NEW.payload, '$.custodyId')))
      BEGIN SELECT RAISE(ABORT, 'a notice''s content is fixed'); END;
    `);
  },
};
