import { lstat, mkdir, readdir, realpath, rm, chmod } from 'node:fs/promises';
import path from 'node:path';
import { fileInFolder, openSiteFile, printableFileName, readSiteFile, SiteFileRefused, siteFileText } from '../../hardware/index.ts';
import { openRestoredDatabase, type ChainVerdict } from '../store/index.ts';
import { copyHashed, CopyOverrun, syncDir } from './files.ts';
import { BACKUP_DB_FILE, IMAGE_DIR, MANIFEST_FILE, parseBackupManifest, type BackupImage, type BackupManifest } from './manifest.ts';
import { sha256Digest, treeDigest, type StreamDigest } from './treeHash.ts';

export interface RestoreResult {
  ok: boolean;
  dataDir: string;
  dbPath: string;
  verdict: ChainVerdict;
  chainHead: { seq: number; hash: string } | null;
  manifestChainHead: { seq: number; hash: string } | null;
  images: number;
  imagesMismatched: string[];
  imagePathsRelinked: number;
  problems: string[];
}

/** A restore that did not start, or was undone: what is wrong, in one line the admin can act on. */
export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

/** A manifest lists every image; 64 MB of JSON is several hundred thousand of them. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

const shown = (file: string) => printableFileName(file);

async function readManifest(from: string): Promise<BackupManifest> {
  const file = fileInFolder(from, MANIFEST_FILE);
  let bytes: Buffer;
  try {
    bytes = await readSiteFile(file, { maxBytes: MAX_MANIFEST_BYTES });
  } catch (error) {
    if (error instanceof SiteFileRefused && error.problem === 'missing') throw new RestoreRefused(`${shown(from)} is not a Mailscreen backup: it has no ${MANIFEST_FILE}`);
    if (error instanceof SiteFileRefused) throw new RestoreRefused(error.message);
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(siteFileText(bytes));
  } catch {
    // The parser's own message quotes the file; this one does not.
    throw new RestoreRefused(`${shown(file)}: is not valid JSON: restore only from a folder that \`backup\` made`);
  }
  const parsed = parseBackupManifest(value);
  if (!parsed.ok) throw new RestoreRefused(`${shown(file)}: ${parsed.problem}`);
  return parsed.manifest;
}

/**
 * The one place a restore chooses where to write: `name` joined to `base` (a folder already
 * resolved with realpath), proven to be a direct entry of it before anything is written there.
 */
function provenInside(base: string, name: string, field: string): string {
  const file = path.resolve(base, name);
  const relative = path.relative(base, file);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative) || relative.includes(path.sep)) {
    throw new RestoreRefused(`${field}: ${shown(name)} would be written outside the restore target ${shown(base)}`);
  }
  return file;
}

/** The target must be an empty folder or not exist yet: nothing there is overwritten or mixed in. */
async function checkTarget(to: string): Promise<void> {
  const stats = await lstat(to).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!stats) return;
  // A symlink the admin chose is followed: it is their path, not the backup's.
  const target = stats.isSymbolicLink() ? await lstat(await realpath(to)) : stats;
  if (!target.isDirectory()) throw new RestoreRefused(`${shown(to)} is not a folder`);
  if ((await readdir(to)).length > 0) throw new RestoreRefused(`${shown(to)} is not empty: restore only into an empty data folder, so nothing there is overwritten or mixed in`);
}

/** The backup's image folder: a real folder inside the backup (a symlink there is refused), or none. */
async function backupImageFolder(from: string): Promise<string | null> {
  const folder = fileInFolder(from, IMAGE_DIR);
  const stats = await lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!stats) return null;
  if (stats.isSymbolicLink()) throw new RestoreRefused(`${shown(folder)}: is a symbolic link; a backup's image folder must be a folder inside the backup`);
  if (!stats.isDirectory()) throw new RestoreRefused(`${shown(folder)}: is not a folder`);
  return folder;
}

/** Copies one file of the backup, opened as a site file; a symlink, FIFO or device there refuses the whole restore. */
async function copyFromBackup(source: string, dest: string, expectedBytes: number, digest: StreamDigest = sha256Digest()): Promise<{ sha256: string; bytes: number } | 'missing' | 'too-big'> {
  let opened;
  try {
    opened = await openSiteFile(source, { maxBytes: expectedBytes });
  } catch (error) {
    if (error instanceof SiteFileRefused && (error.problem === 'missing' || error.problem === 'too-big')) return error.problem;
    if (error instanceof SiteFileRefused) throw new RestoreRefused(error.message);
    throw error;
  }
  try {
    return await copyHashed(opened.handle, dest, expectedBytes, undefined, digest);
  } catch (error) {
    if (!(error instanceof CopyOverrun)) throw error;
    // It grew past its manifest size while it was read: the partial copy is not kept.
    await rm(dest, { force: true });
    return 'too-big';
  } finally {
    await opened.handle.close();
  }
}

/** The database's digest as the manifest records it: one SHA-256 (version 1) or a tree digest (version 2), and a copy's digest made the same way. */
function databaseDigest(manifest: BackupManifest): { sha256: string; make: () => StreamDigest } {
  if (manifest.format === 'mailscreen-backup/1') return { sha256: manifest.database.sha256, make: sha256Digest };
  const { chunkBytes, sha256 } = manifest.database.digest;
  return { sha256, make: () => treeDigest(chunkBytes) };
}

/**
 * Restores a backup into an empty data folder, then proves it: the database file against the
 * manifest hash, every image against its name, and the audit chain walked end to end and ending
 * at the head the manifest recorded. Scans are relinked to the images in the new folder (their
 * SHA-256, the evidence, is unchanged); the audit log is not touched, so the restored chain is
 * exactly the backed-up one.
 *
 * The backup folder is untrusted: the manifest must pass its schema (names are fixed or bare
 * SHA-256 names), every file is opened without following a symlink or blocking on a FIFO, and
 * every write is proven inside the target before it happens. A refusal removes whatever the
 * restore had already written, so the target is left as it was.
 */
export async function restore(options: { from: string; to: string }): Promise<RestoreResult> {
  const from = path.resolve(options.from);
  const to = path.resolve(options.to);
  const manifest = await readManifest(from);
  await checkTarget(to);
  const sourceImages = await backupImageFolder(from);

  // The first folder this restore made (undefined when the target already existed): what an undo removes.
  const firstMade = await mkdir(to, { recursive: true, mode: 0o700 });
  await chmod(to, 0o700);
  const target = await realpath(to);
  const made: string[] = [];
  try {
    const dbPath = provenInside(target, manifest.database.file, 'database.file');
    made.push(dbPath);
    const expected = databaseDigest(manifest);
    const copied = await copyFromBackup(fileInFolder(from, BACKUP_DB_FILE), dbPath, manifest.database.bytes, expected.make());
    if (copied === 'missing') throw new RestoreRefused(`${shown(from)} has no ${BACKUP_DB_FILE}: the backup is incomplete`);
    if (copied === 'too-big' || copied.sha256 !== expected.sha256 || copied.bytes !== manifest.database.bytes) {
      const found = typeof copied === 'string' ? `larger than ${manifest.database.bytes} bytes` : copied.bytes !== manifest.database.bytes ? `${copied.bytes} bytes` : `digest ${copied.sha256}`;
      throw new RestoreRefused(`the database in ${shown(from)} does not match its manifest (${found}, manifest says ${manifest.database.bytes} bytes, digest ${expected.sha256}): the backup is damaged or was altered`);
    }

    const imageStore = provenInside(target, IMAGE_DIR, 'image folder');
    made.push(imageStore);
    await mkdir(imageStore, { mode: 0o700 });
    if ((await realpath(imageStore)) !== imageStore) throw new RestoreRefused(`${shown(imageStore)} changed while it was restored into`);
    const problems: string[] = [];
    // Every image written into the store (matching or not), for the relink.
    const restored = new Set<string>();
    const mismatched: string[] = [];
    let matching = 0;
    const entries: Array<[string, BackupImage]> = [
      ...manifest.images.map((image, index): [string, BackupImage] => [`images[${index}]`, image]),
      ...manifest.imagesMismatched.map((image, index): [string, BackupImage] => [`imagesMismatched[${index}]`, image]),
    ];
    const missing: string[] = [];
    for (const [field, image] of entries) {
      const dest = provenInside(imageStore, image.file, `${field}.file`);
      const result = sourceImages ? await copyFromBackup(fileInFolder(sourceImages, image.file), dest, image.bytes) : 'missing';
      if (result === 'missing') {
        missing.push(image.file);
        continue;
      }
      // An image larger than its manifest entry is altered; it is not copied, so it cannot fill the disk.
      if (result === 'too-big' || result.sha256 !== image.sha256 || result.sha256 !== image.file.slice(0, 64)) {
        mismatched.push(image.file);
        if (result !== 'too-big') restored.add(image.file);
        continue;
      }
      restored.add(image.file);
      matching += 1;
    }
    await syncDir(imageStore);
    await syncDir(target);
    if (missing.length > 0) problems.push(`${missing.length} image(s) listed in the manifest are missing from the backup`);
    if (mismatched.length > 0) problems.push(`${mismatched.length} image(s) do not match their SHA-256 name`);

    let db;
    try {
      db = openRestoredDatabase(dbPath);
    } catch (error) {
      if (error instanceof Error && error.name === 'SchemaTooNewError') throw error;
      throw new RestoreRefused(`the database in ${shown(from)} cannot be opened (${error instanceof Error ? error.message : 'unknown error'}): the backup is damaged or was altered`);
    }
    try {
      const relinked = db.relinkImages(path.join(to, IMAGE_DIR), restored);
      const verdict = db.verifyChain();
      const chainHead = db.chainHead();
      if (!verdict.ok) problems.push(`the audit chain does not verify: first bad event ${verdict.firstBadSeq}`);
      if (verdict.events !== manifest.counts.auditEvents) problems.push(`the chain has ${verdict.events} events, the manifest ${manifest.counts.auditEvents}`);
      if (chainHead?.hash !== manifest.chainHead?.hash) problems.push('the chain does not end at the head the manifest recorded');
      return {
        ok: problems.length === 0,
        dataDir: options.to,
        dbPath: path.join(to, BACKUP_DB_FILE),
        verdict,
        chainHead,
        manifestChainHead: manifest.chainHead,
        images: matching,
        imagesMismatched: mismatched,
        imagePathsRelinked: relinked,
        problems,
      };
    } finally {
      db.close();
    }
  } catch (error) {
    // Undo: the target was empty or absent, so everything in it is this restore's own.
    if (firstMade === undefined) {
      for (const file of made.reverse()) await rm(file, { recursive: true, force: true }).catch(() => undefined);
      for (const suffix of ['-wal', '-shm', '-journal']) await rm(path.join(target, `${BACKUP_DB_FILE}${suffix}`), { force: true }).catch(() => undefined);
    } else {
      await rm(firstMade, { recursive: true, force: true }).catch(() => undefined);
    }
    throw error;
  }
}
