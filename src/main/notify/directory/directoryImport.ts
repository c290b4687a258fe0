import { createHash } from 'node:crypto';
import { siteFileText } from '../../../hardware/index.ts';
import type { RecordMode } from '../../../shared/contract/index.ts';
import { DirectoryRepository, type Store } from '../../store/index.ts';
import { applyDirectory, DirectoryRefused, previewDirectory, type DirectoryPreview } from './applyDirectory.ts';
import { readDirectoryCsv, type DirectoryCsv } from './directoryCsv.ts';

/** A row that is not applied, by its line in the file. */
export interface RowProblem {
  line: number;
  key: string;
  problem: string;
}

/** What a CSV import found and did: its preview, and whether it was applied (and if not, why). */
export interface DirectoryImport {
  file: string;
  sha256: string;
  delimiter: DirectoryCsv['delimiter'];
  rows: number;
  columns: DirectoryCsv['columns'];
  ignoredColumns: string[];
  problems: RowProblem[];
  /** The rows with a problem (a row with two problems is one row), none of them counted as added, changed or unchanged. */
  badRows: number;
  preview: DirectoryPreview;
  applied: boolean;
  /** Why it was asked to apply and did not; null when it applied or was only a preview. */
  refusal: string | null;
}

export interface DirectoryImportOptions {
  apply: boolean;
  allowRemovingAll: boolean;
  /** What a refusal of removing everyone tells to do where it is read ("apply it with --allow-removing-all", the screen's own box). */
  toRemoveEveryone: string;
  actor: string;
  mode: RecordMode;
}

/** A directory export's bytes read as a CSV (DirectoryCsvRefused when they are not one), with their SHA-256. */
export interface DirectoryExport {
  sha256: string;
  csv: DirectoryCsv;
}

export function readDirectoryExport(bytes: Buffer): DirectoryExport {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), csv: readDirectoryCsv(siteFileText(bytes)) };
}

/** What an import of `read` found and did, its entries' problems named by their lines in the file. */
export function directoryImportOutcome(fileName: string, read: DirectoryExport, preview: DirectoryPreview, applied: boolean, refusal: string | null): DirectoryImport {
  const { csv } = read;
  const problems = preview.problems.map((p) => ({ line: csv.lines[p.index] ?? 0, key: p.key, problem: p.problem })).sort((a, b) => a.line - b.line);
  return {
    file: fileName,
    sha256: read.sha256,
    delimiter: csv.delimiter,
    rows: csv.entries.length,
    columns: csv.columns,
    ignoredColumns: csv.ignoredColumns,
    problems,
    badRows: new Set(preview.problems.map((p) => p.index)).size,
    preview,
    applied,
    refusal,
  };
}

/**
 * A directory export (its bytes, read as a site file by the caller) previewed against the
 * directory, and applied when asked: the whole file or nothing. A bad row, named by its line,
 * keeps the whole file from applying: applying the rest would mark the person on that row removed.
 * A file that cannot be read as a CSV throws DirectoryCsvRefused. The site's directory imports a
 * file by the same steps (site/postgres/siteDirectoryAdmin.ts).
 */
export function importDirectoryCsv(store: Store, bytes: Buffer, fileName: string, options: DirectoryImportOptions): DirectoryImport {
  const read = readDirectoryExport(bytes);
  const { csv } = read;
  if (!options.apply) return directoryImportOutcome(fileName, read, previewDirectory(new DirectoryRepository(store.db), csv.entries, 'csv'), false, null);
  try {
    const preview = applyDirectory(store, csv.entries, 'csv', { actor: options.actor, mode: options.mode, fileName, sha256: read.sha256, allowRemovingAll: options.allowRemovingAll, toRemoveEveryone: options.toRemoveEveryone });
    return directoryImportOutcome(fileName, read, preview, true, null);
  } catch (error) {
    if (error instanceof DirectoryRefused) return directoryImportOutcome(fileName, read, error.preview, false, error.message);
    throw error;
  }
}
