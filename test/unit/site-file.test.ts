import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileInFolder, printableFileName, readSiteFile, readSiteFileSync, SiteFileRefused, siteFileText } from '../../src/hardware/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'site-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof SiteFileRefused) return error.problem;
    throw error;
  }
  return 'read';
}

async function problemOfAsync(read: () => Promise<unknown>): Promise<string> {
  try {
    await read();
  } catch (error) {
    if (error instanceof SiteFileRefused) return error.problem;
    throw error;
  }
  return 'read';
}

describe('site-controlled files', () => {
  it('reads a regular file inside its limit, sync and async', async () => {
    writeFileSync(path.join(dir, 'a.json'), '{"a":1}');
    expect(readSiteFileSync(path.join(dir, 'a.json'), { maxBytes: 100 }).toString()).toBe('{"a":1}');
    expect((await readSiteFile(path.join(dir, 'a.json'), { maxBytes: 100 })).toString()).toBe('{"a":1}');
  });

  it('refuses a symlink, even to a readable file, without reading a byte of it', async () => {
    writeFileSync(path.join(dir, 'secret'), 'root:$6$hash');
    symlinkSync(path.join(dir, 'secret'), path.join(dir, 'x.json'));
    expect(problemOf(() => readSiteFileSync(path.join(dir, 'x.json'), { maxBytes: 100 }))).toBe('symlink');
    expect(await problemOfAsync(() => readSiteFile(path.join(dir, 'x.json'), { maxBytes: 100 }))).toBe('symlink');
  });

  it('refuses a FIFO at once instead of blocking on it', async () => {
    execFileSync('mkfifo', [path.join(dir, 'zz.json')]);
    expect(problemOf(() => readSiteFileSync(path.join(dir, 'zz.json'), { maxBytes: 100 }))).toBe('not-regular');
    expect(await problemOfAsync(() => readSiteFile(path.join(dir, 'zz.json'), { maxBytes: 100 }))).toBe('not-regular');
  });

  it('refuses a folder and a missing file', () => {
    mkdirSync(path.join(dir, 'station.json'));
    expect(problemOf(() => readSiteFileSync(path.join(dir, 'station.json'), { maxBytes: 100 }))).toBe('not-regular');
    expect(problemOf(() => readSiteFileSync(path.join(dir, 'none.json'), { maxBytes: 100 }))).toBe('missing');
  });

  it('refuses a file over its limit before reading it', async () => {
    writeFileSync(path.join(dir, 'big.png'), Buffer.alloc(1001));
    expect(problemOf(() => readSiteFileSync(path.join(dir, 'big.png'), { maxBytes: 1000 }))).toBe('too-big');
    expect(await problemOfAsync(() => readSiteFile(path.join(dir, 'big.png'), { maxBytes: 1000 }))).toBe('too-big');
  });

  it('takes bare names only', () => {
    for (const name of ['../x', 'a/b', '..', '.', '', 'a\0b']) {
      expect(problemOf(() => fileInFolder(dir, name))).toBe('bad-name');
    }
    expect(fileInFolder(dir, 'ok.png')).toBe(path.join(dir, 'ok.png'));
  });

  it('escapes control characters in names it shows and drops a BOM from text', () => {
    expect(printableFileName('a\nb\u001b[31m.json')).toBe('a\\u000ab\\u001b[31m.json');
    expect(siteFileText(Buffer.from('\ufeff{"x":1}'))).toBe('{"x":1}');
  });
});
