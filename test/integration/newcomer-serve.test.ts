// `serve --db dir/x.sqlite` keeps the station's other files in dir/: said at start and in the help,
// never silently.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/station.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/main/cli/main.ts');

function renderer(): string {
  const dir = tempDir('mailscreen-renderer-');
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Mailscreen</title>');
  return dir;
}

/** Runs serve until it prints its URL, then stops it; resolves with what it said. */
function serveOnce(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--demo', '--port', '0', '--renderer', renderer(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stopping = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Once: a second SIGTERM while it closes would kill it before it has closed the database.
      if (!stopping && stdout.includes('\n')) {
        stopping = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ status: code, stdout, stderr });
    });
  });
}

describe('serve: which folder is the data folder', () => {
  it('--db dir/x.sqlite alone: says in one line that dir/ is the data folder, and what it keeps there', async () => {
    const dir = path.join(tempDir('mailscreen-serve-db-'), 'dir');
    mkdirSync(dir, { mode: 0o700 });
    const result = await serveOnce(['--db', path.join(dir, 'x.sqlite')]);
    expect(result.status, JSON.stringify(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/#token=/) });
    expect(result.stderr).toBe(
      `mailscreen: data folder ${dir} (the folder of --db; --data <dir> chooses another): station.json, X-ray images and SOP files are read and kept there\n`,
    );
  }, 90_000);

  it('--data given: nothing to say', async () => {
    const root = tempDir('mailscreen-serve-data-');
    const data = path.join(root, 'data');
    mkdirSync(data, { mode: 0o700 });
    const result = await serveOnce(['--db', path.join(root, 'x.sqlite'), '--data', data]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  }, 90_000);

  it('the CLI help says it too', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(help.stderr).toMatch(/serve \[--demo\] \[--db <file>\] \[--data <dir>\] \[--port <n>\] .*data folder: --data, else the folder of --db/);
  });
});
