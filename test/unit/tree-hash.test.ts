// The tree digest of a version-2 backup (issue 15, point 5): the SHA-256 over each chunk's
// SHA-256. The parallel file digest (the backup's) and the streaming one (the restore's, fed in
// whatever pieces the reads return) must both be exactly the definition, at every size around a
// chunk boundary, or a restore would refuse good backups (or a tree built differently could hide
// a change).
import { createHash, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Digest, treeDigest, treeHashFile } from '../../src/main/records/treeHash.ts';
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
});
