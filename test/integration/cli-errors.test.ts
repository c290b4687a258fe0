// The admin CLI never answers with a raw stack trace: a refusal is one line and exit 2, a fault of
// the CLI itself one line with a hint and exit 1, and the stack only when MAILSCREEN_DEBUG=1 asks.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/station.ts';

afterEach(() => {
  delete process.env.MAILSCREEN_DEBUG;
});

const lines = (text: string) => text.trimEnd().split('\n');

describe('the CLI at the top level', () => {
  it('an unexpected failure is one line naming it, with how to see the stack; exit 1', () => {
    const notADatabase = path.join(tempDir(), 'x.sqlite');
    writeFileSync(notADatabase, 'this is not a database');
    const result = runCli(['history', '--db', notADatabase]);
    expect(result.status).toBe(1);
    expect(lines(result.stderr), result.stderr).toHaveLength(1);
    expect(result.stderr).toMatch(/^mailscreen: failed: .*file is not a database.*MAILSCREEN_DEBUG=1/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('MAILSCREEN_DEBUG=1 adds the stack', () => {
    const notADatabase = path.join(tempDir(), 'x.sqlite');
    writeFileSync(notADatabase, 'this is not a database');
    process.env.MAILSCREEN_DEBUG = '1';
    const result = runCli(['history', '--db', notADatabase]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('a file system refusal names the path and what is wrong, exit 2', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'station.sqlite');
    Store.open(dbPath).close();
    const aFile = path.join(dir, 'plain-file');
    writeFileSync(aFile, '');
    const result = runCli(['backup', '--db', dbPath, '--to', path.join(aFile, 'backups')]);
    expect(result.status).toBe(2);
    expect(lines(result.stderr), result.stderr).toHaveLength(1);
    expect(result.stderr).toMatch(/plain-file.*(not a folder|already exists)/);
  });
});
