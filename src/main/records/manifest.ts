import { z } from 'zod';
import { TREE_CHUNK_MAX, TREE_CHUNK_MIN, TREE_HASH } from './treeHash.ts';

// A backup's manifest.json, as `backup` writes it and as `restore` accepts it. The backup folder
// may have been written by anyone who can reach the backup share, so every name in it is checked
// before it is used: the database has one fixed name, and an image is named by its SHA-256 (what
// the image store itself names it), which leaves no room for a separator, "..", or an absolute path.

/**
 * What backups are written as: version 2, whose database digest is a tree digest (see treeHash.ts),
 * its algorithm and chunk size named in the manifest. Version 1 (one SHA-256 of the whole file)
 * is still restored.
 */
export const BACKUP_FORMAT = 'mailscreen-backup/2';
export const BACKUP_FORMAT_V1 = 'mailscreen-backup/1';
export const BACKUP_DB_FILE = 'mailscreen.sqlite';
export const IMAGE_DIR = 'xray-images';
export const MANIFEST_FILE = 'manifest.json';

/** The image store's own names: `<sha256>.<ext>` (ext lowercased, at most 5 characters). */
export const IMAGE_FILE_NAME = /^[0-9a-f]{64}(\.[a-z0-9]{1,5})?$/;

/** Larger than any database or image a station holds; bounds what a manifest can make restore read. */
const MAX_FILE_BYTES = 2 ** 45;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256: 64 lowercase hex digits');
const count = z.number().int('must be a whole number').min(0, 'must be 0 or more');
const bytes = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(MAX_FILE_BYTES, `must be at most ${MAX_FILE_BYTES}`);
const text = z.string().max(200, 'must be at most 200 characters');

const BackupImageSchema = z.object({
  file: z.string().regex(IMAGE_FILE_NAME, 'must be an image store name, <sha256>.<ext> (no folder, no "..")'),
  sha256,
  bytes,
});

const ChainLink = z.object({ seq: count, hash: sha256 });

/** What both versions hold beside the database: only the database's digest differs. */
const common = {
  createdAt: z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}T[0-9:.]+Z$/, 'must be an ISO time in UTC'),
  createdBy: text,
  stationId: text,
  schemaVersion: count,
  counts: z.object({ items: count, incidents: count, auditEvents: count, images: count }),
  /** The last audit event in the copy: a restore must end at exactly this event. */
  chainHead: ChainLink.nullable(),
  /** The chain verified in the copy at backup time, when asked for (it reads every event). */
  chainVerified: z.object({ events: count, ok: z.boolean(), firstBadSeq: count.nullable() }).nullable(),
  images: z.array(BackupImageSchema),
  /** Image store files whose content does not match their SHA-256 name: altered evidence, copied as found. */
  imagesMismatched: z.array(BackupImageSchema),
  /**
   * Entries of the image store that were not copied: not a regular file (a symlink, a FIFO, a
   * folder) or not named as the store names images. Absent in backups made before it existed.
   */
  imagesRefused: z.array(z.object({ file: z.string().max(300), problem: z.string().max(200) })).optional(),
};

const databaseFile = z.literal(BACKUP_DB_FILE, `must be "${BACKUP_DB_FILE}", the database inside the backup folder`);

const BackupManifestV1Schema = z.object({
  format: z.literal(BACKUP_FORMAT_V1),
  ...common,
  database: z.object({ file: databaseFile, sha256, bytes }),
});

const BackupManifestV2Schema = z.object({
  format: z.literal(BACKUP_FORMAT),
  ...common,
  database: z.object({
    file: databaseFile,
    bytes,
    /** The tree digest: the SHA-256 over the SHA-256s of each `chunkBytes` of the file, in order. */
    digest: z.object({
      algorithm: z.literal(TREE_HASH, `must be "${TREE_HASH}"`),
      chunkBytes: z.number().int('must be a whole number').min(TREE_CHUNK_MIN, `must be at least ${TREE_CHUNK_MIN}`).max(TREE_CHUNK_MAX, `must be at most ${TREE_CHUNK_MAX}`),
      sha256,
    }),
  }),
});

export const BackupManifestSchema = z.discriminatedUnion('format', [BackupManifestV2Schema, BackupManifestV1Schema], {
  error: (issue) => (issue.code === 'invalid_union' ? `must be "${BACKUP_FORMAT}" or "${BACKUP_FORMAT_V1}" (a backup made by this station's \`backup\`)` : undefined),
});

export type BackupManifest = z.output<typeof BackupManifestSchema>;
/** What backups are written as now. */
export type BackupManifestV2 = z.output<typeof BackupManifestV2Schema>;
export type BackupImage = z.output<typeof BackupImageSchema>;

function fieldPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * The manifest, or the first thing wrong with it as `<field>: <what>`. Messages are the schema's
 * own words and never quote the manifest's content (it may be anything).
 */
export function parseBackupManifest(value: unknown): { ok: true; manifest: BackupManifest } | { ok: false; problem: string } {
  const parsed = BackupManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
    return { ok: false, problem: `${fieldPath(issue.path)}: ${missing ? 'missing' : issue.message}` };
  }
  const manifest = parsed.data;
  const seen = new Set<string>();
  for (const [list, entries] of [['images', manifest.images], ['imagesMismatched', manifest.imagesMismatched]] as const) {
    for (const [index, image] of entries.entries()) {
      if (seen.has(image.file)) return { ok: false, problem: `${list}[${index}].file: listed twice` };
      seen.add(image.file);
      if (list === 'images' && image.file.slice(0, 64) !== image.sha256) return { ok: false, problem: `${list}[${index}].sha256: differs from the SHA-256 in the file's name` };
    }
  }
  return { ok: true, manifest };
}
