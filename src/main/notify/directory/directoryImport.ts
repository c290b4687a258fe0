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
  preview: DirectoryPreview;
  applied: boolean;
  /** Why it was asked to apply and did not; null when it applied or was only a preview. */
  refusal: string | null;
}

export interface DirectoryImportOptions {
  apply: boolean;
  allowRemovingAll: boolean;
  actor: string;
  mode: RecordMode;
}

/**
 * A directory export (its bytes, read as a site file by the caller) previewed against the
 * directory, and applied when asked: the whole file or nothing. A bad row, named by its line,
 * keeps the whole file from applying: applying the rest would mark the person on that row removed.
 * A file that cannot be read as a CSV throws DirectoryCsvRefused.
 */
export function importDirectoryCsv(store: Store, bytes: Buffer, fileName: string, options: DirectoryImportOptions): DirectoryImport {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const csv = readDirectoryCsv(siteFileText(bytes));
  const linesOf = (preview: DirectoryPreview): RowProblem[] =>
    preview.problems.map((p) => ({ line: csv.lines[p.index] ?? 0, key: p.key, problem: p.problem })).sort((a, b) => a.line - b.line);
  const result = (preview: DirectoryPreview, applied: boolean, refusal: string | null): DirectoryImport => ({
    file: fileName,
    sha256,
    delimiter: csv.delimiter,
    rows: csv.entries.length,
    columns: csv.columns,
    ignoredColumns: csv.ignoredColumns,
    problems: linesOf(preview),
    preview,
    applied,
    refusal,
  });
  if (!options.apply) return result(previewDirectory(new DirectoryRepository(store.db), csv.entries, 'csv'), false, null);
  try {
    const preview = applyDirectory(store, csv.entries, 'csv', { actor: options.actor, mode: options.mode, fileName, sha256, allowRemovingAll: options.allowRemovingAll });
    return result(preview, true, null);
  } catch (error) {
    if (error instanceof DirectoryRefused) return result(error.preview, false, error.message);
    throw error;
  }
}
