import type { Migration } from './types.ts';

export const operatorManagement: Migration = {
  version: 7,
  name: 'operators can be deactivated, and a PIN reset by an admin must be changed at the next login',
  up(db) {
    // A deactivated operator keeps their row (their name stays on every record they made); they
    // can no longer log in or sign. A PIN an admin set (a reset) is known to the admin, so its
    // owner replaces it before the station lets them do anything else.
    db.exec(`
      ALTER TABLE operators ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
      ALTER TABLE operators ADD COLUMN must_change_pin INTEGER NOT NULL DEFAULT 0 CHECK (must_change_pin IN (0, 1));
    `);
  },
};
