import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

// The one way the station replaces a whole file it owns (station.json, the last good SOP copies,
// a report or export, a backup's manifest). A power cut at any moment leaves the old file or the
// new one, never half of one, and once this returns the new file survives a power cut too.

/** A new file only: never an existing one, never through a symlink at the last component. */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
/** A file name's longest part kept in its temporary name (names are at most 255 bytes). */
const TEMP_STEM_CHARACTERS = 64;

/** Makes a rename or a new name in `folder` durable: the folder's entries are on disk once this returns. */
export function syncFolderSync(folder: string): void {
  const fd = openSync(folder, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `file` with `data`, owner-only (0600) and durably: a new temporary file in the same
 * folder (O_EXCL, so a planted file or symlink there is never written through), every byte
 * written, fsynced, renamed over `file`, then the folder fsynced. The rename replaces whatever is
 * at `file` (a symlink there is replaced, not followed), and an older file keeps neither its
 * content nor its wider mode. On any failure the temporary file is removed and the error thrown:
 * `file` is then as it was (unless the failure was the final folder fsync, after the rename).
 */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  const folder = path.dirname(file);
  const temp = path.join(folder, `.${path.basename(file).slice(0, TEMP_STEM_CHARACTERS)}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let created = false;
  try {
    const fd = openSync(temp, CREATE_NEW, 0o600);
    created = true;
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    // Only a file this call made: an O_EXCL refusal means the name was someone else's.
    if (created) rmSync(temp, { force: true });
    throw error;
  }
  syncFolderSync(folder);
}
