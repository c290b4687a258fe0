import { createHash } from 'node:crypto';
import { lstatSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../files/index.ts';
import { escapeControlCharacters } from '../../hardware/index.ts';
import type { ReportDelivery } from './reportService.ts';

// Where a report or an export from the admin CLI may be written. The station's data folder (the
// database's folder) holds the evidence: the database and its -wal/-shm/-journal, the image store,
// the SOP folders, station.json. A report written there could replace any of them, so nothing is
// written anywhere inside it, whatever path (symlinked folder, symlinked or hard-linked file)
// leads there. A report is written with the station's one atomic write (a temporary file in its
// folder, fsynced, renamed into place, the folder fsynced): the file is whole on disk before its
// audit event is committed.

/** A refused --out: what is wrong with it, in one line the admin can act on. */
export class OutputRefused extends Error {
  override name = 'OutputRefused';
}

const DATABASE_FILES = ['', '-wal', '-shm', '-journal'];

/** What no output may be or be inside of: the data folder(s) and the database files by path and by inode. */
interface Protected {
  folders: string[];
  files: Set<string>;
  inodes: Set<string>;
}

export interface OutputTarget {
  /** The path as the admin gave it, for messages. */
  given: string;
  /** The folder, resolved through every symlink. */
  folder: string;
  /** The file: its name in the resolved folder. */
  file: string;
  database: string;
}

const shown = escapeControlCharacters;

function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function inodeOf(file: string): string | null {
  try {
    const stats = statSync(file);
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return null;
  }
}

function protectedBy(database: string): Protected {
  const given = path.resolve(database);
  const real = realpathOrSelf(given);
  const folders = [...new Set([realpathOrSelf(path.dirname(given)), path.dirname(real)])];
  const bases = new Set([given, real, path.join(realpathOrSelf(path.dirname(given)), path.basename(given))]);
  const files = new Set<string>();
  for (const base of bases) for (const suffix of DATABASE_FILES) files.add(`${base}${suffix}`);
  const inodes = new Set<string>();
  for (const file of files) {
    const inode = inodeOf(file);
    if (inode) inodes.add(inode);
  }
  return { folders, files, inodes };
}

function inside(folder: string, candidate: string): boolean {
  return candidate === folder || candidate.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);
}

/**
 * Checks an --out path before anything is made: its folder exists, it is outside the data folder
 * of `database`, and it is not the database or its journal files by any name. An existing file
 * there may be replaced only if it is a regular file (not a symlink, a folder or a FIFO).
 */
export function checkOutputFile(out: string, database: string): OutputTarget {
  const resolved = path.resolve(out);
  const name = path.basename(resolved);
  if (out.endsWith('/') || name === '' || name === '.' || name === '..') throw new OutputRefused(`--out ${shown(out)}: name a file, not a folder`);
  const parent = path.dirname(resolved);
  let folder: string;
  try {
    folder = realpathSync(parent);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new OutputRefused(`--out ${shown(out)}: the folder ${shown(parent)} does not exist; create it first or choose another folder`);
    if (code === 'ENOTDIR') throw new OutputRefused(`--out ${shown(out)}: ${shown(parent)} is not a folder`);
    throw new OutputRefused(`--out ${shown(out)}: the folder ${shown(parent)} cannot be reached (${code ?? 'error'})`);
  }
  if (!statSync(folder).isDirectory()) throw new OutputRefused(`--out ${shown(out)}: ${shown(parent)} is not a folder`);
  const file = path.join(folder, name);
  const guarded = protectedBy(database);
  if (guarded.files.has(file)) throw new OutputRefused(`--out ${shown(out)}: is the station's database or its journal; write reports and exports outside the data folder`);
  const dataFolder = guarded.folders.find((f) => inside(f, folder));
  if (dataFolder) throw new OutputRefused(`--out ${shown(out)}: is inside the station's data folder ${shown(dataFolder)} (the database's folder); write reports and exports outside it`);
  let existing;
  try {
    existing = lstatSync(file);
  } catch {
    existing = null;
  }
  if (existing?.isSymbolicLink()) throw new OutputRefused(`--out ${shown(out)}: is a symbolic link; give the path of a real file`);
  if (existing && !existing.isFile()) throw new OutputRefused(`--out ${shown(out)}: exists and is not a regular file`);
  if (existing && guarded.inodes.has(`${existing.dev}:${existing.ino}`)) throw new OutputRefused(`--out ${shown(out)}: is another name (a hard link) of the station's database`);
  return { given: out, folder, file, database };
}

/**
 * Writes a report or export owner-only (0600: it holds names and evidence) and durably, with the
 * station's one atomic write, after checking the target again: a reader never sees half a file,
 * and an older file at the path does not keep its wider mode. Returns the SHA-256 of the bytes written.
 */
export function writeOutputFile(target: OutputTarget, bytes: Buffer): { sha256: string; bytes: number } {
  // Checked again right before the write: the folder or the name may have changed since.
  const checked = checkOutputFile(target.given, target.database);
  if (checked.file !== target.file) throw new OutputRefused(`--out ${shown(target.given)}: its folder changed while the report was made; run the command again`);
  try {
    writeFileAtomically(checked.file, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new OutputRefused(`--out ${shown(target.given)}: could not be written (${code}${code === 'ENOSPC' ? ': the disk is full' : ''}); nothing was recorded`);
    throw error;
  }
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

/** Removes a written report whose audit event could not be committed: no personal data leaves unrecorded. */
export function withdrawOutputFile(target: OutputTarget): void {
  rmSync(target.file, { force: true });
}

/** The CLI's delivery of a report or export to its checked --out: the service records it only once written. */
export function outputDelivery(target: OutputTarget): ReportDelivery {
  return {
    deliver: (file) => {
      const written = writeOutputFile(target, file.bytes);
      // The audit event carries file.sha256: it must be the hash of the very bytes now on disk.
      if (written.sha256 !== file.sha256) {
        withdrawOutputFile(target);
        throw new Error(`the file written to ${shown(target.given)} does not hash to what was made`);
      }
    },
    withdraw: () => withdrawOutputFile(target),
  };
}
