// `npm start` and `npm run demo`: finds Electron's binary (fetching it once, as electron's own
// launcher would), builds, then launches the kiosk with the arguments given.
//
//   node scripts/start-electron.ts [electron arguments...]     e.g. `.` or `. --demo`
//
// Why not `electron .` directly: where the binary cannot be fetched (no access to Electron's
// release server), electron's launcher prints `TypeError: fetch failed` with a stack and advice
// to run `npx install-electron --no`, which fails the same way. Here that is one line saying what
// happened and what works instead: `npm run web`, the same station in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { STATION_ENV, STATION_JS_FLAGS } from '../src/main/stationMemory.ts';

const WEB_INSTEAD = '`npm run web` serves the same station to a browser on this machine';

/** The electron package of the project being started (the one in the working folder, as `electron .` reads it). */
function electronPackage(): { dir: string; version: string } | null {
  try {
    const manifest = createRequire(path.join(process.cwd(), 'package.json')).resolve('electron/package.json');
    return { dir: path.dirname(manifest), version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version };
  } catch {
    return null;
  }
}

/**
 * Where electron's launcher would run the binary from (its index.js: path.txt names the file in
 * dist/, ELECTRON_OVERRIDE_DIST_PATH replaces dist/), and whether it is there.
 */
function binaryOf(dir: string): { file: string | null; overridden: boolean } {
  let platformPath: string | undefined;
  try {
    platformPath = readFileSync(path.join(dir, 'path.txt'), 'utf8');
  } catch {
    platformPath = undefined;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return { file: path.join(override, platformPath || 'electron'), overridden: true };
  return { file: platformPath ? path.join(dir, 'dist', platformPath) : null, overridden: false };
}

/** The error's own words from what electron's installer printed: its last `...Error: ...` line, else its last line. */
function reasonFrom(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  const error = lines.findLast((line) => /^[A-Za-z]*Error\b/.test(line)) ?? lines.at(-1) ?? 'no reason given';
  // One line, short, no control characters: it is printed to the terminal as it is.
  return [...error].map((char) => (char.charCodeAt(0) < 0x20 || char === '\u007f' ? ' ' : char)).join('').slice(0, 300);
}

function refuse(message: string): never {
  process.stderr.write(`mailscreen: ${message}\n`);
  process.exit(1);
}

/** The binary to launch, fetched first when it is missing; a one-line refusal when there is none. */
function ensureBinary(): string {
  const electron = electronPackage();
  if (!electron) refuse(`Electron is not installed in ${process.cwd()}/node_modules: run \`scripts/node-env.sh npm ci\` first, or ${WEB_INSTEAD}`);
  const before = binaryOf(electron.dir);
  if (before.file && existsSync(before.file)) return before.file;
  if (before.overridden) refuse(`Electron's binary is not at ${before.file} (ELECTRON_OVERRIDE_DIST_PATH); ${WEB_INSTEAD}`);

  process.stderr.write(`mailscreen: fetching Electron ${electron.version}'s binary from Electron's release server (once)…\n`);
  const fetched = spawnSync(process.execPath, [path.join(electron.dir, 'install.js')], {
    cwd: electron.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const after = binaryOf(electron.dir);
  if (fetched.status === 0 && after.file && existsSync(after.file)) return after.file;
  const reason = fetched.error ? fetched.error.message : reasonFrom(`${fetched.stdout}\n${fetched.stderr}`);
  refuse(`Electron's binary is not installed and could not be fetched from Electron's release server (${reason}); ${WEB_INSTEAD}`);
}

function main(args: string[]): void {
  const binary = ensureBinary();
  const built = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);

  // The station's memory settings for the main process too (Chromium passes --js-flags on to the
  // renderer; glibc reads MALLOC_ARENA_MAX only at start): a site's own choices stand.
  const jsFlags = args.some((arg) => arg.startsWith('--js-flags')) ? [] : [`--js-flags=${STATION_JS_FLAGS}`];
  const child = spawn(binary, [...jsFlags, ...args], { stdio: 'inherit', env: { ...STATION_ENV, ...process.env } });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGUSR2'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once('error', (error) => refuse(`could not start Electron (${binary}): ${error.message}; ${WEB_INSTEAD}`));
  child.once('close', (code, signal) => {
    if (code === null) refuse(`Electron ended on ${signal}`);
    process.exit(code);
  });
}

main(process.argv.slice(2));
