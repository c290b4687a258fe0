import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type * as Fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomically } from '../../src/main/files/index.ts';

// A disk that fills up in the middle of a write, without mounting one: writeSync fails on demand.
// The order of the durable steps is recorded: fsync of the file, rename, fsync of the folder.
const failing = vi.hoisted(() => ({ write: null as string | null, steps: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    if (failing.write !== null) throw Object.assign(new Error(`${failing.write}: simulated`), { code: failing.write });
    return (fs.writeSync as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  const fsyncSync = ((fd: number) => {
    failing.steps.push(fs.fstatSync(fd).isDirectory() ? 'fsync folder' : 'fsync file');
    fs.fsyncSync(fd);
  }) as typeof fs.fsyncSync;
  const renameSync = ((from: Fs.PathLike, to: Fs.PathLike) => {
    failing.steps.push('rename');
    fs.renameSync(from, to);
  }) as typeof fs.renameSync;
  const wrapped = { writeSync, fsyncSync, renameSync };
  return { ...fs, ...wrapped, default: { ...fs, ...wrapped } };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'atomic-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const leftovers = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('writeFileAtomically', () => {
  it('writes the whole file, owner-only, and leaves no temporary file behind', () => {
    const file = path.join(dir, 'station.json');
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 0x61);
    writeFileAtomically(file, big);
    expect(readFileSync(file).equals(big)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileAtomically(file, 'Zoë\n');
    expect(readFileSync(file, 'utf8')).toBe('Zoë\n');
    expect(leftovers(dir)).toEqual([]);
  });

  it('is durable: the file is fsynced before the rename and its folder after it', () => {
    failing.steps = [];
    writeFileAtomically(path.join(dir, 'station.json'), '{}');
    expect(failing.steps).toEqual(['fsync file', 'rename', 'fsync folder']);
  });

  it('replaces an older file whole, and the older file does not keep its wider mode', () => {
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, 'an older, longer report that must not show through', { mode: 0o644 });
    chmodSync(file, 0o644);
    writeFileAtomically(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('replaces a symlink at the target instead of writing through it', () => {
    const outside = path.join(dir, 'outside');
    mkdirSync(outside);
    const victim = path.join(outside, 'shadow');
    writeFileSync(victim, 'untouched');
    const file = path.join(dir, 'station.json');
    symlinkSync(victim, file);
    writeFileAtomically(file, '{"devices":{}}\n');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('{"devices":{}}\n');
  });

  it('replaces a FIFO at the target without blocking on it', () => {
    const file = path.join(dir, 'sop.json');
    execFileSync('mkfifo', [file]);
    writeFileAtomically(file, '{}');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('{}');
  });

  it('removes its temporary file when the rename fails, and leaves what was at the target', () => {
    const file = path.join(dir, 'taken');
    mkdirSync(file);
    writeFileSync(path.join(file, 'inside'), 'kept');
    expect(() => writeFileAtomically(file, 'new')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(leftovers(dir)).toEqual([]);
    expect(readFileSync(path.join(file, 'inside'), 'utf8')).toBe('kept');
  });

  it('removes its temporary file when a write fails (a full disk), and the old file stays whole', () => {
    const file = path.join(dir, 'station.json');
    writeFileSync(file, 'old');
    failing.write = 'ENOSPC';
    try {
      expect(() => writeFileAtomically(file, 'new')).toThrow(/ENOSPC/);
    } finally {
      failing.write = null;
    }
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(leftovers(dir)).toEqual([]);
  });

  it('fails when the folder does not exist', () => {
    expect(() => writeFileAtomically(path.join(dir, 'missing', 'x.json'), '{}')).toThrow(/ENOENT/);
  });

  it('keeps a very long file name inside the name limit for its temporary file', () => {
    const file = path.join(dir, `${'n'.repeat(250)}.json`);
    writeFileAtomically(file, 'ok');
    expect(readFileSync(file, 'utf8')).toBe('ok');
    expect(leftovers(dir)).toEqual([]);
  });
});
