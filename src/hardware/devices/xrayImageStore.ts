import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

// The station's image store: content-addressed copies of cabinet images. The cabinet's folder is
// not ours (it may be a share the cabinet rewrites or cleans up), so evidence is copied, never
// referenced, and named by its SHA-256 so the name itself proves the content.

export interface StoredImage {
  path: string;
  sha256: string;
  bytes: number;
}

/** Extensions are lowercased and limited so a hostile file name cannot steer the store path. */
function storeExtension(source: string): string {
  const ext = extname(source).slice(1).toLowerCase();
  return /^[a-z0-9]{1,5}$/.test(ext) ? ext : 'bin';
}

/**
 * Copies `source` into `storeDir` as `<sha256>.<ext>`, hashing the very bytes it writes. The copy
 * goes to a temporary name first and is fsynced before the rename, so the store never holds a
 * half-written file under a hash name, even across a power cut. Owner-only (0o600): images of
 * people's mail are personal data.
 */
export async function copyIntoImageStore(source: string, storeDir: string): Promise<StoredImage> {
  await mkdir(storeDir, { recursive: true, mode: 0o700 });
  const temp = join(storeDir, `.incoming-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const out = await open(temp, 'wx', 0o600);
  try {
    for await (const chunk of createReadStream(source)) {
      const buf = chunk as Buffer;
      hash.update(buf);
      bytes += buf.length;
      await out.write(buf);
    }
    await out.sync();
  } catch (err) {
    await out.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await out.close();
  const sha256 = hash.digest('hex');
  const path = join(storeDir, `${sha256}.${storeExtension(source)}`);
  const existing = await stat(path).catch(() => null);
  if (existing?.isFile() && existing.size === bytes) {
    // Same content already stored (a re-sent image): keep the first copy untouched.
    await rm(temp, { force: true });
  } else {
    await rename(temp, path);
  }
  return { path, sha256, bytes };
}
