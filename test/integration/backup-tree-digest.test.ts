// Backup manifest version 2 (issue 15, point 5): the database's digest is a tree digest (each
// 8 MiB chunk's SHA-256, then the SHA-256 over them), named with its chunk size in the manifest,
// so the backup hashes on both cores. A restore must refuse a backup any of whose chunks was
// changed, or swapped, or whose manifest names another chunk size; and it must still restore a
// version-1 backup (one SHA-256 of the whole file), refusing one that was changed.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore, RestoreRefused, type BackupManifest } from '../../src/main/records/index.ts';
import { Store } from '../../src/main/store/index.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';
import { tempDir } from '../helpers/station.ts';

const CHUNK = 8 << 20;
const root = tempDir('mailscreen-tree-backup-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folder: string;
let manifest: BackupManifest & { format: 'mailscreen-backup/2' };
let original: Buffer;

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

/** The tree digest from its definition, not from the code under test. */
function treeSha256(bytes: Buffer, chunkBytes: number): string {
  const digest = createHash('sha256');
  for (let at = 0; at < bytes.length; at += chunkBytes) digest.update(sha(bytes.subarray(at, at + chunkBytes)));
  return digest.digest('hex');
}

let restores = 0;
/** A restore into a new target; what it left there is returned with its outcome. */
async function restoreInto(): Promise<{ outcome: Awaited<ReturnType<typeof restore>> | Error; left: string[] }> {
  restores += 1;
  const to = path.join(root, `restored-${restores}`);
  const outcome = await restore({ from: folder, to }).catch((error: unknown) => error as Error);
  return { outcome, left: existsSync(to) ? readdirSync(to, { recursive: true }).map(String) : [] };
}

function withDatabase(bytes: Buffer, work: () => Promise<void>): Promise<void> {
  const file = path.join(folder, 'mailscreen.sqlite');
  writeFileSync(file, bytes);
  return work().finally(() => writeFileSync(file, original));
}

function withManifest(value: unknown, work: () => Promise<void>): Promise<void> {
  const file = path.join(folder, 'manifest.json');
  const kept = readFileSync(file);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return work().finally(() => writeFileSync(file, kept));
}

async function expectRefused(pattern: RegExp): Promise<void> {
  const { outcome, left } = await restoreInto();
  expect(outcome).toBeInstanceOf(RestoreRefused);
  expect((outcome as Error).message).toMatch(pattern);
  // A refusal leaves the target as it was: nothing.
  expect(left).toEqual([]);
}

beforeAll(async () => {
  const store = Store.open(path.join(root, 'mailscreen.sqlite'));
  try {
    for (let i = 0; i < 5; i += 1) store.transaction(() => store.audit.append(uncatalogued({ actor: 'operator:t', kind: 'note', subjectType: 'station', subjectId: store.stationId, mode: 'live', payload: { i } })));
    // Four chunks and a short fifth: enough to change, and swap, chunks past the first.
    store.db.exec('CREATE TABLE padding (bytes BLOB)');
    const pad = store.db.prepare('INSERT INTO padding VALUES (?)');
    for (let i = 0; i < 35; i += 1) pad.run(randomBytes(1 << 20));
    const made = await backup({ store, imageStore: null, to: path.join(root, 'backups'), by: 'cli:test' });
    folder = made.folder;
    expect(made.manifest.format).toBe('mailscreen-backup/2');
    manifest = made.manifest;
  } finally {
    store.close();
  }
  original = readFileSync(path.join(folder, 'mailscreen.sqlite'));
}, 120_000);

describe('a version-2 backup (tree digest)', () => {
  it('names the algorithm and chunk size, and its digest is that of the file as written', async () => {
    expect(original.length).toBeGreaterThan(4 * CHUNK);
    expect(manifest.database).toEqual({ file: 'mailscreen.sqlite', bytes: original.length, digest: { algorithm: 'sha256-tree', chunkBytes: CHUNK, sha256: treeSha256(original, CHUNK) } });
    const { outcome } = await restoreInto();
    expect(outcome).not.toBeInstanceOf(Error);
    expect(outcome).toMatchObject({ ok: true, problems: [] });
  }, 120_000);

  it('is refused when any one chunk was changed, and nothing is left in the target', async () => {
    const chunks = Math.ceil(original.length / CHUNK);
    for (let chunk = 0; chunk < chunks; chunk += 1) {
      const changed = Buffer.from(original);
      // Deep in the chunk (the first one's header is left alone: past it, inside the pages).
      const at = Math.min(original.length - 1, chunk * CHUNK + 4096 + 17);
      changed[at] = changed[at]! ^ 0x01;
      await withDatabase(changed, () => expectRefused(/does not match its manifest/));
    }
  }, 300_000);

  it('is refused when two whole chunks were swapped (same bytes, other order)', async () => {
    const swapped = Buffer.concat([original.subarray(0, CHUNK), original.subarray(2 * CHUNK, 3 * CHUNK), original.subarray(CHUNK, 2 * CHUNK), original.subarray(3 * CHUNK)]);
    expect(swapped.length).toBe(original.length);
    await withDatabase(swapped, () => expectRefused(/does not match its manifest/));
  }, 120_000);

  it('is refused when its manifest names another chunk size, or one out of range', async () => {
    await withManifest({ ...manifest, database: { ...manifest.database, digest: { ...manifest.database.digest, chunkBytes: CHUNK / 2 } } }, () => expectRefused(/does not match its manifest/));
    await withManifest({ ...manifest, database: { ...manifest.database, digest: { ...manifest.database.digest, chunkBytes: 1 } } }, () => expectRefused(/manifest\.json: database\.digest\.chunkBytes: must be at least/));
    await withManifest({ ...manifest, database: { ...manifest.database, digest: { ...manifest.database.digest, algorithm: 'sha1-tree' } } }, () => expectRefused(/manifest\.json: database\.digest\.algorithm: /));
    // A version-2 manifest with a version-1 database entry (no digest) is not read as version 1.
    await withManifest({ ...manifest, database: { file: 'mailscreen.sqlite', sha256: createHash('sha256').update(original).digest('hex'), bytes: original.length } }, () => expectRefused(/manifest\.json: database\.digest: missing/));
  }, 120_000);
});

describe('a version-1 backup (one SHA-256 of the file)', () => {
  const v1 = () => {
    const { digest: _digest, ...database } = manifest.database;
    return { ...manifest, format: 'mailscreen-backup/1', database: { ...database, sha256: createHash('sha256').update(original).digest('hex') } };
  };

  it('is still restored', async () => {
    await withManifest(v1(), async () => {
      const { outcome } = await restoreInto();
      expect(outcome).not.toBeInstanceOf(Error);
      expect(outcome).toMatchObject({ ok: true, problems: [], manifestChainHead: manifest.chainHead });
    });
  }, 120_000);

  it('is refused when its database was changed', async () => {
    const changed = Buffer.from(original);
    changed[2 * CHUNK + 99] = changed[2 * CHUNK + 99]! ^ 0x80;
    await withManifest(v1(), () => withDatabase(changed, () => expectRefused(/does not match its manifest/)));
  }, 120_000);

  it('is refused when it carries a tree digest instead (a format is read as what it says it is)', async () => {
    await withManifest({ ...manifest, format: 'mailscreen-backup/1' }, () => expectRefused(/manifest\.json: database\.sha256: missing/));
  }, 120_000);
});
