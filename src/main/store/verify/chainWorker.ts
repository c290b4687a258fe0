// One worker of a parallel chain check: opens the database read-only itself and streams its
// stretch of the log, so no rows cross threads, only the stretch's report.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { RowVocabulary } from './chainRow.ts';
import { checkStretchInDb } from './chainStretch.ts';
import { chainExtensionLoaded } from './nativeWindow.ts';

/** The worker connection's page cache, in KiB as SQLite counts a negative cache_size (better-sqlite3's default is 16 MB). */
const CHAIN_WORKER_CACHE_KIB = -2048;

const { file, from, to, vocabulary, native } = workerData as { file: string; from: number; to: number; vocabulary: RowVocabulary; native?: boolean };
try {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Each page of the stretch is read once, in order: a cache bigger than the B-tree's inner pages holds only pages already done.
    db.pragma(`cache_size = ${CHAIN_WORKER_CACHE_KIB}`);
    const report = checkStretchInDb(db, from, to, vocabulary, undefined, native !== false);
    // Whether its windows were checked in SQLite (the extension found beside this code): the caller's to report.
    parentPort!.postMessage({ report, inSqlite: chainExtensionLoaded(db) });
  } finally {
    db.close();
  }
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
