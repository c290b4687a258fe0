import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RecordMode } from '../../shared/contract/index.ts';
import type { Store } from '../store/index.ts';
import { AuditLog } from '../store/auditLog.ts';
import type { ChainVerdict } from '../store/auditChain.ts';
import { openDatabase } from '../store/database.ts';
import { schemaVersion } from '../store/migrate.ts';
import { copyHashed, sha256File, sha256OfName, syncDir } from './files.ts';

export const BACKUP_FORMAT = 'mailscreen-backup/1';
export const BACKUP_DB_FILE = 'mailscreen.sqlite';
export const IMAGE_DIR = 'xray-images';
const BACKUP_NAME = /^mailscreen-backup-\d{8}T\d{6}\d{3}Z(-\d+)?$/;

export interface BackupImage {
  file: string;
  sha256: string;
  bytes: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  createdBy: string;
  stationId: string;
  schemaVersion: number;
  database: { file: string; sha256: string; bytes: number };
  counts: { items: number; incidents: number; auditEvents: number; images: number };
  /** The last audit event in the copy: a restore must end at exactly this event. */
  chainHead: { seq: number; hash: string } | null;
  /** The chain verified in the copy at backup time, when asked for (it reads every event). */
  chainVerified: ChainVerdict | null;
  images: BackupImage[];
  /** Image store files whose content does not match their SHA-256 name: altered evidence, copied as found. */
  imagesMismatched: BackupImage[];
}

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

async function copyImages(from: string, to: string, expected?: ReadonlyMap<string, string>): Promise<{ images: BackupImage[]; mismatched: BackupImage[] }> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  const images: BackupImage[] = [];
  const mismatched: BackupImage[] = [];
  const names = expected ? [...expected.keys()] : (await readdir(from, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
  for (const name of names.sort()) {
    const copied = await copyHashed(path.join(from, name), path.join(to, name));
    const image = { file: name, ...copied };
    const want = expected?.get(name) ?? sha256OfName(name);
    if (want === copied.sha256 && sha256OfName(name) === copied.sha256) images.push(image);
    else mismatched.push(image);
  }
  await syncDir(to);
  return { images, mismatched };
}

/** Counts, chain head and (if asked) the chain verdict of a database copy, read from the copy itself. */
function describeCopy(file: string, verifyChain: boolean): Pick<BackupManifest, 'counts' | 'chainHead' | 'chainVerified' | 'schemaVersion'> & { stationId: string } {
  const db = new Database(file);
  try {
    const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
    const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() ?? null;
    const stationId = (db.prepare("SELECT value FROM station_meta WHERE key = 'station_id'").pluck().get() as string | undefined) ?? 'unknown';
    const result = {
      stationId,
      schemaVersion: schemaVersion(db),
      counts: { items: count('SELECT count(*) FROM items'), incidents: count('SELECT count(*) FROM incidents'), auditEvents: count('SELECT count(*) FROM audit_events'), images: 0 },
      chainHead: head,
      chainVerified: verifyChain ? new AuditLog(db, stationId, () => new Date()).verify() : null,
    };
    // A standalone file: no -wal or -shm beside it, so its hash is the whole database.
    db.pragma('journal_mode = DELETE');
    return result;
  } finally {
    db.close();
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
    await options.store.db.backup(dbCopy, { progress: () => 4096 });
    await chmod(dbCopy, 0o600);
    const described = describeCopy(dbCopy, options.verifyChain ?? false);
    const dbHash = await sha256File(dbCopy);
    const { images, mismatched } =
      options.imageStore && existsSync(options.imageStore)
        ? await copyImages(options.imageStore, path.join(partial, IMAGE_DIR))
        : { images: [], mismatched: [] };
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
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(path.join(partial, 'manifest.json'), manifestText, { mode: 0o600, flag: 'wx' });
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
    const ok = mismatched.length === 0 && (manifest.chainVerified?.ok ?? true);
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

export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

/**
 * Restores a backup into an empty data folder, then proves it: the database file against the
 * manifest hash, every image against its name, and the audit chain walked end to end and ending
 * at the head the manifest recorded. Scans are relinked to the images in the new folder (their
 * SHA-256, the evidence, is unchanged); the audit log is not touched, so the restored chain is
 * exactly the backed-up one.
 */
export async function restore(options: { from: string; to: string }): Promise<RestoreResult> {
  const manifestFile = path.join(options.from, 'manifest.json');
  if (!existsSync(manifestFile)) throw new RestoreRefused(`${options.from} is not a Mailscreen backup: it has no manifest.json`);
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new RestoreRefused(`${options.from}: unknown backup format ${String(manifest.format)}`);
  if (existsSync(options.to)) {
    if (!(await stat(options.to)).isDirectory()) throw new RestoreRefused(`${options.to} is not a folder`);
    if ((await readdir(options.to)).length > 0) throw new RestoreRefused(`${options.to} is not empty: restore only into an empty data folder, so nothing there is overwritten or mixed in`);
  }
  const sourceDb = path.join(options.from, manifest.database.file);
  const sourceHash = await sha256File(sourceDb);
  if (sourceHash.sha256 !== manifest.database.sha256) {
    throw new RestoreRefused(`the database in ${options.from} does not match its manifest (SHA-256 ${sourceHash.sha256}, manifest says ${manifest.database.sha256}): the backup is damaged or was altered`);
  }
  await mkdir(options.to, { recursive: true, mode: 0o700 });
  await chmod(options.to, 0o700);
  const dbPath = path.join(options.to, BACKUP_DB_FILE);
  const problems: string[] = [];
  const copied = await copyHashed(sourceDb, dbPath);
  if (copied.sha256 !== manifest.database.sha256) problems.push('the database copy does not match the manifest');
  const imageStore = path.join(options.to, IMAGE_DIR);
  const expected = new Map([...manifest.images, ...manifest.imagesMismatched].map((i) => [i.file, i.sha256]));
  const { images, mismatched } = await copyImages(path.join(options.from, IMAGE_DIR), imageStore, expected);
  if (mismatched.length > 0) problems.push(`${mismatched.length} image(s) do not match their SHA-256 name`);
  await syncDir(options.to);

  const db = openDatabase(dbPath);
  try {
    let relinked = 0;
    const relink = db.prepare('UPDATE xray_scans SET image_file = ? WHERE id = ?');
    db.transaction(() => {
      for (const scan of db.prepare('SELECT id, image_file FROM xray_scans WHERE image_file IS NOT NULL').all() as Array<{ id: number; image_file: string }>) {
        const here = path.join(imageStore, path.basename(scan.image_file));
        if (here !== scan.image_file && expected.has(path.basename(scan.image_file))) {
          relink.run(here, scan.id);
          relinked += 1;
        }
      }
    })();
    const verdict = new AuditLog(db, 'restore', () => new Date()).verify();
    const chainHead = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() ?? null;
    if (!verdict.ok) problems.push(`the audit chain does not verify: first bad event ${verdict.firstBadSeq}`);
    if (verdict.events !== manifest.counts.auditEvents) problems.push(`the chain has ${verdict.events} events, the manifest ${manifest.counts.auditEvents}`);
    if (chainHead?.hash !== manifest.chainHead?.hash) problems.push('the chain does not end at the head the manifest recorded');
    return {
      ok: problems.length === 0,
      dataDir: options.to,
      dbPath,
      verdict,
      chainHead,
      manifestChainHead: manifest.chainHead,
      images: images.length,
      imagesMismatched: mismatched.map((m) => m.file),
      imagePathsRelinked: relinked,
      problems,
    };
  } finally {
    db.close();
  }
}
