import { chmod, copyFile, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { constants, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileInFolder, openSiteFile, printableFileName, SiteFileRefused } from '../../hardware/index.ts';
import type { RecordMode } from '../../shared/contract/index.ts';
import { asStandaloneDatabase, describeDatabaseCopy, holdDatabaseFile, type DatabaseCopyFacts, type Store } from '../store/index.ts';
import { writeFileAtomically } from '../files/index.ts';
import { copyHashed, sha256OfName, syncDir } from './files.ts';
import { BACKUP_DB_FILE, BACKUP_FORMAT, IMAGE_DIR, IMAGE_FILE_NAME, MANIFEST_FILE, type BackupImage, type BackupManifestV2 } from './manifest.ts';
import { TREE_CHUNK_BYTES, TREE_HASH, treeHashFile } from './treeHash.ts';

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
  manifest: BackupManifestV2;
  manifestSha256: string;
  pruned: string[];
  auditSeq: number;
  ms: number;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

type RefusedEntry = NonNullable<BackupManifestV2['imagesRefused']>[number];

/** Images copied at once: each copy ends in an fsync, and the disk takes several together faster than one by one. */
const IMAGES_AT_ONCE = 8;
/**
 * The largest read of an image copy: three buffers of it per copy, eight copies at once, in the
 * station's memory during a backup (6 MB; 8 MiB reads made that three times each image's size,
 * some 120 MB for X-ray images of 5 MB).
 */
const IMAGE_READ_BYTES = 256 << 10;

type ImageOutcome = { copied: BackupImage; matches: boolean } | { refused: RefusedEntry };

/** One image store file copied (opened as a site file, hashed as it is copied), or why it was refused. */
async function copyImage(from: string, to: string, name: string): Promise<ImageOutcome> {
  if (!IMAGE_FILE_NAME.test(name)) return { refused: { file: printableFileName(name), problem: 'not named as the image store names images (<sha256>.<ext>)' } };
  let source;
  try {
    source = await openSiteFile(fileInFolder(from, name), { maxBytes: MAX_IMAGE_BYTES });
  } catch (error) {
    if (!(error instanceof SiteFileRefused)) throw error;
    return { refused: { file: name, problem: error.problem } };
  }
  try {
    const copied = await copyHashed(source.handle, path.join(to, name), MAX_IMAGE_BYTES, undefined, undefined, IMAGE_READ_BYTES);
    return { copied: { file: name, ...copied }, matches: sha256OfName(name) === copied.sha256 };
  } finally {
    await source.handle.close();
  }
}

/**
 * Copies the station's image store into the backup, each file opened as a site file (regular
 * files only, no symlink followed, never blocking on a FIFO) and hashed as it is copied, a few at
 * a time. Only the store's own names are copied; anything else in the folder is listed as
 * refused, not copied. The lists are in name order, however the copies finished.
 */
async function copyImageStore(from: string, to: string): Promise<{ images: BackupImage[]; mismatched: BackupImage[]; refused: RefusedEntry[] }> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  // Dot names are the store's own files in progress (`.incoming-*`).
  const names = (await readdir(from)).filter((name) => !name.startsWith('.')).sort();
  const outcomes: ImageOutcome[] = new Array<ImageOutcome>(names.length);
  let next = 0;
  let failure: unknown = null;
  const copier = async () => {
    // Each copier takes the next name until none is left or one copy failed.
    while (failure === null && next < names.length) {
      const index = next;
      next += 1;
      try {
        outcomes[index] = await copyImage(from, to, names[index]!);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IMAGES_AT_ONCE, names.length) }, copier));
  if (failure !== null) throw failure;
  const images: BackupImage[] = [];
  const mismatched: BackupImage[] = [];
  const refused: RefusedEntry[] = [];
  for (const outcome of outcomes) {
    if ('refused' in outcome) refused.push(outcome.refused);
    else if (outcome.matches) images.push(outcome.copied);
    else mismatched.push(outcome.copied);
  }
  await syncDir(to);
  return { images, mismatched, refused };
}

/** Both settled, then the first failure thrown: nothing of either is still running when the caller cleans up. */
async function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

/**
 * The held database file copied by the kernel (copy_file_range or sendfile: no pass through this
 * process's memory) while the same held file is read and tree-hashed beside it on the other
 * core; then the copy's header is made a standalone database's (the hash took the first chunk
 * that way too), the copy is made owner-only and fsynced. The file holds still throughout (see
 * holdDatabaseFile), so the copy and the hashed bytes are the same snapshot; a copy of another
 * size than was hashed is refused.
 */
async function copyHeldDatabase(file: string, dbCopy: string): Promise<{ sha256: string; bytes: number }> {
  const [hashed] = await both(treeHashFile(file, { chunkBytes: TREE_CHUNK_BYTES, firstChunk: asStandaloneDatabase }), copyFile(file, dbCopy, constants.COPYFILE_EXCL));
  const out = await open(dbCopy, constants.O_RDWR | constants.O_NOFOLLOW);
  try {
    await out.chmod(0o600);
    const header = Buffer.alloc(20);
    const { bytesRead } = await out.read(header, 0, header.length, 0);
    const before = Buffer.from(header);
    asStandaloneDatabase(header.subarray(0, bytesRead));
    if (!header.equals(before)) await out.write(header, 18, 2, 18);
    const copied = (await out.stat()).size;
    if (copied !== hashed.bytes) throw new Error(`the database copy has ${copied} bytes, the held file ${hashed.bytes}: the copy is not the snapshot`);
    await out.sync();
  } finally {
    await out.close();
  }
  return hashed;
}

/**
 * The database into the backup: as a file held still (a consistent snapshot copied by the
 * kernel while it is tree-hashed beside it, then fsynced), or, when the file cannot be held at
 * once, through SQLite's online backup API and tree-hashed after. Either way the copy is a
 * standalone database file and its facts are read from the copy itself.
 */
async function copyDatabase(store: Store, dbCopy: string, verifyChain: boolean): Promise<{ described: DatabaseCopyFacts; dbHash: { sha256: string; bytes: number } }> {
  const held = holdDatabaseFile(store.db);
  if (held) {
    let dbHash: { sha256: string; bytes: number };
    try {
      // The station's own database, as the station opened it (a symlink it was given is followed, as SQLite follows it).
      dbHash = await copyHeldDatabase(held.file, dbCopy);
    } finally {
      held.release();
    }
    return { described: describeDatabaseCopy(dbCopy, verifyChain, { standalone: true }), dbHash };
  }
  await store.backupTo(dbCopy);
  await chmod(dbCopy, 0o600);
  const described = describeDatabaseCopy(dbCopy, verifyChain);
  return { described, dbHash: await treeHashFile(dbCopy, { chunkBytes: TREE_CHUNK_BYTES }) };
}

/** The complete backups in a folder, oldest first (names sort by time). */
export async function listBackups(folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  return (await readdir(folder, { withFileTypes: true })).filter((e) => e.isDirectory() && BACKUP_NAME.test(e.name)).map((e) => e.name).sort();
}

/**
 * An online backup: the database as a consistent snapshot while the station keeps working (see
 * copyDatabase), tree-hashed on every core, the image store file by file with each SHA-256 checked against its name,
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
    const manifest: BackupManifestV2 = {
      format: BACKUP_FORMAT,
      createdAt: createdAt.toISOString(),
      createdBy: options.by,
      stationId: described.stationId,
      schemaVersion: described.schemaVersion,
      database: { file: BACKUP_DB_FILE, bytes: dbHash.bytes, digest: { algorithm: TREE_HASH, chunkBytes: TREE_CHUNK_BYTES, sha256: dbHash.sha256 } },
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
          // The manifest's database digest (its tree digest: the manifest, pinned above, names the algorithm).
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
