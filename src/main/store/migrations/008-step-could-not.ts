import type { Migration } from './types.ts';

export const stepCouldNot: Migration = {
  version: 8,
  name: 'why a protocol step was done without the record its SOP asks for',
  up(db) {
    // NULL: the step was done with its record (or before the station asked for one).
    db.exec('ALTER TABLE incident_steps ADD COLUMN could_not_because TEXT');
  },
};
