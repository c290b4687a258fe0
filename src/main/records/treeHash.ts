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
 * How much of a chunk is read and hashed at a time: each lane holds one piece, not its chunk, so
 * the buffers in flight are a few MB whatever the chunk size (8 MiB chunks in 8 MiB buffers, two
 * per core, kept 32 MB in the station's memory through every backup). Large enough that the reads
 * and the messages to the hashers are a few thousand for a database of gigabytes.
 */
export const TREE_PIECE_BYTES = 2 << 20;

/**
 * A chunk hasher's code: feeds the SHA-256 of each lane's chunk with the first `length` bytes of a
 * buffer it shares with this thread (nothing is copied), piece after piece; answers each piece in
 * the order asked: null, or the chunk's digest after its last piece. Fixed text, run with `eval`
 * so the hasher needs no file of its own beside the Electron bundle.
 */
const HASHER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const open = new Map();
parentPort.on('message', (m) => {
  let hash = open.get(m.lane);
  if (!hash) open.set(m.lane, (hash = createHash('sha256')));
  hash.update(new Uint8Array(m.buffer, 0, m.length));
  if (!m.last) return parentPort.postMessage(null);
  open.delete(m.lane);
  parentPort.postMessage(hash.digest());
});
`;

/** A hasher holds a piece at a time: its heap needs little room (V8's defaults would reserve far more). */
const HASHER_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 };

/** The hasher thread stopped (out of memory, killed) or never started: the chunk is hashed in this thread instead. */
class HasherGone extends Error {}

/** Pieces of chunks hashed on another thread, each lane's chunk apart. */
interface ChunkHasher {
  /** Null for a piece that is not the chunk's last; the chunk's digest after its last. Rejects with HasherGone. */
  piece(lane: number, buffer: SharedArrayBuffer, length: number, last: boolean): Promise<Buffer | null>;
  close(): Promise<void>;
}

function chunkHasher(): ChunkHasher {
  const waiting: Array<{ resolve: (digest: Buffer | null) => void; reject: (error: Error) => void }> = [];
  let worker: Worker | null = null;
  let broken: Error | null = null;
  try {
    worker = new Worker(HASHER, { eval: true, resourceLimits: HASHER_LIMITS });
  } catch (error) {
    broken = new HasherGone(error instanceof Error ? error.message : String(error));
  }
  const fail = (error: Error) => {
    broken ??= new HasherGone(error.message);
    for (const ask of waiting.splice(0)) ask.reject(broken);
  };
  worker?.on('message', (digest: Uint8Array | null) => waiting.shift()?.resolve(digest ? Buffer.from(digest) : null));
  worker?.on('error', fail);
  worker?.on('exit', () => fail(new Error('the chunk hasher ended')));
  return {
    piece(lane, buffer, length, last) {
      if (broken || !worker) return Promise.reject(broken ?? new HasherGone('no chunk hasher'));
      const answer = new Promise<Buffer | null>((resolve, reject) => waiting.push({ resolve, reject }));
      worker.postMessage({ lane, buffer, length, last });
      return answer;
    },
    async close() {
      if (worker) await worker.terminate();
    },
  };
}

export interface TreeHashOptions {
  chunkBytes?: number;
  /** What the file's first bytes are taken to be (see asStandaloneDatabase): called with its first piece, each time that is read. */
  firstChunk?: (chunk: Buffer) => void;
  /** How much of a chunk is read at a time (TREE_PIECE_BYTES; at most the chunk). */
  pieceBytes?: number;
  /** Filled in: the bytes of the buffers it read into, all lanes together (what it held in memory). */
  stats?: { bufferBytes: number };
}

/**
 * The tree digest of a file that holds still while it is read (a held database snapshot, or a
 * copy of its own). Each core gets a hasher thread and two lanes, each lane a piece-sized buffer
 * shared with its hasher: while the hasher hashes one lane's piece, the other lane reads its next
 * piece (reads run in libuv's thread pool), so the chunks' SHA-256s run on every core, nothing is
 * copied between threads, and the memory held is four pieces per core whatever the chunk size.
 * A file that ends early or grows while it is hashed is an error: it did not hold still.
 */
export async function treeHashFile(file: string, options: TreeHashOptions = {}): Promise<{ sha256: string; bytes: number }> {
  const chunkBytes = options.chunkBytes ?? TREE_CHUNK_BYTES;
  const pieceBytes = Math.max(1, Math.min(options.pieceBytes ?? TREE_PIECE_BYTES, chunkBytes));
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
    let lanes = 0;
    const lane = async (hasher: ChunkHasher | null) => {
      const id = lanes;
      lanes += 1;
      const shared = new SharedArrayBuffer(Math.min(pieceBytes, size));
      if (options.stats) options.stats.bufferBytes += shared.byteLength;
      const buffer = Buffer.from(shared);
      /** The chunk's digest, its pieces read into this lane's buffer and fed to `feed`. */
      const digestChunk = async (index: number, feed: (length: number, last: boolean) => Promise<Buffer | null>): Promise<Buffer> => {
        const start = index * chunkBytes;
        const expected = Math.min(chunkBytes, size - start);
        for (let done = 0; ; ) {
          const take = Math.min(pieceBytes, expected - done);
          const read = await readFully(handle, buffer.subarray(0, take), start + done);
          if (read !== take) throw new Error(`${file} changed while it was hashed (chunk ${index} ended early)`);
          if (start + done === 0) options.firstChunk?.(buffer.subarray(0, read));
          done += read;
          const digest = await feed(read, done === expected);
          if (done === expected) return digest!;
        }
      };
      const here = async (index: number) => {
        const hash = createHash('sha256');
        return digestChunk(index, async (length, last) => (hash.update(buffer.subarray(0, length)), last ? hash.digest() : null));
      };
      while (failure === null && next < chunks) {
        const index = next;
        next += 1;
        try {
          if (!hasher) digests[index] = await here(index);
          else {
            try {
              digests[index] = await digestChunk(index, (length, last) => hasher.piece(id, shared, length, last));
            } catch (error) {
              if (!(error instanceof HasherGone)) throw error;
              // The hasher stopped with part of this chunk: this thread hashes it again, whole.
              digests[index] = await here(index);
            }
          }
        } catch (error) {
          failure ??= error;
        }
      }
    };
    // Two lanes per hasher: one piece being hashed, the next being read.
    const running = hashers.length > 0 ? hashers.flatMap((hasher) => [lane(hasher), lane(hasher)]) : chunks > 0 ? [lane(null)] : [];
    await Promise.all(running);
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
