// A backup gets its final name only once everything in it is on disk: the manifest too. Which
// files were fsynced is recorded by wrapping fsyncSync (the path of each descriptor from /proc).
import { rmSync } from 'node:fs';
import type * as Fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backup } from '../../src/main/records/index.ts';
import { Store } from '../../src/main/store/index.ts';
import { tempDir } from '../helpers/station.ts';

const synced = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const fsyncSync = ((fd: number) => {
    synced.paths.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
    fs.fsyncSync(fd);
  }) as typeof fs.fsyncSync;
  return { ...fs, fsyncSync, default: { ...fs, fsyncSync } };
});

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('backup durability', () => {
  it("fsyncs the manifest's bytes and its folder before the backup folder gets its final name", async () => {
    const dataDir = tempDir('mailscreen-backup-sync-');
    const store = Store.open(path.join(dataDir, 'mailscreen.sqlite'));
    cleanups.push(() => {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    synced.paths = [];
    const result = await backup({ store, imageStore: null, to: path.join(dataDir, 'backups'), by: 'cli:test' });
    expect(result.ok).toBe(true);
    const partial = `${result.folder}.partial`;
    // The manifest was written under a temporary name in the partial folder, fsynced, then renamed.
    expect(synced.paths.some((p) => path.dirname(p) === partial && path.basename(p).startsWith('.manifest.json.'))).toBe(true);
    expect(synced.paths).toContain(partial);
  });
});
