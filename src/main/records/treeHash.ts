import { createHash, webcrypto, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';

// A backup's database digest since manifest version 2: the SHA-256 of each fixed-size chunk of
// the file, then the SHA-256 over those chunk digests (32 raw bytes each, in file order). One
// SHA-256 over a whole database runs on one core (about 1 GB/s, longer than the copy itself);
// the chunks' digests are independent, so they are computed on every core at once. The chunk
// size is written in the manifest beside the digest, and the byte count with it: with both
// fixed, a file has exactly one tree digest, and any changed chunk changes it.

/** The algorithm's name in a manifest. */
export const TREE_HASH = 'sha256-tree';
/** The chunk size backups use: large enough that the chunk digests are a few KB for a database of gigabytes. */
export const TREE_CHUNK_BYTES = 8 << 20;
/** The chunk sizes a manifest may name: smaller would make a restore hash in tiny pieces, larger hold more in memory. */
export const TREE_CHUNK_MIN = 64 << 10;
export const TREE_CHUNK_MAX = 256 << 20;

/** A digest made as bytes arrive, in any pieces: what copyHashed feeds. */
export interface StreamDigest {
  update(bytes: Buffer): void;
  /** Lowercase hex. */
  digest(): string;
}

/** The plain SHA-256 of everything fed (a version-1 manifest's database digest, an image's). */
export function sha256Digest(): StreamDigest {
  const hash = createHash('sha256');
  return { update: (bytes) => hash.update(bytes), digest: () => hash.digest('hex') };
}

/**
 * The tree digest of everything fed, in pieces of any size (chunk boundaries fall where they
 * fall): one thread, for a restore checking a copy as it makes it. `treeHashFile` gives the same
 * digest of a file on every core.
 */
export function treeDigest(chunkBytes: number): StreamDigest {
  const root = createHash('sha256');
  let chunk: Hash | null = null;
  let inChunk = 0;
  return {
    update(bytes) {
      for (let at = 0; at < bytes.length; ) {
        chunk ??= createHash('sha256');
        const take = Math.min(chunkBytes - inChunk, bytes.length - at);
        chunk.update(bytes.subarray(at, at + take));
        at += take;
        inChunk += take;
        if (inChunk === chunkBytes) {
          root.update(chunk.digest());
          chunk = null;
          inChunk = 0;
        }
      }
    },
    digest() {
      if (chunk) root.update(chunk.digest());
      chunk = null;
      return root.digest('hex');
    },
  };
}

/** Reads until `buffer` is full or the file ends; returns how many bytes were read. */
async function readFully(handle: Awaited<ReturnType<typeof open>>, buffer: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/** Chunks hashed at once: the digests run in libuv's thread pool, one per core, while the next chunks are read. */
const LANES = 2;

/**
 * The tree digest of a file that holds still while it is read (a held database snapshot, or a
 * copy of its own). Each chunk is read into a buffer of its lane and digested in libuv's thread
 * pool (WebCrypto's digest is asynchronous), so the chunks' SHA-256s run on both cores and this
 * thread only reads. `firstChunk`: what the file's first bytes are taken to be (see
 * asStandaloneDatabase). A file that ends early or grows while it is hashed is an error: it did
 * not hold still.
 */
export async function treeHashFile(file: string, options: { chunkBytes?: number; firstChunk?: (chunk: Buffer) => void } = {}): Promise<{ sha256: string; bytes: number }> {
  const chunkBytes = options.chunkBytes ?? TREE_CHUNK_BYTES;
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const chunks = Math.ceil(size / chunkBytes);
    const digests: Buffer[] = new Array<Buffer>(chunks);
    let next = 0;
    let failure: unknown = null;
    const lane = async () => {
      const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, size));
      while (failure === null && next < chunks) {
        const index = next;
        next += 1;
        try {
          const expected = Math.min(chunkBytes, size - index * chunkBytes);
          const read = await readFully(handle, buffer.subarray(0, expected), index * chunkBytes);
          if (read !== expected) throw new Error(`${file} changed while it was hashed (chunk ${index} ended early)`);
          const chunk = buffer.subarray(0, read);
          if (index === 0) options.firstChunk?.(chunk);
          digests[index] = Buffer.from(await webcrypto.subtle.digest('SHA-256', chunk));
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(LANES, Math.max(1, chunks)) }, lane));
    if (failure !== null) throw failure;
    const after = (await handle.stat()).size;
    if (after !== size) throw new Error(`${file} changed while it was hashed (${size} bytes, then ${after})`);
    const root = createHash('sha256');
    for (const digest of digests) root.update(digest);
    return { sha256: root.digest('hex'), bytes: size };
  } finally {
    await handle.close();
  }
}
