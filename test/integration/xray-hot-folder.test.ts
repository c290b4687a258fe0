// The hot folder on a real filesystem: a file written slowly in pieces is taken only once
// complete, temporary names are skipped, files present at start are ignored, and the copy in the
// store is content-addressed, owner-only and byte-identical.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HotFolderImageSource } from '../../src/hardware/devices/hotFolderImageSource.ts';
import type { HotFolderFile } from '../../src/hardware/devices/hotFolderImageSource.ts';
import { xrayLikePng } from '../../src/hardware/simulators/xrayPng.ts';
import { waitFor } from '../helpers/wait.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ folder: string; store: string; source: HotFolderImageSource; files: HotFolderFile[] }> {
  const root = await mkdtemp(join(tmpdir(), 'mailscreen-hotfolder-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const folder = join(root, 'hot');
  const store = join(root, 'store');
  await mkdir(folder);
  await writeFile(join(folder, 'old-scan.png'), xrayLikePng('old'));
  const source = new HotFolderImageSource({ folder, imageStore: store, stableMs: 150, rescanMs: 100 });
  const files: HotFolderFile[] = [];
  source.on('file', (f) => files.push(f));
  cleanups.push(() => source.stop());
  await source.start();
  return { folder, store, source, files };
}

describe('HotFolderImageSource', () => {
  it('waits for a file written in pieces, then copies it whole', async () => {
    const { folder, store, files } = await setup();
    const png = xrayLikePng('slow', { threat: true });
    const path = join(folder, 'slow.png');
    await writeFile(path, png.subarray(0, 100));
    for (let at = 100; at < png.length; at += 400) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      await appendFile(path, png.subarray(at, at + 400));
    }
    const file = await waitFor('the file', () => files[0]);
    const sha = createHash('sha256').update(png).digest('hex');
    expect(file).toMatchObject({ name: 'slow.png', sha256: sha, bytes: png.length, path: join(store, `${sha}.png`) });
    expect((await readFile(file.path)).equals(png)).toBe(true);
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect(files.map((f) => f.name)).toEqual(['slow.png']); // the file present at start is not reported
  });

  it('skips temporary names and takes the file once renamed into place, once', async () => {
    const { folder, files } = await setup();
    await writeFile(join(folder, '.scan-7.png.part'), xrayLikePng('seven'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(files).toEqual([]);
    await rename(join(folder, '.scan-7.png.part'), join(folder, 'scan-7.png'));
    await waitFor('the renamed file', () => files[0]);
    await new Promise((resolve) => setTimeout(resolve, 400)); // several rescans
    expect(files.map((f) => f.name)).toEqual(['scan-7.png']);
  });

  it('ingest() of a named file shares the work with the watcher', async () => {
    const { folder, source, files } = await setup();
    await writeFile(join(folder, 'named.png'), xrayLikePng('named'));
    const file = await source.ingest('named.png');
    expect(file && 'name' in file ? file.name : null).toBe('named.png');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(files).toEqual([]);
    expect(await source.ingest('missing.png', 300)).toBeNull();
  });
});
