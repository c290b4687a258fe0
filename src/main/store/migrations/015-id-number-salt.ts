import type { Migration } from './types.ts';

// Version 15: a hand-over's ID number leaves the audit chain; the chain keeps its salted hash.
export const idNumberSalt: Migration = {
  version: 15,
  name: "the collection counter: the ID number's salt of each hand-over, beside the number it hides in the chain",
  up(db) {
    db.exec(`
      -- The item.delivered event of a hand-over holds the HMAC-SHA256 of the ID number keyed by this
      -- salt (32 random bytes, hex), no longer the number: the chain cannot be edited and would keep
      -- it past every retention. The salt is personal data like the number: the recipients retention
      -- clears both, and then the hash in the chain names no number, not even to someone who tries
      -- them all. NULL on the rows of before (their events hold the number itself) and on rows without one.
      ALTER TABLE collections ADD COLUMN id_number_salt TEXT;
    `);
  },
};
