import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { assertSchemaSupported, migrate } from './migrate.ts';
import { BACKSTOP_CHECKPOINT_PAGES } from './walCheckpoints.ts';

export interface OpenDatabaseOptions {
  /** Open an existing database without migrating or writing (verify, history). */
  readonly?: boolean;
}

/** The connection's page cache, in KiB as SQLite counts a negative cache_size. */
export const STATION_CACHE_KIB = -8000;

/**
 * Opens the station database with the durability the evidence needs: WAL with synchronous=FULL
 * (a committed record survives a power cut), foreign keys enforced, and the schema brought up to
 * date (or refused, untouched, when it is newer than this code).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    // 8 MB of page cache rather than better-sqlite3's 16: the station's screens read short runs by
    // index, and a dashboard's 30-day count or a daily log on a 1M-item store otherwise leaves the
    // whole 16 MB resident after it (measured: the station's peak during work over 200 MB).
    db.pragma(`cache_size = ${STATION_CACHE_KIB}`);
    if (!options.readonly) {
      // Before anything else: switching to WAL rewrites the file header of a database we may be refusing.
      assertSchemaSupported(db);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // The station checkpoints at idle moments (store.ts): SQLite's own, inside a commit, is the backstop.
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
      db.pragma('foreign_keys = ON');
      migrate(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The station's identity, made once at first open and kept with its records. */
export function stationIdOf(db: Database.Database): string {
  const row = db.prepare<[], { value: string }>("SELECT value FROM station_meta WHERE key = 'station_id'").get();
  if (row) return row.value;
  if (db.readonly) return 'unknown';
  const id = `ST-${randomUUID().slice(0, 8).toUpperCase()}`;
  db.prepare("INSERT INTO station_meta (key, value) VALUES ('station_id', ?)").run(id);
  return id;
}
