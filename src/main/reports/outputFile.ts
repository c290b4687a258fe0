import { randomBytes } from 'node:crypto';
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a report or export owner-only (0600: it holds names and evidence) and atomically: a
 * temporary file in the same folder, then a rename, so a reader never sees half a file and an
 * older file at the path does not keep its wider mode.
 */
export function writeOwnerOnly(file: string, bytes: Buffer | string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, bytes, { mode: 0o600, flag: 'wx' });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
