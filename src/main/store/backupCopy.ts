import path from 'node:path';
import Database from 'better-sqlite3';
import { AuditLog } from './auditLog.ts';
import type { ChainVerdict } from './auditChain.ts';
import { openDatabase } from './database.ts';
import { schemaVersion } from './migrate.ts';
import type { ChainLink } from './readModels/index.ts';

// The database side of backup and restore: a copy made through SQLite's online backup API is
// described from the copy itself, and a restored copy has its image paths moved to its new folder.
// The files, manifests and refusals are records/' business; every query is here.

/** What a database copy holds, read from the copy itself. */
export interface DatabaseCopyFacts {
  stationId: string;
  schemaVersion: number;
  counts: { items: number; incidents: number; auditEvents: number; images: 0 };
  chainHead: ChainLink | null;
  chainVerified: ChainVerdict | null;
}

/**
 * Counts, chain head and (if asked) the chain verdict of a database copy, read from the copy. The
 * copy is left a standalone file: no -wal or -shm beside it, so its hash is the whole database.
 */
export function describeDatabaseCopy(file: string, verifyChain: boolean): DatabaseCopyFacts {
  const db = new Database(file);
  try {
    const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
    const head = db.prepare<[], ChainLink>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() ?? null;
    const stationId = (db.prepare("SELECT value FROM station_meta WHERE key = 'station_id'").pluck().get() as string | undefined) ?? 'unknown';
    const result: DatabaseCopyFacts = {
      stationId,
      schemaVersion: schemaVersion(db),
      counts: { items: count('SELECT count(*) FROM items'), incidents: count('SELECT count(*) FROM incidents'), auditEvents: count('SELECT count(*) FROM audit_events'), images: 0 },
      chainHead: head,
      chainVerified: verifyChain ? new AuditLog(db, stationId, () => new Date()).verify() : null,
    };
    db.pragma('journal_mode = DELETE');
    return result;
  } finally {
    db.close();
  }
}

/** A database just restored from a backup, open until `close`. */
export interface RestoredDatabase {
  /**
   * Points every scan whose image this restore wrote (`restored`, bare names) at the image in
   * `imageFolder`, in one transaction. Returns how many scans were relinked.
   */
  relinkImages(imageFolder: string, restored: ReadonlySet<string>): number;
  /** The audit chain walked end to end. */
  verifyChain(): ChainVerdict;
  chainHead(): ChainLink | null;
  close(): void;
}

/** Opens a restored database (migrating it like any station database); throws what openDatabase throws. */
export function openRestoredDatabase(file: string): RestoredDatabase {
  const db = openDatabase(file);
  return {
    relinkImages(imageFolder, restored) {
      let relinked = 0;
      const relink = db.prepare('UPDATE xray_scans SET image_file = ? WHERE id = ?');
      db.transaction(() => {
        for (const scan of db.prepare('SELECT id, image_file FROM xray_scans WHERE image_file IS NOT NULL').all() as Array<{ id: number; image_file: string }>) {
          const name = path.basename(scan.image_file);
          // Only an image this restore wrote: the name comes from the schema-checked manifest.
          if (!restored.has(name)) continue;
          const file = path.join(imageFolder, name);
          if (file !== scan.image_file) {
            relink.run(file, scan.id);
            relinked += 1;
          }
        }
      })();
      return relinked;
    },
    verifyChain: () => new AuditLog(db, 'restore', () => new Date()).verify(),
    chainHead: () => db.prepare<[], ChainLink>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() ?? null,
    close: () => db.close(),
  };
}
