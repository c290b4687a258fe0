// What `serve` runs with to keep its memory small on a big store, and the relaunch that gives it
// them. glibc reads its MALLOC_* settings when the process starts, so they cannot be set from
// inside: at most two arenas (one per thread otherwise: the SQLite, libuv and worker threads each
// keep their own freed memory), and a fixed 128 KiB threshold above which a block is its own
// mapping, given back when freed, and above which the free top of the heap is trimmed (glibc
// otherwise raises both after each big free, up to 32 MB, and keeps what a daily log's PDF or the
// dashboard's month took). V8's young generation is sized from the machine's memory unless told
// (up to 64 MB of semi-spaces on a big machine): 4 MB is garbage collected more often, at a
// station's pace unnoticeable. V8 lets its old generation grow to up to 4 times what was live after
// the last full collection before the next one (on a machine with more than 2 GB for its heap): a
// daily log's PDF or a month's dashboard then leaves its garbage until the heap has doubled or more;
// 1.5 times keeps the heap near what is live, at the cost of more full collections during such work.
// Measured by the station-rss bench on the 1M-item store (issue 15).

import { lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** The young generation's cap: fixed when V8 makes its heap, so only on the command line. */
const SEMI_SPACE_FLAG = '--max-semi-space-size=4';
/** How far the old generation grows past what is live before a full collection: read at each collection. */
const HEAP_GROWING_FLAG = '--heap-growing-percent=50';

/** V8 flags the station runs with, each unless the command line or NODE_OPTIONS already chose it. */
export const STATION_NODE_FLAGS: readonly string[] = [SEMI_SPACE_FLAG, HEAP_GROWING_FLAG];

/**
 * The same V8 flags as Chromium's `--js-flags` switch: appended before 'ready' they reach the
 * kiosk's renderer; the Electron main process takes them only from its own command line
 * (scripts/start-electron.ts passes them, with the environment below).
 */
export const STATION_JS_FLAGS = STATION_NODE_FLAGS.join(' ');

/** Environment the station runs with, each unless already set (the site's own choice stands). */
export const STATION_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };

/** Set in the relaunched process (and by whoever wants serve left in the process they started). */
export const STATION_TUNED_MARK = 'MAILSCREEN_STATION_TUNED';

export interface StationProcessFacts {
  execPath: string;
  execArgv: readonly string[];
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

export interface StationRelaunch {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * The station's V8 flags set from inside a process that was started without them (the Electron main
 * process of a kiosk not started by scripts/start-electron.ts: Chromium reads --js-flags for the main
 * process from the command line only). `given`: the V8 flags it was started with (its --js-flags), each
 * kept. The heap's growing is read at each collection, so it is set as is. The young generation's cap
 * is fixed when the heap is made; in its place the young generation is kept from growing further
 * (`--semi-space-growth-factor=1`: it stays at about the size it has when this runs, 1 MB semi-spaces
 * at the start of a process), which helps only if set before it has grown: so this runs before the
 * station's code is loaded.
 * Returns the flags set, in order.
 */
export function stationFlagsInProcess(given: string, setFlag: (flag: string) => void): string[] {
  const chosen = given.split(/\s+/).filter((arg) => arg !== '');
  const has = (flag: string) => chosen.some((arg) => flagName(arg) === flagName(flag));
  const set: string[] = [];
  if (!has(SEMI_SPACE_FLAG) && !has('--semi-space-growth-factor')) set.push('--semi-space-growth-factor=1');
  if (!has(HEAP_GROWING_FLAG)) set.push(HEAP_GROWING_FLAG);
  for (const flag of set) setFlag(flag);
  return set;
}

/** The flag's name: `--max-semi-space-size` of `--max-semi-space-size=16` (V8 also spells it with underscores). */
function flagName(flag: string): string {
  return flag.split('=')[0]!.replaceAll('_', '-');
}

function hasFlag(facts: StationProcessFacts, flag: string): boolean {
  const name = flagName(flag);
  const given = [...facts.execArgv, ...(facts.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((arg) => flagName(arg) === name);
}

/**
 * Node's compile cache for serve, which runs its TypeScript as is: without it every start strips the
 * types with Node's own stripper, a WebAssembly module that stays loaded with its memory for as long
 * as the process runs (~15 MB resident, measured: 120 MB idle with the cache, 135-138 without). With
 * it, Node keeps each module as stripped and compiled the last time, checked against the source's
 * hash (a changed file is stripped again). What is in this folder runs as the station: it is kept
 * in the checkout (`.cache/node-compile`, git-ignored), which whoever could change it can already
 * change the code of; and it is used only as a folder of this user's own that no one else can write
 * (no symbolic link, not group- or world-writable, nor its parent): otherwise serve runs without it
 * and says why. Returns the folder, or why not.
 */
export function compileCacheFolder(checkout: string, uid: number = process.getuid?.() ?? -1): { folder: string } | { refused: string } {
  const parent = path.join(checkout, '.cache');
  const folder = path.join(parent, 'node-compile');
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const dir of [parent, folder]) {
      const stat = lstatSync(dir);
      if (!stat.isDirectory()) return { refused: `${dir} is not a folder (a symbolic link?)` };
      if (uid >= 0 && stat.uid !== uid) return { refused: `${dir} belongs to another user` };
      if ((stat.mode & 0o022) !== 0) return { refused: `${dir} can be written by others (chmod go-w)` };
    }
  } catch (error) {
    return { refused: `${folder} cannot be made (${error instanceof Error ? error.message : String(error)})` };
  }
  return { folder };
}

/**
 * The same command again with the station's flags and environment, or null when it already has
 * them (or is the relaunched process: never a loop, even if an exec dropped something).
 * `compileCache`: the folder for Node's compile cache (compileCacheFolder), unless NODE_COMPILE_CACHE is set.
 */
export function stationRelaunch(facts: StationProcessFacts, compileCache?: string): StationRelaunch | null {
  if (facts.env[STATION_TUNED_MARK] !== undefined) return null;
  const flags = STATION_NODE_FLAGS.filter((flag) => !hasFlag(facts, flag));
  const wanted = compileCache === undefined ? STATION_ENV : { ...STATION_ENV, NODE_COMPILE_CACHE: compileCache };
  const missingEnv = Object.entries(wanted).filter(([key]) => facts.env[key] === undefined);
  if (flags.length === 0 && missingEnv.length === 0) return null;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts.env)) if (value !== undefined) env[key] = value;
  for (const [key, value] of missingEnv) env[key] = value;
  env[STATION_TUNED_MARK] = '1';
  return { file: facts.execPath, args: [facts.execPath, ...flags, ...facts.execArgv, ...facts.argv.slice(1)], env };
}

type Execve = (file: string, args: string[], env: Record<string, string>) => never;

/**
 * Replaces this process by the same command with the station's flags and environment (same pid,
 * same standard streams: whoever started serve and waits on it or signals it sees no difference).
 * Returns when there is nothing to do or no way to do it (no execve on this platform or Node):
 * the station then runs as it was started, with more memory; when the exec itself failed, it
 * returns why (one line for the log: the station still starts).
 */
export function relaunchWithStationMemory(proc: NodeJS.Process = process, compileCache?: string, command = 'serve'): string | null {
  const execve = (proc as NodeJS.Process & { execve?: Execve }).execve;
  if (typeof execve !== 'function') return null;
  const relaunch = stationRelaunch({ execPath: proc.execPath, execArgv: proc.execArgv, argv: proc.argv, env: proc.env }, compileCache);
  if (!relaunch) return null;
  try {
    execve.call(proc, relaunch.file, relaunch.args, relaunch.env);
  } catch (error) {
    return `mailscreen: ${command} runs without its memory settings (${[...STATION_NODE_FLAGS, ...Object.keys(STATION_ENV)].join(' ')}): relaunching failed (${error instanceof Error ? error.message : String(error)})`;
  }
  return null;
}
