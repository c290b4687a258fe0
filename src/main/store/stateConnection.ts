// The connection a part of verify's check reads the station's file through, in a state worker
// (stateWorker.ts) or in the thread of a one-shot command that makes a part itself
// (stateWorkerThread.ts PartHere): read-only, of its own, with a page cache sized for reading each
// page once, in order, and closed when the part is done (the caller's connection, whose cache is
// sized for screens, is left as it was).
import Database from 'better-sqlite3';

/**
 * While it replays its part and compares the tables (better-sqlite3's default is 16 MB), KiB as
 * SQLite counts a negative cache_size: the events and the stored rows are each read once, in
 * order. 1 MB, not 4: with the spill files' 256 KB, 12-17 MB less at the replay's peak on the 1M
 * store, the same CPU within the runs' spread (issue 15, docs/replay.md).
 */
export const STATE_CACHE_KIB = -1024;
/** While it hashes its stretch of the chain (chainWorker.ts's). */
export const STRETCH_CACHE_KIB = -2048;

/** `work` on a read-only connection of its own to `file`, closed after. */
export function withStateConnection<T>(file: string, work: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return work(db);
  } finally {
    db.close();
  }
}

/** Sets the connection's page cache to `kib` (STATE_CACHE_KIB, STRETCH_CACHE_KIB). */
export function cacheFor(db: Database.Database, kib: number): void {
  db.pragma(`cache_size = ${kib}`);
}
