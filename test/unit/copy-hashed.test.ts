// The backup's copy reads each chunk once and writes and hashes it while the next is read: over
// many chunks (a database is gigabytes), the copy is the source byte for byte, its hash is the
// copy's, the header rule is applied to the first bytes only, and a source growing past its
// limit is refused (issue 15, point 5).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyHashed, CopyOverrun, sha256File } from '../../src/main/records/files.ts';
import { tempDir } from '../helpers/station.ts';

const work = tempDir('mailscreen-copy-hashed-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Three and a bit 8 MB chunks, so every buffer is used more than once and the last chunk is short.
const SIZE = 3 * (8 << 20) + 12_345;
const source = path.join(work, 'source.bin');
const content = randomBytes(SIZE);
writeFileSync(source, content);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function copy(dest: string, maxBytes?: number, firstChunk?: (chunk: Buffer) => void) {
  const handle = await open(source, 'r');
  try {
    return await copyHashed(handle, dest, maxBytes, firstChunk);
  } finally {
    await handle.close();
  }
}

describe('copyHashed over many chunks', () => {
  it('writes the source byte for byte, owner-only, and hashes exactly what it wrote', async () => {
    const dest = path.join(work, 'plain.bin');
    const copied = await copy(dest);
    const written = readFileSync(dest);
    expect(written.equals(content)).toBe(true);
    expect(copied).toEqual({ sha256: sha256(content), bytes: SIZE });
    expect(statSync(dest).mode & 0o777).toBe(0o600);
    expect(await sha256File(source)).toEqual({ sha256: sha256(content), bytes: SIZE });
  });

  it('applies the first-chunk rule to the first bytes only, before they are written and hashed', async () => {
    const dest = path.join(work, 'header.bin');
    let calls = 0;
    const copied = await copy(dest, undefined, (chunk) => {
      calls += 1;
      chunk.fill(0, 0, 16);
    });
    const expected = Buffer.from(content);
    expected.fill(0, 0, 16);
    expect(calls).toBe(1);
    expect(readFileSync(dest).equals(expected)).toBe(true);
    expect(copied.sha256).toBe(sha256(expected));
    expect(readFileSync(source).equals(content)).toBe(true);
    expect((await sha256File(source, (chunk) => chunk.fill(0, 0, 16))).sha256).toBe(sha256(expected));
  });

  it('reads at most largestRead at a time (images are copied eight at once, each through three buffers)', async () => {
    const dest = path.join(work, 'small-reads.bin');
    const handle = await open(source, 'r');
    const reads: number[] = [];
    // The very handle, its reads noted: how much the copy asked for at once is what it held per buffer.
    const noted = new Proxy(handle, {
      get(target, key) {
        if (key === 'read') return (buffer: Buffer, offset: number, length: number, position: number | null) => (reads.push(length), target.read(buffer, offset, length, position));
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    try {
      const copied = await copyHashed(noted, dest, undefined, undefined, undefined, 256 << 10);
      expect(copied).toEqual({ sha256: sha256(content), bytes: SIZE });
      expect(readFileSync(dest).equals(content)).toBe(true);
    } finally {
      await handle.close();
    }
    expect(reads.length).toBeGreaterThan(SIZE / (256 << 10));
    expect(Math.max(...reads)).toBe(256 << 10);
  });

  it('refuses a source past its limit, and never writes over an existing file', async () => {
    await expect(copy(path.join(work, 'over.bin'), 10 << 20)).rejects.toBeInstanceOf(CopyOverrun);
    const existing = path.join(work, 'existing.bin');
    writeFileSync(existing, 'keep me');
    await expect(copy(existing)).rejects.toThrow(/EEXIST/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
  });
});
