// `serve` and `devices` with a station.json the station cannot use: a FIFO (used to hang serve for
// ever), a folder, bad JSON, a bad field. Each is one line naming the file (and the field), exit 2,
// no stack trace; a station.json saved with a UTF-8 byte-order mark is read.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Above serve()'s own limit, so a hung serve is killed by it and reported, not left behind.
const TEST_TIMEOUT_MS = 60_000;
let dir: string;
let renderer: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-station-json-'));
  renderer = path.join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Mailscreen</title>');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dataDir(name: string): string {
  const data = path.join(dir, name);
  // Owner-only already, so the only line on stderr is the one about station.json.
  mkdirSync(data, { mode: 0o700 });
  return data;
}

/**
 * Runs `serve` until it prints its URL (then stops it) or exits on its own. A serve that does
 * neither within the limit is killed and reported as hung (status null).
 */
function serve(data: string, limitMs = 40_000): Promise<{ status: number | null; stdout: string; stderr: string; served: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'src/main/cli/main.ts'), 'serve', '--data', data, '--renderer', renderer], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let served = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!served && stdout.includes('\n')) {
        served = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ status: served ? 0 : code, stdout, stderr, served });
    });
  });
}

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.length > 0);
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('station.json the station cannot use', () => {
  it('a FIFO: serve exits 2 at once with one line (it used to wait for a writer for ever)', async () => {
    const data = dataDir('fifo');
    execFileSync('mkfifo', [path.join(data, 'station.json')]);
    const result = await serve(data);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain(path.join(data, 'station.json'));
    expect(line).toMatch(/not a regular file/);

    const devices = runCli(['devices', '--data', data]);
    expect(devices.status).toBe(2);
    expect(oneLine(devices.stderr)).toMatch(/not a regular file/);
  }, TEST_TIMEOUT_MS);

  it('a folder: exit 2, one line', async () => {
    const data = dataDir('folder');
    mkdirSync(path.join(data, 'station.json'));
    const result = await serve(data);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain(path.join(data, 'station.json'));
    expect(line).toMatch(/not a regular file|folder/);
  }, TEST_TIMEOUT_MS);

  it('a symlink is refused, and its target is never quoted', async () => {
    const data = dataDir('link');
    const secret = path.join(dir, 'secret.txt');
    writeFileSync(secret, '{"devices": {"serialScanners": [{"id": "TOPSECRET-1"');
    execFileSync('ln', ['-s', secret, path.join(data, 'station.json')]);
    const result = await serve(data);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toMatch(/symbolic link/);
    expect(line).not.toContain('TOPSECRET');
  }, TEST_TIMEOUT_MS);

  it('bad JSON: one line with the file and where, not the text', async () => {
    const data = dataDir('bad-json');
    writeFileSync(path.join(data, 'station.json'), '{\n  "devices": {},\n  SECRET-TEXT\n}\n');
    const result = await serve(data);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain(path.join(data, 'station.json'));
    expect(line).toMatch(/not valid JSON \(line 3, column 3\)/);
    expect(line).not.toContain('SECRET');
  }, TEST_TIMEOUT_MS);

  it('a bad field: one line naming the file and the field', async () => {
    const data = dataDir('bad-field');
    writeFileSync(path.join(data, 'station.json'), JSON.stringify({ devices: { serialScales: [{ id: 's', name: 'S', path: '/dev/ttyUSB0', protocol: 'sma' }] } }));
    const result = await serve(data);
    expect(result.status).toBe(2);
    const line = oneLine(result.stderr);
    expect(line).toContain(path.join(data, 'station.json'));
    expect(line).toContain('devices.serialScales[0].protocol');
  }, TEST_TIMEOUT_MS);

  it('a UTF-8 byte-order mark (Windows editors add one) is read', async () => {
    const data = dataDir('bom');
    writeFileSync(path.join(data, 'station.json'), `\uFEFF${JSON.stringify({ devices: { serialScanners: [{ id: 'scanner-bom', name: 'Counter scanner', path: path.join(dir, 'no-such-tty') }] } })}`);
    const devices = runCli(['devices', '--data', data]);
    expect(devices.stderr).not.toMatch(/JSON/);
    expect(devices.status).toBe(0);
    expect(devices.stdout).toContain('scanner-bom');
    const result = await serve(data);
    expect(result.served).toBe(true);
    expect(result.stdout).toMatch(/"url":"http:\/\/127\.0\.0\.1:/);
  }, TEST_TIMEOUT_MS);
});
