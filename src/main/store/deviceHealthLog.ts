import type Database from 'better-sqlite3';
import type { DeviceClass, DeviceHealth } from '../../shared/contract/index.ts';

export interface HealthChange {
  deviceId: string;
  deviceClass: DeviceClass;
  health: DeviceHealth;
  at: string;
}

/** Each device's health changes over time: what the dashboard's uptime is computed from. */
export class DeviceHealthLog {
  readonly #insert: Database.Statement<[string, string, string, string | null, string]>;
  readonly #before: Database.Statement<[string], HealthChange & { device_id: string; device_class: string }>;
  readonly #within: Database.Statement<[string, string], { device_id: string; device_class: string; health: string; at: string }>;
  readonly #last = new Map<string, DeviceHealth>();

  constructor(db: Database.Database) {
    this.#insert = db.prepare('INSERT INTO device_health_log (device_id, device_class, health, detail, at) VALUES (?, ?, ?, ?, ?)');
    this.#before = db.prepare(
      `SELECT l.device_id, l.device_class, l.health, l.at FROM device_health_log l
        WHERE l.id IN (SELECT max(id) FROM device_health_log WHERE at < ? GROUP BY device_id)`,
    );
    this.#within = db.prepare('SELECT device_id, device_class, health, at FROM device_health_log WHERE at >= ? AND at < ? ORDER BY at, id');
  }

  /** Records a change of health; repeats of the same health are not changes. */
  record(deviceId: string, deviceClass: DeviceClass, health: DeviceHealth, detail: string | null, at: string): void {
    if (this.#last.get(deviceId) === health) return;
    this.#last.set(deviceId, health);
    this.#insert.run(deviceId, deviceClass, health, detail, at);
  }

  /** The health each device had when the period started, then every change within it. */
  period(fromIso: string, toIso: string): { initial: HealthChange[]; changes: HealthChange[] } {
    const map = (r: { device_id: string; device_class: string; health: string; at: string }): HealthChange => ({
      deviceId: r.device_id,
      deviceClass: r.device_class as DeviceClass,
      health: r.health as DeviceHealth,
      at: r.at,
    });
    return { initial: this.#before.all(fromIso).map(map), changes: this.#within.all(fromIso, toIso).map(map) };
  }
}
