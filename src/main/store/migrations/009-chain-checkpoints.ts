import type { Migration } from './types.ts';

export const chainCheckpoints: Migration = {
  version: 9,
  name: 'verified checkpoints of the audit chain, so the everyday check hashes only what is new',
  up(db) {
    // A checkpoint says: at `at`, the chain from the genesis hash held up to event `seq`, whose
    // hash was `hash`. It vouches for nothing by itself: the everyday check re-hashes that event
    // and every later one, and `verify --full` ignores checkpoints altogether.
    db.exec(`
      CREATE TABLE audit_checkpoints (
        seq  INTEGER PRIMARY KEY,
        hash TEXT NOT NULL,
        at   TEXT NOT NULL
      ) STRICT;
    `);
  },
};
