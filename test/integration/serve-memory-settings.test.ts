// serve runs with its memory settings (issue 15): relaunched in place, same pid and streams, so
// whoever started it (a service manager, a test, the bench) waits on and signals the same process.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/station.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/main/cli/main.ts');
const linuxWithExecve = process.platform === 'linux' && typeof (process as { execve?: unknown }).execve === 'function';

/** Starts serve, waits for its URL, reads what the kernel says it runs with, stops it. */
function serveAndLook(env: NodeJS.ProcessEnv): Promise<{ pid: number; cmdline: string[]; environ: string[]; url: string; status: number | null; stderr: string }> {
  const renderer = tempDir('mailscreen-renderer-');
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Mailscreen</title>');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--demo', '--port', '0', '--renderer', renderer, '--db', path.join(tempDir('mailscreen-serve-memory-'), 'station.sqlite')], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    let seen: { cmdline: string[]; environ: string[] } | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (seen === null && stdout.includes('\n')) {
        seen = {
          cmdline: readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0'),
          environ: readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0'),
        };
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (seen === null) reject(new Error(`serve exited (${code}) before it served: ${stderr}`));
      else resolve({ pid: child.pid!, ...seen, url: stdout.split('\n')[0]!, status: code, stderr });
    });
  });
}

describe.runIf(linuxWithExecve)('serve with its memory settings', () => {
  it("runs with --max-semi-space-size=4, --heap-growing-percent=50, glibc's malloc settings and the checkout's compile cache in the process that was started, serves once, and closes cleanly on SIGTERM", async () => {
    const { cmdline, environ, url, status, stderr } = await serveAndLook({ ...process.env, MALLOC_ARENA_MAX: undefined, MALLOC_MMAP_THRESHOLD_: undefined, MALLOC_TRIM_THRESHOLD_: undefined, MAILSCREEN_STATION_TUNED: undefined, NODE_COMPILE_CACHE: undefined });
    expect(cmdline).toEqual(expect.arrayContaining(['--max-semi-space-size=4', '--heap-growing-percent=50']));
    expect(environ).toEqual(expect.arrayContaining(['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072', 'MALLOC_TRIM_THRESHOLD_=131072', `NODE_COMPILE_CACHE=${path.join(ROOT, '.cache', 'node-compile')}`]));
    expect(JSON.parse(url)).toHaveProperty('url');
    expect(status).toBe(0);
    // Said once (by the relaunched process; the first one relaunches before it says anything).
    expect(stderr.match(/data folder/g) ?? []).toHaveLength(1);
  }, 90_000);

  it("keeps a site's MALLOC_ARENA_MAX and semi-space size", async () => {
    const { cmdline, environ } = await serveAndLook({ ...process.env, MALLOC_ARENA_MAX: '4', NODE_OPTIONS: '--max-semi-space-size=32', MAILSCREEN_STATION_TUNED: undefined });
    expect(cmdline).not.toContain('--max-semi-space-size=4');
    expect(environ).toContain('MALLOC_ARENA_MAX=4');
  }, 90_000);
});
