// serve and verify run with the station's memory settings (issue 15): relaunched in place, same pid
// and streams, so whoever started them (a service manager, a test, the bench) waits on and signals
// the same process.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyCommand } from '../../src/main/cli/verifyCommand.ts';
import { makeStation, tempDir } from '../helpers/station.ts';

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

/**
 * Runs `verify` on a station's store with a probe loaded in every process it becomes (`--import`
 * is kept by the relaunch), which says at exit what its process ran with.
 */
function verifyAndLook(env: NodeJS.ProcessEnv, ...args: string[]): { pid: number; status: number | null; stdout: string; probes: Array<{ pid: number; execArgv: string[]; env: Record<string, string | null> }>; stderr: string } {
  const folder = tempDir('mailscreen-verify-memory-');
  const dbPath = path.join(folder, 'station.sqlite');
  makeStation({ dbPath }).close();
  const probe = path.join(folder, 'probe.mjs');
  writeFileSync(
    probe,
    // The main thread's only: --import is loaded in every worker thread too.
    `import { isMainThread } from 'node:worker_threads';\nif (isMainThread) process.on('exit', () => process.stderr.write('PROBE ' + JSON.stringify({ pid: process.pid, execArgv: process.execArgv, env: Object.fromEntries(${JSON.stringify(['MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_', 'NODE_COMPILE_CACHE', 'MAILSCREEN_STATION_TUNED'])}.map((k) => [k, process.env[k] ?? null])) }) + '\\n'));\n`,
  );
  const run = spawnSync(process.execPath, ['--import', probe, CLI, 'verify', '--db', dbPath, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  const probes = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('PROBE '))
    .map((line) => JSON.parse(line.slice('PROBE '.length)) as { pid: number; execArgv: string[]; env: Record<string, string | null> });
  return { pid: run.pid, status: run.status, stdout: run.stdout, probes, stderr: run.stderr };
}

describe.runIf(linuxWithExecve)('verify with the station\'s memory settings (its full check of a 1M-item store took 710 MB without them, 310 with)', () => {
  it('checks the store in a process relaunched in place with the V8 flags, glibc\'s malloc settings and the compile cache, and gives its verdict as before', () => {
    const { pid, status, stdout, probes, stderr } = verifyAndLook({ ...process.env, MALLOC_ARENA_MAX: undefined, MALLOC_TRIM_THRESHOLD_: undefined, MAILSCREEN_STATION_TUNED: undefined, NODE_COMPILE_CACHE: undefined }, '--full');
    expect(status, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, problems: [] });
    // One process ended, the relaunched one: the first was replaced in place before it opened anything.
    expect(probes).toHaveLength(1);
    expect(probes[0]!.pid).toBe(pid);
    expect(probes[0]!.execArgv).toEqual(expect.arrayContaining(['--max-semi-space-size=4', '--heap-growing-percent=50']));
    expect(probes[0]!.env).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072', NODE_COMPILE_CACHE: path.join(ROOT, '.cache', 'node-compile'), MAILSCREEN_STATION_TUNED: '1' });
  }, 120_000);

  it('run inside another process (verifyCommand called as a function), it leaves that process as it is: only the CLI\'s own process is relaunched', async () => {
    const dbPath = path.join(tempDir('mailscreen-verify-in-process-'), 'station.sqlite');
    makeStation({ dbPath }).close();
    const tuned = process.env.MAILSCREEN_STATION_TUNED;
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      // Were it relaunched, this test's own process would be replaced and never see the answer.
      expect(await verifyCommand(['--db', dbPath, '--full'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(process.env.MAILSCREEN_STATION_TUNED).toBe(tuned);
  }, 120_000);

  it("keeps a site's own MALLOC_ARENA_MAX", () => {
    const { probes } = verifyAndLook({ ...process.env, MALLOC_ARENA_MAX: '4', MAILSCREEN_STATION_TUNED: undefined });
    expect(probes).toHaveLength(1);
    expect(probes[0]!.env.MALLOC_ARENA_MAX).toBe('4');
    expect(probes[0]!.env.MAILSCREEN_STATION_TUNED).toBe('1');
  }, 120_000);
});
