// An image the station stored is still there after a power cut: the copy is fsynced before its
// rename and the store folder after it. Which handles were fsynced is recorded by wrapping open().
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyIntoImageStore } from '../../src/hardware/index.ts';
import { xrayLikePng } from '../../src/hardware/simulators/xrayPng.ts';
import { tempDir } from '../helpers/station.ts';

const synced = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof FsPromises>();
  const open = (async (...args: Parameters<typeof fsp.open>) => {
    const handle = await fsp.open(...args);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      synced.paths.push(String(args[0]));
      return sync();
    };
    return handle;
  }) as typeof fsp.open;
  return { ...fsp, open, default: { ...fsp, open } };
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the X-ray image store', () => {
  it('fsyncs the copy before its rename and the store folder after it', async () => {
    const root = tempDir('mailscreen-image-store-');
    dirs.push(root);
    const hot = path.join(root, 'hot');
    const store = path.join(root, 'xray-images');
    mkdirSync(hot);
    const bytes = xrayLikePng('durable');
    writeFileSync(path.join(hot, 'scan.png'), bytes);
    synced.paths = [];
    const stored = await copyIntoImageStore(path.join(hot, 'scan.png'), store, { maxBytes: 1 << 20 });
    expect(readFileSync(stored.path).equals(bytes)).toBe(true);
    expect(synced.paths.map((p) => (p === store ? 'store folder' : path.dirname(p) === store ? 'copy' : p))).toEqual(['copy', 'store folder']);
  });
});
