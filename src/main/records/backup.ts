import { chmod, copyFile, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { constants, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileInFolder, openSiteFile, printableFileName, SiteFileRefused } from '../../hardware/index.ts';
import type { RecordMode } from '../../shared/contract/index.ts';
import { asStandaloneDatabase, describeDatabaseCopy, holdDatabaseFile, type DatabaseCopyFacts, type Store } from '../store/index.ts';
import { writeFileAtomically } from '../files/index.ts';
import { copyHashed, sha256File, sha256OfName, syncDir } from './files.ts';
import { BACKUP_DB_FILE, BACKUP_FORMAT, IMAGE_DIR, IMAGE_FILE_NAME, MANIFEST_FILE, type BackupImage, type BackupManifest } from './manifest.ts';

export { BACKUP_DB_FILE, BACKUP_FORMAT, IMAGE_DIR, type BackupImage, type BackupManifest } from './manifest.ts';
const BACKUP_NAME = /^mailscreen-backup-\d{8}T\d{6}\d{3}Z(-\d+)?$/;
/** The largest image the backup copies (an X-ray image is a few MB; the hot folder caps far lower). */
const MAX_IMAGE_BYTES = 1 << 30;

export interface BackupOptions {
  store: Store;
  /** `<data>/xray-images`; null or missing: no images to copy. */
  imageStore: string | null;
  /** The backups folder; each backup is a new timestamped folder inside it. */
  to: string;
  /** Who backs up: `operator:<id>`, `cli:<user>` or `scheduler`. */
  by: string;
  now?: () => Date;
  mode?: RecordMode;
  verifyChain?: boolean;
  /** Keep only this many backups in `to` (the oldest complete ones beyond it are removed). */
  keep?: number;
}

export interface BackupResult {
  ok: boolean;
  folder: string;
  manifest: BackupManifest;
  manifestSha256: string;
  pruned: string[];
  auditSeq: number;
  ms: number;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

type RefusedEntry = NonNullable<BackupManifest['imagesRefused']>[number];

/**
 * Copies the station's image store into the backup, each file opened as a site file (regular
 * files only, no symlink followed, never blocking on a FIFO) and hashed as it is copied. Only the
 * store's own names are copied; anything else in the folder is listed as refused, not copied.
 */
async function copyImageStore(from: string, to: string): Promise<{ images: BackupImage[]; mismatched: BackupImage[]; refused: RefusedEntry[] }> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  const images: BackupImage[] = [];
  const mismatched: BackupImage[] = [];
  const refused: RefusedEntry[] = [];
  // Dot names are the store's own files in progress (`.incoming-*`).
  const names = (await readdir(from)).filter((name) => !name.startsWith('.')).sort();
  for (const name of names) {
    if (!IMAGE_FILE_NAME.test(name)) {
      refused.push({ file: printableFileName(name), problem: 'not named as the image store names images (<sha256>.<ext>)' });
      continue;
    }
    let source;
    try {
      source = await openSiteFile(fileInFolder(from, name), { maxBytes: MAX_IMAGE_BYTES });
    } catch (error) {
      if (!(error instanceof SiteFileRefused)) throw error;
      refused.push({ file: name, problem: error.problem });
      continue;
    }
    try {
      const copied = await copyHashed(source.handle, path.join(to, name), MAX_IMAGE_BYTES);
      const image = { file: name, ...copied };
      if (sha256OfName(name) === copied.sha256) images.push(image);
      else mismatched.push(image);
    } finally {
      await source.handle.close();
    }
  }
  await syncDir(to);
  return { images, mismatched, refused };
}

/**
 * The database into the backup: as a file held still (a consistent snapshot copied at disk speed
 * and hashed as it is written, then fsynced), or, when the file cannot be held at once, through
 * SQLite's online backup API and hashed after. Either way the copy is a standalone database file
 * and its facts are read from the copy itself.
 */
async function copyDatabase(store: Store, dbCopy: string, verifyChain: boolean): Promise<{ described: DatabaseCopyFacts; dbHash: { sha256: string; bytes: number } }> {
  const held = holdDatabaseFile(store.db);
  if (held) {
    let dbHash: { sha256: string; bytes: number };
    try {
      // The kernel copies (copy_file_range) while this thread hashes the same held bytes, as they
      // will be in the copy: one read each, side by side, instead of copying and then reading back.
      const [, hashed] = await Promise.all([copyFile(held.file, dbCopy, constants.COPYFILE_EXCL), sha256File(held.file, asStandaloneDatabase)]);
      dbHash = hashed;
    } finally {
      held.release();
    }
    await finishDatabaseCopy(dbCopy, dbHash.bytes);
    return { described: describeDatabaseCopy(dbCopy, verifyChain, { standalone: true }), dbHash };
  }
  await store.backupTo(dbCopy);
  await chmod(dbCopy, 0o600);
  const described = describeDatabaseCopy(dbCopy, verifyChain);
  return { described, dbHash: await sha256File(dbCopy) };
}

/**
 * A database file copied from a held file: owner-only, its header made that of a standalone
 * database (as it was hashed), the whole of it on disk (fsync) before anything names it.
 */
async function finishDatabaseCopy(file: string, bytesHashed: number): Promise<void> {
  const handle = await open(file, constants.O_RDWR | constants.O_NOFOLLOW);
  try {
    await handle.chmod(0o600);
    const { size } = await handle.stat();
    if (size !== bytesHashed) throw new Error(`the database copy has ${size} bytes but ${bytesHashed} were hashed: it changed while it was copied`);
    const header = Buffer.alloc(Math.min(100, size));
    await handle.read(header, 0, header.length, 0);
    asStandaloneDatabase(header);
    await handle.write(header, 0, header.length, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The complete backups in a folder, oldest first (names sort by time). */
export async function listBackups(folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  return (await readdir(folder, { withFileTypes: true })).filter((e) => e.isDirectory() && BACKUP_NAME.test(e.name)).map((e) => e.name).sort();
}

/**
 * An online backup: the database through SQLite's backup API (a consistent snapshot while the
 * station keeps working), the image store file by file with each SHA-256 checked against its name,
 * and a manifest. It is written under a `.partial` name and renamed when whole, so a folder with
 * the final name is always a complete backup. Everything is owner-only: it is personal data.
 * The backup (or its failure) is an audit event in the live store.
 */
export async function backup(options: BackupOptions): Promise<BackupResult> {
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const createdAt = now();
  await mkdir(options.to, { recursive: true, mode: 0o700 });
  let name = `mailscreen-backup-${stamp(createdAt)}`;
  for (let n = 2; existsSync(path.join(options.to, name)) || existsSync(path.join(options.to, `${name}.partial`)); n += 1) name = `mailscreen-backup-${stamp(createdAt)}-${n}`;
  const folder = path.join(options.to, name);
  const partial = `${folder}.partial`;
  try {
    await mkdir(partial, { mode: 0o700 });
    const dbCopy = path.join(partial, BACKUP_DB_FILE);
    const { described, dbHash } = await copyDatabase(options.store, dbCopy, options.verifyChain ?? false);
    const { images, mismatched, refused } =
      options.imageStore && existsSync(options.imageStore)
        ? await copyImageStore(options.imageStore, path.join(partial, IMAGE_DIR))
        : { images: [], mismatched: [], refused: [] };
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: createdAt.toISOString(),
      createdBy: options.by,
      stationId: described.stationId,
      schemaVersion: described.schemaVersion,
      database: { file: BACKUP_DB_FILE, ...dbHash },
      counts: { ...described.counts, images: images.length + mismatched.length },
      chainHead: described.chainHead,
      chainVerified: described.chainVerified,
      images,
      imagesMismatched: mismatched,
      // Only when there is something to say: the manifest of an ordinary backup keeps its shape.
      ...(refused.length > 0 ? { imagesRefused: refused } : {}),
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    // Fsynced before the folder gets its final name: a complete-looking backup never has an empty manifest.
    writeFileAtomically(path.join(partial, MANIFEST_FILE), manifestText);
    await syncDir(partial);
    await rename(partial, folder);
    await syncDir(options.to);
    const pruned: string[] = [];
    if (options.keep !== undefined && options.keep > 0) {
      const all = await listBackups(options.to);
      for (const old of all.slice(0, Math.max(0, all.length - options.keep))) {
        await rm(path.join(options.to, old), { recursive: true, force: true });
        pruned.push(old);
      }
    }
    const manifestSha256 = createHash('sha256').update(manifestText).digest('hex');
    const ok = mismatched.length === 0 && refused.length === 0 && (manifest.chainVerified?.ok ?? true);
    const event = options.store.transaction(() =>
      options.store.audit.append({
        actor: options.by,
        kind: 'records.backedUp',
        subjectType: 'station',
        subjectId: options.store.stationId,
        mode: options.mode ?? 'live',
        payload: {
          folder,
          manifestSha256,
          databaseSha256: dbHash.sha256,
          counts: manifest.counts,
          chainHead: manifest.chainHead,
          imagesMismatched: mismatched.map((m) => m.file),
          ...(refused.length > 0 ? { imagesRefused: refused.map((r) => r.file) } : {}),
          pruned,
        },
      }),
    );
    return { ok, folder, manifest, manifestSha256, pruned, auditSeq: event.seq, ms: Math.round(performance.now() - started) };
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    try {
      options.store.transaction(() =>
        options.store.audit.append({
          actor: options.by,
          kind: 'records.backupFailed',
          subjectType: 'station',
          subjectId: options.store.stationId,
          mode: options.mode ?? 'live',
          payload: { to: options.to, error: error instanceof Error ? error.message : String(error) },
        }),
      );
    } catch {
      // The failure itself is what the caller reports; a store that cannot record it is not hidden by this.
    }
    throw error;
  }
}
