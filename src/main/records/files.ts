import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** An image store file name is `<sha256>.<ext>`: the name itself says what the content must be. */
export function sha256OfName(name: string): string | null {
  const stem = name.split('.')[0] ?? '';
  return /^[0-9a-f]{64}$/.test(stem) ? stem : null;
}

export async function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Copies a file owner-only (0o600), hashing the very bytes written, and fsyncs it: the hash proves
 * the copy, not just the source. Refuses to overwrite (`wx`).
 */
export async function copyHashed(source: string, dest: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const out = await open(dest, 'wx', 0o600);
  try {
    for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      hash.update(buf);
      bytes += buf.length;
      await out.write(buf);
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Makes a rename or a new file in a folder durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
