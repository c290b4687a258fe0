// A backup folder is a file someone else may have written: restore from it as an attacker would
// shape it (names that climb out of the target, a database named anywhere on the machine,
// symlinks and FIFOs in the folder, manifests that are not JSON or not the format) and check that
// nothing is written outside the target, nothing blocks, and the refusal is one line, exit 2.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup, type BackupManifest } from '../../src/main/records/index.ts';
import { Store } from '../../src/main/store/index.ts';
import { itemRecordRepositories } from '../../src/main/store/index.ts';
import { newCustodyId } from '../../src/shared/domain/index.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/station.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

/** Several CLI runs per test, each a fresh Node process: generous on a busy machine, never asserted. */
const CLI_TIMEOUT = 300_000;

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A real backup of a small data folder with two images: the folder an attacker then reshapes. */
async function realBackup(): Promise<{ folder: string; manifest: BackupManifest; root: string }> {
  const root = tempDir('mailscreen-hostile-');
  const dataDir = path.join(root, 'data');
  const imageStore = path.join(dataDir, 'xray-images');
  mkdirSync(imageStore, { recursive: true, mode: 0o700 });
  store = Store.open(path.join(dataDir, 'mailscreen.sqlite'));
  const scans = itemRecordRepositories(store.db);
  for (let i = 0; i < 2; i += 1) {
    const custodyId = newCustodyId((n) => new Uint8Array(randomBytes(n)));
    const at = new Date().toISOString();
    const bytes = randomBytes(1024);
    const sha = sha256(bytes);
    writeFileSync(path.join(imageStore, `${sha}.png`), bytes, { mode: 0o600 });
    store.transaction(() => {
      store!.items.insert({ item: { custodyId, trackingNumber: null, carrier: null, scannedCode: `H${i}`, symbology: null, state: 'RECEIVED', mode: 'live', receivedAt: at, updatedAt: at, receivedBy: 'operator:t', itemType: null, incidentNumber: null }, matchKey: `H${i}` });
      store!.audit.append(uncatalogued({ actor: 'operator:t', kind: 'item.received', subjectType: 'item', subjectId: custodyId, mode: 'live', payload: { i } }));
      scans.xray_scans.add(custodyId, { deviceId: 'x', scanRef: `S${i}`, requestedBy: 't', requestedAt: at });
      scans.xray_scans.attachImage(`S${i}`, sha, path.join(imageStore, `${sha}.png`));
    });
  }
  const made = await backup({ store, imageStore, to: path.join(root, 'backups'), by: 'operator:admin' });
  store.close();
  store = undefined;
  return { folder: made.folder, manifest: made.manifest, root };
}

function writeManifest(folder: string, manifest: unknown): void {
  writeFileSync(path.join(folder, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2));
}

/** A refusal the admin can act on: exit 2, exactly one line on stderr, no stack, nothing on stdout. */
function expectOneLineRefusal(result: { status: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(lines[0]).toMatch(pattern);
}

/** Every file under a folder, as relative paths (the target must hold nothing after a refusal). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('restore from a hostile backup folder', () => {
  it('an image entry named ../../../evil creates nothing outside the target: refused, naming the field', async () => {
    const { folder, manifest, root } = await realBackup();
    // The target is deep enough that ../../../ lands inside this test's own temporary folder.
    const target = path.join(root, 'restore', 'a', 'b', 'data');
    const escapeName = `evil-${randomBytes(4).toString('hex')}`;
    const climbing = `../../../${escapeName}`;
    const outside = path.resolve(target, 'xray-images', climbing);
    // Put content where today's code would read it from, so only the name check can stop the write.
    const payload = 'written outside the restore target';
    writeFileSync(path.resolve(folder, 'xray-images', climbing), payload);
    const hostile = { ...manifest, images: [{ file: climbing, sha256: sha256(payload), bytes: payload.length }, ...manifest.images] };
    writeManifest(folder, hostile);

    const result = runCli(['restore', '--from', folder, '--to', target]);
    expectOneLineRefusal(result, /manifest\.json: images\[0\]\.file: /);
    expect(existsSync(outside)).toBe(false);
    expect(filesUnder(path.join(root, 'restore'))).toEqual([]);
  }, CLI_TIMEOUT);

  it('an absolute image name and a name with a separator are refused the same way', async () => {
    const { folder, manifest, root } = await realBackup();
    const target = path.join(root, 'restore', 'data');
    const absolute = path.join(root, `abs-evil-${randomBytes(4).toString('hex')}.png`);
    writeManifest(folder, { ...manifest, imagesMismatched: [{ file: absolute, sha256: sha256('x'), bytes: 1 }] });
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /manifest\.json: imagesMismatched\[0\]\.file: /);
    expect(existsSync(absolute)).toBe(false);
    expect(filesUnder(target)).toEqual([]);

    const good = manifest.images[0]!;
    writeManifest(folder, { ...manifest, images: [{ ...good, file: `sub/${good.file}` }] });
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /images\[0\]\.file: /);
    expect(filesUnder(target)).toEqual([]);
  }, CLI_TIMEOUT);

  it('database.file cannot name a file elsewhere on the machine', async () => {
    const { folder, manifest, root } = await realBackup();
    const target = path.join(root, 'restore', 'data');
    // A file outside the backup, its hash and size put in the manifest so only the name check stops it.
    const outsideFile = path.join(root, 'outside.sqlite');
    writeFileSync(outsideFile, 'not the backed-up database');
    const climbing = path.relative(folder, outsideFile);
    for (const file of [climbing, outsideFile, '/etc/passwd']) {
      const content = readFileSync(file === climbing ? outsideFile : file);
      writeManifest(folder, { ...manifest, database: { file, sha256: sha256(content), bytes: content.length } });
      expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /manifest\.json: database\.file: /);
      expect(filesUnder(target)).toEqual([]);
    }
  }, CLI_TIMEOUT);

  it('a manifest that is not JSON, or not the backup format, is one line naming the file and field, exit 2', async () => {
    const { folder, manifest, root } = await realBackup();
    const target = path.join(root, 'restore', 'data');
    writeManifest(folder, '{"format": "mailscreen-backup/1", "images": [');
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /manifest\.json: .*not valid JSON/);

    writeManifest(folder, { ...manifest, images: 'all of them' });
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /manifest\.json: images: /);

    const { database: _database, ...withoutDatabase } = manifest;
    writeManifest(folder, withoutDatabase);
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /manifest\.json: database: /);

    writeManifest(folder, { ...manifest, chainHead: { seq: 'last', hash: 'x' } });
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /manifest\.json: chainHead\.seq: /);

    writeManifest(folder, '[1, 2, 3]');
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /manifest\.json: /);

    // A secret in the manifest is never quoted back (the JSON parser's own message would).
    writeManifest(folder, 'SECRET-CONTENT-12345 not json');
    const quoted = runCli(['restore', '--from', folder, '--to', target]);
    expectOneLineRefusal(quoted, /manifest\.json/);
    expect(quoted.stderr).not.toContain('SECRET');
    expect(filesUnder(target)).toEqual([]);
  }, CLI_TIMEOUT);

  it('a symlink in the backup folder pointing outside is refused, not followed, and nothing is left in the target', async () => {
    const { folder, manifest, root } = await realBackup();
    const target = path.join(root, 'restore', 'data');
    const secret = path.join(root, 'secret.txt');
    writeFileSync(secret, 'the secret the attacker wants restored into the station');
    const victim = manifest.images[1]!.file;
    rmSync(path.join(folder, 'xray-images', victim));
    symlinkSync(secret, path.join(folder, 'xray-images', victim));
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), new RegExp(`${victim}: is a symbolic link`));
    expect(filesUnder(target)).toEqual([]);

    // The image folder itself a symlink to somewhere else.
    const elsewhere = path.join(root, 'elsewhere');
    mkdirSync(elsewhere);
    rmSync(path.join(folder, 'xray-images'), { recursive: true });
    symlinkSync(elsewhere, path.join(folder, 'xray-images'));
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /xray-images: is a symbolic link/);
    expect(filesUnder(target)).toEqual([]);
  }, CLI_TIMEOUT);

  it('a symlinked database in the backup is refused', async () => {
    const { folder, root } = await realBackup();
    const target = path.join(root, 'restore', 'data');
    const db = path.join(folder, 'mailscreen.sqlite');
    const moved = path.join(root, 'moved.sqlite');
    writeFileSync(moved, readFileSync(db));
    rmSync(db);
    symlinkSync(moved, db);
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /mailscreen\.sqlite: is a symbolic link/);
    expect(filesUnder(target)).toEqual([]);
  }, CLI_TIMEOUT);

  it('a FIFO in the backup folder is refused promptly (the restore never blocks on it)', async () => {
    const { folder, manifest, root } = await realBackup();
    const target = path.join(root, 'restore', 'data');
    const image = path.join(folder, 'xray-images', manifest.images[0]!.file);
    rmSync(image);
    execFileSync('mkfifo', [image]);
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /is not a regular file/);
    expect(filesUnder(target)).toEqual([]);

    const manifestFile = path.join(folder, 'manifest.json');
    rmSync(manifestFile);
    execFileSync('mkfifo', [manifestFile]);
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /manifest\.json: is not a regular file/);
    expect(filesUnder(target)).toEqual([]);
  }, CLI_TIMEOUT);

  it('a FIFO as the backed-up database is refused promptly', async () => {
    const { folder, root } = await realBackup();
    const target = path.join(root, 'restore', 'data');
    const db = path.join(folder, 'mailscreen.sqlite');
    rmSync(db);
    execFileSync('mkfifo', [db]);
    expectOneLineRefusal(runCli(['restore', '--from', folder, '--to', target]), /mailscreen\.sqlite: is not a regular file/);
    expect(filesUnder(target)).toEqual([]);
  }, CLI_TIMEOUT);

  it('an image listed in the manifest but missing from the backup is a problem of the restore, not a crash', async () => {
    const { folder, manifest, root } = await realBackup();
    const target = path.join(root, 'restore', 'data');
    rmSync(path.join(folder, 'xray-images', manifest.images[0]!.file));
    const result = runCli(['restore', '--from', folder, '--to', target]);
    expect(result.status, result.stderr).toBe(1);
    const restored = JSON.parse(result.stdout) as { ok: boolean; problems: string[]; images: number };
    expect(restored.ok).toBe(false);
    expect(restored.images).toBe(1);
    expect(restored.problems.join(' ')).toMatch(/missing from the backup/);
  }, CLI_TIMEOUT);
});

describe('backup of an image store holding what the station did not put there', () => {
  it('a symlink, a FIFO and a stray file in the image store are listed as refused, not followed, copied or blocked on', async () => {
    const root = tempDir('mailscreen-hostile-store-');
    const dataDir = path.join(root, 'data');
    const imageStore = path.join(dataDir, 'xray-images');
    mkdirSync(imageStore, { recursive: true, mode: 0o700 });
    store = Store.open(path.join(dataDir, 'mailscreen.sqlite'));
    const good = randomBytes(512);
    writeFileSync(path.join(imageStore, `${sha256(good)}.png`), good);
    const secret = path.join(root, 'secret.txt');
    writeFileSync(secret, 'outside the image store');
    const linkName = `${sha256('link')}.png`;
    symlinkSync(secret, path.join(imageStore, linkName));
    const fifoName = `${sha256('fifo')}.png`;
    execFileSync('mkfifo', [path.join(imageStore, fifoName)]);
    writeFileSync(path.join(imageStore, 'notes\u001b[2J.txt'), 'not an image');

    const made = await backup({ store, imageStore, to: path.join(root, 'backups'), by: 'operator:admin' });
    expect(made.ok).toBe(false);
    expect(made.manifest.images.map((i) => i.file)).toEqual([`${sha256(good)}.png`]);
    expect(made.manifest.imagesMismatched).toEqual([]);
    expect(made.manifest.imagesRefused).toEqual(
      expect.arrayContaining([
        { file: linkName, problem: 'symlink' },
        { file: fifoName, problem: 'not-regular' },
        { file: 'notes\\u001b[2J.txt', problem: expect.stringMatching(/not named as the image store names images/) },
      ]),
    );
    expect(readdirSync(path.join(made.folder, 'xray-images'))).toEqual([`${sha256(good)}.png`]);

    // What the backup refused does not stop its restore: the manifest still passes its schema.
    const restored = runCli(['restore', '--from', made.folder, '--to', path.join(root, 'restored')]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ ok: true, images: 1 });
  }, CLI_TIMEOUT);
});
