import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { sha256Digest, type StreamDigest } from './treeHash.ts';

/** An image store file name is `<sha256>.<ext>`: the name itself says what the content must be. */
export function sha256OfName(name: string): string | null {
  const stem = name.split('.')[0] ?? '';
  return /^[0-9a-f]{64}$/.test(stem) ? stem : null;
}

/** How much of a file is read at a time to hash it: large reads, few system calls, two of them in memory. */
const HASH_CHUNK = 2 << 20;

/**
 * The SHA-256 of a file and its size. `firstChunk`: what the file's first bytes are taken to be
 * before hashing (see copyHashed). Two buffers, reused: the next chunk is read (in libuv's
 * thread pool) while this one is hashed, so reading and hashing overlap and no memory is
 * allocated per chunk; the hash is the part that cannot be split, and it never waits for a read.
 */
export async function sha256File(file: string, firstChunk?: (chunk: Buffer) => void): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const handle = await open(file, 'r');
  try {
    let current = Buffer.allocUnsafe(HASH_CHUNK);
    let spare = Buffer.allocUnsafe(HASH_CHUNK);
    let reading = handle.read(current, 0, HASH_CHUNK, null);
    for (;;) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      const chunk = current.subarray(0, bytesRead);
      [current, spare] = [spare, current];
      // Positions follow on: the next read starts where this one ended.
      reading = handle.read(current, 0, HASH_CHUNK, null);
      if (bytes === 0) firstChunk?.(chunk);
      hash.update(chunk);
      bytes += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** A new file only: never an existing one, never through a symlink at the last component. */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export class CopyOverrun extends Error {
  override name = 'CopyOverrun';
}

/** The largest read of a copy: big enough for few system calls, small enough to keep three of in memory. */
const COPY_CHUNK = 8 << 20;

/**
 * The same promise, marked as handled: it is awaited a turn later, and a failure in between must
 * not count as unhandled (which ends the process); the await still throws it.
 */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Writes all of `chunk` (a write may take fewer bytes than it was given). */
async function writeAll(out: FileHandle, chunk: Buffer): Promise<void> {
  for (let written = 0; written < chunk.length; ) {
    const { bytesWritten } = await out.write(chunk, written, chunk.length - written, null);
    if (bytesWritten <= 0) throw new Error('the copy took no more bytes (is the disk full?)');
    written += bytesWritten;
  }
}

/**
 * Copies an open file (a handle from openSiteFile: the very file that was checked) to a new
 * owner-only (0o600) file, hashing the very bytes written, and fsyncs it: the hash proves the
 * copy, not just the source. `sha256` is the hex digest `digest` makes (by default the plain
 * SHA-256 of the file; a tree digest for a version-2 backup's database). Refuses to overwrite. At most `maxBytes` are copied: a source that
 * grows past it while it is read fails with CopyOverrun, and the partial copy is removed by the
 * caller with the rest of what it made.
 *
 * Each chunk is read once: while this thread hashes it, it is written out and the next chunk is
 * read (both in libuv's thread pool), through three buffers taken in turn, so the disk's work and
 * the hash overlap instead of taking turns. `largestRead` bounds those buffers: copies made
 * several at a time pass less than the default.
 */
export async function copyHashed(
  source: FileHandle,
  dest: string,
  maxBytes = Number.MAX_SAFE_INTEGER,
  firstChunk?: (chunk: Buffer) => void,
  digest: StreamDigest = sha256Digest(),
  largestRead = COPY_CHUNK,
): Promise<{ sha256: string; bytes: number }> {
  const hash = digest;
  let bytes = 0;
  // An image is a few MB: its buffers are its size, not the database's.
  const chunkSize = Math.max(64 << 10, Math.min(largestRead, (await source.stat()).size + 1));
  const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
  const out = await open(dest, CREATE_NEW, 0o600);
  let reading: Promise<{ bytesRead: number }> | null = null;
  let writing: Promise<void> = Promise.resolve();
  try {
    let turn = 0;
    reading = awaitedLater(source.read(buffers[turn]!, 0, chunkSize, null));
    for (;;) {
      const { bytesRead } = await reading;
      reading = null;
      if (bytesRead === 0) break;
      bytes += bytesRead;
      if (bytes > maxBytes) throw new CopyOverrun(`grew past ${maxBytes} bytes while it was copied`);
      const chunk = buffers[turn]!.subarray(0, bytesRead);
      // What the copy's first bytes must be (before they are written and hashed, so the hash is of the copy).
      if (bytes === bytesRead) firstChunk?.(chunk);
      turn = (turn + 1) % buffers.length;
      // Into the buffer the write before last used: that write is done (awaited below, last turn).
      reading = awaitedLater(source.read(buffers[turn]!, 0, chunkSize, null));
      await writing;
      writing = awaitedLater(writeAll(out, chunk));
      hash.update(chunk);
    }
    await writing;
    await out.sync();
  } finally {
    // Nothing of this copy is still moving when the handles are closed (also after a failure).
    await Promise.allSettled([writing, reading ?? Promise.resolve()]);
    await out.close();
  }
  return { sha256: hash.digest(), bytes };
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
