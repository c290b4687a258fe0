import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** An image store file name is `<sha256>.<ext>`: the name itself says what the content must be. */
export function sha256OfName(name: string): string | null {
  const stem = name.split('.')[0] ?? '';
  return /^[0-9a-f]{64}$/.test(stem) ? stem : null;
}

/** `firstChunk`: what the file's first bytes are taken to be before hashing (see copyHashed). */
export async function sha256File(file: string, firstChunk?: (chunk: Buffer) => void): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) {
    if (bytes === 0) firstChunk?.(chunk as Buffer);
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** A new file only: never an existing one, never through a symlink at the last component. */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export class CopyOverrun extends Error {
  override name = 'CopyOverrun';
}

/**
 * Copies an open file (a handle from openSiteFile: the very file that was checked) to a new
 * owner-only (0o600) file, hashing the very bytes written, and fsyncs it: the hash proves the
 * copy, not just the source. Refuses to overwrite. At most `maxBytes` are copied: a source that
 * grows past it while it is read fails with CopyOverrun, and the partial copy is removed by the
 * caller with the rest of what it made.
 */
export async function copyHashed(source: FileHandle, dest: string, maxBytes = Number.MAX_SAFE_INTEGER, firstChunk?: (chunk: Buffer) => void): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const out = await open(dest, CREATE_NEW, 0o600);
  try {
    const buffer = Buffer.alloc(4 << 20);
    for (;;) {
      const { bytesRead } = await source.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      if (bytes > maxBytes) throw new CopyOverrun(`grew past ${maxBytes} bytes while it was copied`);
      const chunk = buffer.subarray(0, bytesRead);
      // What the copy's first bytes must be (before they are hashed, so the hash is of the copy).
      if (bytes === bytesRead) firstChunk?.(chunk);
      hash.update(chunk);
      await out.write(chunk);
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
