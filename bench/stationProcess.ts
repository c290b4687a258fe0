// A bench that measures the station's own work runs in a process with the station's memory
// settings (src/main/stationMemory.ts: glibc's arenas and thresholds, V8's young generation and heap
// growth) and its compile cache, as `serve` and `verify` run: the settings change what verify and the
// replay cost (the chain and records benches differed by ~10% until both ran this way).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { compileCacheFolder, stationRelaunch } from '../src/main/stationMemory.ts';

/**
 * Runs the bench file `benchFile` again in a process of its own with the station's settings and
 * returns the one JSON object it prints on stdout; `untuned` runs `here` in this process instead.
 */
export async function inStationProcess(name: string, benchFile: string, untuned: boolean, here: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  if (untuned) return here();
  // serve's compile cache too (its TypeScript not stripped again in the process and in each worker thread: ~15 MB each).
  const cache = compileCacheFolder(path.resolve(import.meta.dirname, '..'));
  const relaunch = stationRelaunch({ execPath: process.execPath, execArgv: [], argv: [process.execPath, benchFile], env: process.env }, 'folder' in cache ? cache.folder : undefined);
  if (!relaunch) return here();
  const [file, ...args] = relaunch.args;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(file!, args, { env: relaunch.env, stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`${name} bench: its process ended with ${signal ?? `exit ${code}`}`))));
  });
  return JSON.parse(output) as Record<string, unknown>;
}
