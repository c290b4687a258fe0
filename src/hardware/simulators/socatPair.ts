import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { lstat, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A pair of linked pseudo-terminals made by socat: whatever is written to one end is read at the
// other, through the kernel's real tty layer. The simulator opens the device end and the driver
// the station end with the same serialport code it uses for a real /dev/ttyACM0, so the test
// covers termios, the exclusive lock and what an unplug looks like (killing socat hangs up both).

export interface PtyPair {
  /** The end a simulated device writes to. */
  devicePath: string;
  /** The end the station opens, as if it were the scanner's tty. */
  stationPath: string;
  /** Kills socat ("unplugs" both ends) and waits until it has exited. Safe to call twice. */
  close(): Promise<void>;
}

export interface SocatPairOptions {
  /** Folder for the `device` and `station` links; a temporary one (removed on close) if omitted. */
  dir?: string;
  readyTimeoutMs?: number;
}

const READY_LINE = 'starting data transfer loop';
const STDERR_KEPT = 4096;

/** The links are part of a socat address, where these characters have meaning. */
const UNSAFE_PATH = /[,:!{}[\]'"\\\s]/;

async function isSymlink(path: string): Promise<boolean | null> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return null;
  }
}

/** A link left by a socat that was killed hard would make the new pair look ready before it is. */
async function removeStaleLink(path: string): Promise<void> {
  const link = await isSymlink(path);
  if (link === false) throw new Error(`${path} exists and is not a symlink; refusing to replace it`);
  if (link) await unlink(path);
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function createSocatPair(options: SocatPairOptions = {}): Promise<PtyPair> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'mailscreen-pty-')));
  if (UNSAFE_PATH.test(dir)) throw new Error(`pty link folder ${dir} contains characters socat would misread`);
  const devicePath = join(dir, 'device');
  const stationPath = join(dir, 'station');
  await removeStaleLink(devicePath);
  await removeStaleLink(stationPath);

  const child = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${stationPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  let spawnError: Error | null = null;
  // Drained for the child's whole life so socat can never block on a full pipe.
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_KEPT);
  });
  child.on('error', (err: Error & { code?: string }) => {
    spawnError =
      err.code === 'ENOENT' ? new Error('socat is not installed: install socat: apt-get install socat') : err;
  });

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        const exited = waitForExit(child);
        child.kill('SIGTERM');
        // socat removes its links on SIGTERM; SIGKILL is the fallback for a wedged one.
        const hard = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(hard);
      }
      if (ownDir) await rm(dir, { recursive: true, force: true });
      else {
        await removeStaleLink(devicePath).catch(() => undefined);
        await removeStaleLink(stationPath).catch(() => undefined);
      }
    })();
    return closed;
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 5000);
  for (;;) {
    if (spawnError) {
      await close();
      throw spawnError;
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await close();
      throw new Error(`socat exited before the pty pair was ready: ${stderr.trim() || 'no output'}`);
    }
    if (stderr.includes(READY_LINE) && (await isSymlink(devicePath)) && (await isSymlink(stationPath))) {
      return { devicePath, stationPath, close };
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`socat did not create the pty pair in time: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
