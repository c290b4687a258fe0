import { statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AuditLog } from './auditLog.ts';
import type { ChainVerdict } from './auditChain.ts';
import { openDatabase } from './database.ts';
import { ITEM_RECORD_TABLES, type ItemRecordTable } from './itemRecords/index.ts';
import { schemaVersion } from './migrate.ts';
import type { ChainLink } from './readModels/index.ts';

// The database side of backup and restore: a copy made through SQLite's online backup API is
// described from the copy itself, and a restored copy has its image paths moved to its new folder.
// The files, manifests and refusals are records/' business; every query is here.

/** The page cache of the connection that describes a copy, KiB as SQLite counts a negative cache_size. */
const COPY_CACHE_KIB = -2048;

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
 * `standalone`: the copy already is one (a held file copied with its header set to rollback
 * journal, see holdDatabaseFile): it is only read, so the hash taken while copying stays its hash.
 */
export function describeDatabaseCopy(file: string, verifyChain: boolean, options: { standalone?: boolean } = {}): DatabaseCopyFacts {
  const db = new Database(file, options.standalone ? { readonly: true, fileMustExist: true } : {});
  try {
    // The counts read each page once: better-sqlite3's 16 MB page cache would only keep pages done
    // with, in the station's memory, during every backup.
    db.pragma(`cache_size = ${COPY_CACHE_KIB}`);
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
    if (!options.standalone) db.pragma('journal_mode = DELETE');
    return result;
  } finally {
    db.close();
  }
}

/** The station's database file, held still for a file copy until `release`. */
export interface HeldDatabaseFile {
  file: string;
  release(): void;
}

/**
 * The station's database file held still, so it can be copied as a file (about as fast as the
 * disk) instead of page by page through the online backup API. Everything committed is first
 * checkpointed into the file and the log truncated, never waiting (the station's connection does
 * it with no busy timeout); then a second connection starts a read transaction while the log is
 * still empty. Such a reader reads the file alone, and SQLite writes nothing from the log into
 * the file while it holds its snapshot, so the file stays exactly that snapshot until `release`
 * while the station goes on committing into its log. Null when that cannot be had at once (not
 * WAL, in memory, another reader on an older snapshot, a write in between): the caller takes
 * the online backup instead.
 */
export function holdDatabaseFile(db: Database.Database): HeldDatabaseFile | null {
  if (db.memory || db.name === '' || db.inTransaction || String(db.pragma('journal_mode', { simple: true })) !== 'wal') return null;
  const timeout = Number(db.pragma('busy_timeout', { simple: true }));
  let busy: number;
  try {
    db.pragma('busy_timeout = 0');
    busy = (db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0]?.busy ?? 1;
  } catch {
    busy = 1;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  if (busy !== 0) return null;
  const reader = new Database(db.name, { readonly: true, fileMustExist: true });
  try {
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM sqlite_master').get();
    // Looked at after the snapshot began: an empty log then means the snapshot needs no log.
    if ((statSync(`${db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0) !== 0) {
      reader.close();
      return null;
    }
  } catch {
    reader.close();
    return null;
  }
  return {
    file: db.name,
    release: () => {
      if (reader.open) reader.close();
    },
  };
}

/**
 * Makes the first bytes of a copied WAL database file those of a standalone one: the header's
 * file format versions (bytes 18 and 19) say rollback journal, so the copy is one file, opened
 * with no -wal or -shm beside it (what `journal_mode = DELETE` on the copy would have written).
 */
export function asStandaloneDatabase(firstChunk: Buffer): void {
  if (firstChunk.length >= 20 && firstChunk.subarray(0, 16).toString('latin1') === 'SQLite format 3\0' && firstChunk[18] === 2 && firstChunk[19] === 2) {
    firstChunk[18] = 1;
    firstChunk[19] = 1;
  }
}

/** A database just restored from a backup, open until `close`. */
export interface RestoredDatabase {
  /**
   * Points every record whose image this restore wrote (`restored`, bare names) at the image in
   * `imageFolder` (an X-ray scan's, and any item record table's that names images), in one
   * transaction. Returns how many records were relinked.
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
      const withImages = ITEM_RECORD_TABLES.flatMap((records: ItemRecordTable) => (records.images ? [records.images] : []));
      db.transaction(() => {
        for (const images of withImages) {
          const relink = db.prepare(images.relink);
          for (const record of db.prepare(images.named).all() as Array<{ id: number; image_file: string }>) {
            const name = path.basename(record.image_file);
            // Only an image this restore wrote: the name comes from the schema-checked manifest.
            if (!restored.has(name)) continue;
            const file = path.join(imageFolder, name);
            if (file !== record.image_file) {
              relink.run(file, record.id);
              relinked += 1;
            }
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
