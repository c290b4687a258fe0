// Everything the station creates is owner-only: the database and its -wal and -shm (they were
// 0644: personal data and PIN hashes readable by every local account), the image store, the last
// good SOP copies. A data folder made by hand at 0755 is tightened to 0700, with one line saying so.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startStation } from '../../src/main/core/startStation.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const modeOf = (file: string): string => `0${(statSync(file).mode & 0o777).toString(8)}`;

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** As a site's shell usually has it: new files world-readable unless the station says otherwise. */
function permissiveUmask(mask = 0o022): void {
  const before = process.umask(mask);
  cleanups.push(() => void process.umask(before));
}

function scratch(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mailscreen-perms-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

function expectOwnerOnly(data: string): void {
  const db = path.join(data, 'mailscreen.sqlite');
  expect(modeOf(data)).toBe('0700');
  expect(modeOf(db)).toBe('0600');
  expect(existsSync(`${db}-wal`), 'the station runs in WAL mode').toBe(true);
  expect(modeOf(`${db}-wal`)).toBe('0600');
  expect(modeOf(`${db}-shm`)).toBe('0600');
  expect(modeOf(path.join(data, 'xray-images'))).toBe('0700');
  const lastGood = path.join(data, 'sop-last-good');
  expect(modeOf(lastGood)).toBe('0700');
  const copies = readdirSync(lastGood);
  expect(copies.length).toBeGreaterThan(0);
  for (const copy of copies) expect(modeOf(path.join(lastGood, copy)), copy).toBe('0600');
}

describe('the station creates owner-only files', () => {
  it('a new data folder: database, WAL, SHM 0600; folders 0700', async () => {
    permissiveUmask();
    const data = path.join(scratch(), 'data');
    const station = await startStation({ dataDir: data, demo: false, version: 'test' });
    cleanups.push(() => station.close());
    expectOwnerOnly(data);
  });

  it('an existing 0755 data folder and a 0644 database are tightened, each with one line', async () => {
    permissiveUmask();
    const data = path.join(scratch(), 'data');
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    writeFileSync(path.join(data, 'mailscreen.sqlite'), '', { mode: 0o644 });
    chmodSync(path.join(data, 'mailscreen.sqlite'), 0o644);
    const said: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      said.push(String(chunk));
      return true;
    });
    cleanups.push(() => write.mockRestore());
    const station = await startStation({ dataDir: data, demo: false, version: 'test' });
    write.mockRestore();
    cleanups.push(() => station.close());
    expectOwnerOnly(data);
    const folderLines = said.filter((line) => line.includes('data folder'));
    expect(folderLines).toEqual([`mailscreen: the data folder ${data} was open to other users (mode 0755); it is now 0700 (owner only)\n`]);
    expect(said.filter((line) => line.includes('database file') && line.includes('mode 0644'))).toHaveLength(1);
  });

  it('serve, started from a shell whose umask is 000, still creates owner-only files', async () => {
    permissiveUmask(0o000);
    const root = scratch();
    const renderer = path.join(root, 'renderer');
    mkdirSync(renderer);
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Mailscreen</title>');
    const data = path.join(root, 'data');
    const child = spawn(process.execPath, [path.join(ROOT, 'src/main/cli/main.ts'), 'serve', '--data', data, '--renderer', renderer], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void child.kill('SIGKILL'));
    const served = await new Promise<boolean>((resolve) => {
      child.stdout.once('data', () => resolve(true));
      child.once('exit', () => resolve(false));
    });
    expect(served).toBe(true);
    expectOwnerOnly(data);
    // What the station writes later (a device configuration, a backup, a report) inherits its umask.
    expect(readFileSync(`/proc/${child.pid}/status`, 'utf8')).toMatch(/^Umask:\s+0077$/m);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }, 60_000);
});
