import type { Migration } from './types.ts';

// Version 12: 11 is the webhook jobs' table (another branch); migrate() runs whatever is pending in order.
export const recipientDirectory: Migration = {
  version: 12,
  name: 'the recipient directory: people, departments with key contacts, standing proxies, and the recipient chosen for an item',
  up(db) {
    db.exec(`
      -- One person as the directory last gave them. Never deleted: a person the source no longer
      -- lists is marked removed (active = 0), so the items chosen for them still name someone.
      CREATE TABLE directory_people (
        key         TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        email       TEXT,
        department  TEXT,
        location    TEXT,
        employee_id TEXT,
        badge       TEXT,
        source      TEXT NOT NULL CHECK (source IN ('csv', 'ldap')),
        active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        -- The audit event of the row's last change: the search's in-memory index is rebuilt when the newest one moves.
        changed_seq INTEGER NOT NULL
      ) STRICT;
      -- A badge scanned at the counter names one person: unique among the people in the directory now
      -- (a removed person's badge may be handed to someone else).
      CREATE UNIQUE INDEX directory_people_badge ON directory_people (badge) WHERE badge IS NOT NULL AND active = 1;
      CREATE INDEX directory_people_changed ON directory_people (changed_seq);

      -- A department's key contacts (JSON [{name, email}]): where an unanswered notice escalates.
      CREATE TABLE directory_departments (
        name     TEXT PRIMARY KEY,
        contacts TEXT NOT NULL
      ) STRICT;

      -- A standing proxy: proxy_key may collect the items of person_key.
      CREATE TABLE directory_proxies (
        person_key TEXT NOT NULL,
        proxy_key  TEXT NOT NULL,
        PRIMARY KEY (person_key, proxy_key)
      ) STRICT;

      -- Each choice of an item's recipient, in order (the last one holds): a directory person, or a
      -- name typed by the screener (person_key NULL). An item record: purged with its item.
      CREATE TABLE item_recipients (
        id          INTEGER PRIMARY KEY,
        custody_id  TEXT NOT NULL REFERENCES items (custody_id),
        person_key  TEXT,
        name        TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX item_recipients_item ON item_recipients (custody_id, id);
    `);
  },
};
