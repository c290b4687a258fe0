// The tree digest of a version-2 backup (issue 15, point 5): the SHA-256 over each chunk's
// SHA-256. The parallel file digest (the backup's) and the streaming one (the restore's, fed in
// whatever pieces the reads return) must both be exactly the definition, at every size around a
// chunk boundary, or a restore would refuse good backups (or a tree built differently could hide
// a change).
import { createHash, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Digest, TREE_PIECE_BYTES, treeDigest, treeHashFile } from '../../src/main/records/treeHash.ts';
import { tempDir } from '../helpers/station.ts';

const work = tempDir('mailscreen-tree-hash-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CHUNK = 64 << 10;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

/** The definition, written out here rather than taken from the code under test. */
function definition(bytes: Buffer, chunkBytes: number): string {
  const root = createHash('sha256');
  for (let at = 0; at < bytes.length; at += chunkBytes) root.update(sha(bytes.subarray(at, at + chunkBytes)));
  return root.digest('hex');
}

/** Fed in pieces of uneven sizes that straddle the chunk boundaries. */
function streamed(bytes: Buffer, chunkBytes: number): string {
  const digest = treeDigest(chunkBytes);
  const pieces = [1, 4095, CHUNK - 1, 2, CHUNK + 7, 333];
  for (let at = 0, n = 0; at < bytes.length; n += 1) {
    const take = pieces[n % pieces.length]!;
    digest.update(bytes.subarray(at, at + take));
    at += take;
  }
  return digest.digest();
}

describe('the tree digest', () => {
  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 12_345, 5 * CHUNK]) {
    it(`is the definition, streamed or read on every core, for ${size} bytes`, async () => {
      const bytes = randomBytes(size);
      const file = path.join(work, `f${size}.bin`);
      writeFileSync(file, bytes);
      const expected = definition(bytes, CHUNK);
      expect(streamed(bytes, CHUNK)).toBe(expected);
      expect(await treeHashFile(file, { chunkBytes: CHUNK })).toEqual({ sha256: expected, bytes: size });
    });
  }

  it('changes with any one chunk, with the chunks swapped, and with the chunk size', async () => {
    const bytes = randomBytes(4 * CHUNK);
    const base = definition(bytes, CHUNK);
    for (let chunk = 0; chunk < 4; chunk += 1) {
      const changed = Buffer.from(bytes);
      changed[chunk * CHUNK + 100] = changed[chunk * CHUNK + 100]! ^ 1;
      expect(streamed(changed, CHUNK)).not.toBe(base);
    }
    const swapped = Buffer.concat([bytes.subarray(CHUNK, 2 * CHUNK), bytes.subarray(0, CHUNK), bytes.subarray(2 * CHUNK)]);
    expect(streamed(swapped, CHUNK)).not.toBe(base);
    expect(streamed(bytes, 2 * CHUNK)).not.toBe(base);
    // Not the plain SHA-256 either: a version-1 digest never passes for a version-2 one.
    const plain = sha256Digest();
    plain.update(bytes);
    expect(plain.digest()).not.toBe(base);
  });

  it('takes the first chunk as the caller says it is (the standalone header), and only the first', async () => {
    const bytes = randomBytes(3 * CHUNK);
    const file = path.join(work, 'header.bin');
    writeFileSync(file, bytes);
    let calls = 0;
    const hashed = await treeHashFile(file, {
      chunkBytes: CHUNK,
      firstChunk: (chunk) => {
        calls += 1;
        chunk.fill(0, 0, 16);
      },
    });
    const expected = Buffer.from(bytes);
    expected.fill(0, 0, 16);
    expect(calls).toBe(1);
    expect(hashed.sha256).toBe(definition(expected, CHUNK));
  });

  it('is the definition when the chunks are read in pieces that do not divide them, the header taken from the first piece', async () => {
    const piece = 24 * 1024 + 1;
    for (const size of [piece - 1, piece, CHUNK + piece, 4 * CHUNK + 7]) {
      const bytes = randomBytes(size);
      const file = path.join(work, `pieces${size}.bin`);
      writeFileSync(file, bytes);
      const hashed = await treeHashFile(file, { chunkBytes: CHUNK, pieceBytes: piece, firstChunk: (first) => first.fill(0, 0, 16) });
      const expected = Buffer.from(bytes);
      expected.fill(0, 0, Math.min(16, size));
      expect(hashed).toEqual({ sha256: definition(expected, CHUNK), bytes: size });
    }
  });

  it('holds a piece per lane, not a chunk: two lanes per hasher, whatever the chunk size', async () => {
    // A database of gigabytes was read 8 MiB chunk by 8 MiB chunk into two buffers per core, held
    // through the whole backup: 32 MB of the station's memory on two cores.
    const chunkBytes = 2 * TREE_PIECE_BYTES;
    const size = 3 * chunkBytes + 12_345;
    const bytes = randomBytes(size);
    const file = path.join(work, 'big.bin');
    writeFileSync(file, bytes);
    const stats = { bufferBytes: 0 };
    expect(await treeHashFile(file, { chunkBytes, stats })).toEqual({ sha256: definition(bytes, chunkBytes), bytes: size });
    const lanes = 2 * Math.min(availableParallelism(), 4);
    expect(stats.bufferBytes).toBeGreaterThan(0);
    expect(stats.bufferBytes).toBeLessThanOrEqual(lanes * TREE_PIECE_BYTES);
    rmSync(file);
  });
});
