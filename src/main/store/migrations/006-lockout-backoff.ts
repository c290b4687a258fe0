import type { Migration } from './types.ts';

export const lockoutBackoff: Migration = {
  version: 6,
  name: 'consecutive lockouts of a badge, so each lockout lasts longer than the one before',
  up(db) {
    // Counted until the badge's owner enters the right PIN or an admin (or the local CLI) unlocks
    // it: a stranger who keeps guessing gets fewer guesses per day, not five more every 15 minutes.
    db.exec('ALTER TABLE operators ADD COLUMN consecutive_lockouts INTEGER NOT NULL DEFAULT 0');
  },
};
