// One worker of a parallel chain check: opens the database read-only itself and streams its
// stretch of the log, so no rows cross threads, only the stretch's report.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { RowVocabulary } from './chainRow.ts';
import { checkStretch, stretchStatement } from './chainStretch.ts';

const { file, from, to, vocabulary } = workerData as { file: string; from: number; to: number; vocabulary: RowVocabulary };
try {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    parentPort!.postMessage({ report: checkStretch(stretchStatement(db).iterate(from, to), vocabulary) });
  } finally {
    db.close();
  }
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
