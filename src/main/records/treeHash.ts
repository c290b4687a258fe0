import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

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

/**
 * A chunk hasher's code: SHA-256 of the first `length` bytes of a buffer it shares with this
 * thread (nothing is copied), answered in the order asked. Fixed text, run with `eval` so the
 * hasher needs no file of its own beside the Electron bundle.
 */
const HASHER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', (m) => parentPort.postMessage(createHash('sha256').update(new Uint8Array(m.buffer, 0, m.length)).digest()));
`;

/** A hasher holds one chunk at a time: its heap needs little room (V8's defaults would reserve far more). */
const HASHER_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 };

/** A chunk's SHA-256 on another thread; in this one when that thread cannot run. */
interface ChunkHasher {
  digest(buffer: SharedArrayBuffer, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

function chunkHasher(): ChunkHasher {
  const waiting: Array<{ resolve: (digest: Buffer) => void; reject: (error: Error) => void }> = [];
  let worker: Worker | null = null;
  let broken: Error | null = null;
  try {
    worker = new Worker(HASHER, { eval: true, resourceLimits: HASHER_LIMITS });
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
  }
  const fail = (error: Error) => {
    broken ??= error;
    for (const ask of waiting.splice(0)) ask.reject(broken);
  };
  worker?.on('message', (digest: Uint8Array) => waiting.shift()?.resolve(Buffer.from(digest)));
  worker?.on('error', fail);
  worker?.on('exit', () => fail(new Error('the chunk hasher ended')));
  return {
    async digest(buffer, length) {
      if (broken || !worker) return createHash('sha256').update(new Uint8Array(buffer, 0, length)).digest();
      const answer = new Promise<Buffer>((resolve, reject) => waiting.push({ resolve, reject }));
      worker.postMessage({ buffer, length });
      try {
        return await answer;
      } catch {
        // The hasher stopped (out of memory, killed): this thread hashes the chunk instead.
        return createHash('sha256').update(new Uint8Array(buffer, 0, length)).digest();
      }
    },
    async close() {
      if (worker) await worker.terminate();
    },
  };
}

/**
 * The tree digest of a file that holds still while it is read (a held database snapshot, or a
 * copy of its own). Each core gets a hasher thread and two buffers shared with it: while it
 * hashes one chunk, this thread reads the next into the other (reads run in libuv's thread
 * pool), so the chunks' SHA-256s run on every core and nothing is copied between threads.
 * `firstChunk`: what the file's first bytes are taken to be (see asStandaloneDatabase). A file
 * that ends early or grows while it is hashed is an error: it did not hold still.
 */
export async function treeHashFile(file: string, options: { chunkBytes?: number; firstChunk?: (chunk: Buffer) => void } = {}): Promise<{ sha256: string; bytes: number }> {
  const chunkBytes = options.chunkBytes ?? TREE_CHUNK_BYTES;
  const handle = await open(file, 'r');
  const hashers: ChunkHasher[] = [];
  try {
    const size = (await handle.stat()).size;
    const chunks = Math.ceil(size / chunkBytes);
    const digests: Buffer[] = new Array<Buffer>(chunks);
    // A file of one or two chunks is not worth a thread's start.
    const threads = chunks > 2 ? Math.max(1, Math.min(availableParallelism(), chunks)) : 0;
    for (let n = 0; n < threads; n += 1) hashers.push(chunkHasher());
    let next = 0;
    let failure: unknown = null;
    const lane = async (hasher: ChunkHasher | null) => {
      const shared = new SharedArrayBuffer(Math.min(chunkBytes, size));
      const buffer = Buffer.from(shared);
      while (failure === null && next < chunks) {
        const index = next;
        next += 1;
        try {
          const expected = Math.min(chunkBytes, size - index * chunkBytes);
          const read = await readFully(handle, buffer.subarray(0, expected), index * chunkBytes);
          if (read !== expected) throw new Error(`${file} changed while it was hashed (chunk ${index} ended early)`);
          if (index === 0) options.firstChunk?.(buffer.subarray(0, read));
          digests[index] = hasher ? await hasher.digest(shared, read) : createHash('sha256').update(buffer.subarray(0, read)).digest();
        } catch (error) {
          failure ??= error;
        }
      }
    };
    // Two lanes per hasher: one chunk being hashed, the next being read.
    const lanes = hashers.length > 0 ? hashers.flatMap((hasher) => [lane(hasher), lane(hasher)]) : chunks > 0 ? [lane(null)] : [];
    await Promise.all(lanes);
    if (failure !== null) throw failure;
    const after = (await handle.stat()).size;
    if (after !== size) throw new Error(`${file} changed while it was hashed (${size} bytes, then ${after})`);
    const root = createHash('sha256');
    for (const digest of digests) root.update(digest);
    return { sha256: root.digest('hex'), bytes: size };
  } finally {
    await Promise.allSettled(hashers.map((hasher) => hasher.close()));
    await handle.close();
  }
}
