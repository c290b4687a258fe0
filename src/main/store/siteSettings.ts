import type Database from 'better-sqlite3';
import { DEFAULT_COLLECTION_POLICY, SiteSettings } from '../../shared/contract/index.ts';

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  riskLevel: 'medium',
  autoLockMinutes: 5,
  displayUnit: 'g',
  lockoutMinutes: 15,
  siteName: 'Mail center',
  diskWarningGigabytes: 2,
  hotFolderMaxMegabytes: 64,
  collection: DEFAULT_COLLECTION_POLICY,
};

/** The site policy, one JSON value per key; an unreadable value falls back to the default. */
export class SiteSettingsRepository {
  readonly #get: Database.Statement<[], { key: string; value: string }>;
  readonly #put: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.#get = db.prepare('SELECT key, value FROM site_settings');
    this.#put = db.prepare('INSERT INTO site_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  read(): SiteSettings {
    const stored: Record<string, unknown> = {};
    for (const row of this.#get.all()) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A damaged value is ignored rather than locking the station out; the default applies.
      }
    }
    const merged = { ...DEFAULT_SITE_SETTINGS, ...stored };
    const parsed = SiteSettings.safeParse(merged);
    return parsed.success ? parsed.data : DEFAULT_SITE_SETTINGS;
  }

  write(changes: Partial<SiteSettings>): void {
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) this.#put.run(key, JSON.stringify(value));
    }
  }
}
