import type { Migration } from './types.ts';

export const deviceHealth: Migration = {
  version: 5,
  name: 'device health history, for uptime on the dashboard',
  up(db) {
    // Operational history, not evidence: a device's health changes often and says nothing about an
    // item, so it is kept out of the audit chain.
    db.exec(`
      CREATE TABLE device_health_log (
        id           INTEGER PRIMARY KEY,
        device_id    TEXT NOT NULL,
        device_class TEXT NOT NULL,
        health       TEXT NOT NULL CHECK (health IN ('online', 'offline', 'fault')),
        detail       TEXT,
        at           TEXT NOT NULL
      ) STRICT;
      CREATE INDEX device_health_log_device ON device_health_log (device_id, at);
      CREATE INDEX device_health_log_at ON device_health_log (at);
    `);
  },
};
