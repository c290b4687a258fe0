// What electron-builder.yml promises about the packaged station, read the way electron-builder reads
// it. On Linux (the only target) Electron never checks ASAR integrity, so the config must not claim
// that fuse; the protection it does claim, a root-owned install folder nobody else can write, must
// be in the deb's after-install script, in an order that works and with only the macros
// electron-builder fills in.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeExtensionFile } from '../../src/main/store/verify/nativeWindow.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface BuilderConfig {
  files?: string[];
  asarUnpack?: string[];
  mac?: unknown;
  win?: unknown;
  linux?: { target?: Array<string | { target: string }> };
  deb?: { afterInstall?: string };
  electronFuses?: Record<string, boolean>;
}

/** electron-builder's own loader (app-builder-lib's config/load), so the test reads what a build reads. */
async function builderConfig(): Promise<BuilderConfig> {
  const requireFromBuilder = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('electron-builder'));
  const load = requireFromBuilder('app-builder-lib/out/util/config/load.js') as {
    findAndReadConfig(request: { packageKey: string; configFilename: string; projectDir: string; packageMetadata: null }): Promise<{ result: BuilderConfig; configFile: string } | null>;
  };
  const found = await load.findAndReadConfig({ packageKey: 'build', configFilename: 'electron-builder', projectDir: ROOT, packageMetadata: null });
  if (!found) throw new Error('electron-builder found no config');
  expect(path.basename(found.configFile)).toBe('electron-builder.yml');
  return found.result;
}

/** The template as electron-builder renders it (FpmTarget's writeConfigFile): unknown macros are an error. */
function render(template: string, macros: Record<string, string>): string {
  return template.replace(/\$\{([a-zA-Z]+)\}/g, (_whole, name: string) => {
    const value = macros[name];
    if (value === undefined) throw new Error(`Macro ${name} is not defined`);
    return value;
  });
}

let config: BuilderConfig;
beforeAll(async () => {
  config = await builderConfig();
});

describe('electron-builder.yml', () => {
  it("unpacks the chain extension beside app.asar, where the bundles look for it (a file inside app.asar cannot be dlopen'd)", () => {
    expect(config.asarUnpack).toContain('out/native/**');
    expect(nativeExtensionFile('file:///opt/Mailscreen/resources/app.asar/out/main/chainWorker.cjs')).toBe('/opt/Mailscreen/resources/app.asar.unpacked/out/native/mailscreen_chain.so');
  });

  it('builds for Linux only', () => {
    expect(config.mac).toBeUndefined();
    expect(config.win).toBeUndefined();
    const targets = (config.linux?.target ?? []).map((t) => (typeof t === 'string' ? t : t.target));
    expect(targets).toContain('deb');
    for (const target of targets) expect(['deb', 'AppImage']).toContain(target);
  });

  it('states every fuse, and does not claim ASAR integrity, which Electron does not check on Linux', () => {
    expect(Object.keys(config.electronFuses ?? {}).sort()).toEqual(
      [
        'enableCookieEncryption',
        'enableEmbeddedAsarIntegrityValidation',
        'enableNodeCliInspectArguments',
        'enableNodeOptionsEnvironmentVariable',
        'grantFileProtocolExtraPrivileges',
        'loadBrowserProcessSpecificV8Snapshot',
        'onlyLoadAppFromAsar',
        'runAsNode',
      ].sort(),
    );
    expect(config.electronFuses?.['enableEmbeddedAsarIntegrityValidation']).toBe(false);
    expect(config.electronFuses?.['onlyLoadAppFromAsar']).toBe(true);
    expect(config.electronFuses?.['runAsNode']).toBe(false);
    const text = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(text).toMatch(/ASAR integrity has no effect on Linux/);
    expect(text).toMatch(/dpkg --verify/);
  });

  it('runs an after-install script that makes the install folder root-owned and read-only to everyone else', () => {
    const script = config.deb?.afterInstall;
    expect(script).toBe('resources/deb/after-install.tpl');
    const file = path.join(ROOT, script!);
    expect(existsSync(file)).toBe(true);
    // The packaging script is dpkg's, not the app's: it is kept out of app.asar.
    expect(config.files).toContain('!resources/deb/**');

    const rendered = render(readFileSync(file, 'utf8'), { executable: 'mailscreen', sanitizedProductName: 'Mailscreen', productFilename: 'Mailscreen' });
    const syntax = spawnSync('bash', ['-n'], { input: rendered, encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);

    const lines = rendered.split('\n').filter((line) => !line.trimStart().startsWith('#'));
    const at = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
    expect(rendered).toContain("APP_DIR='/opt/Mailscreen'");
    const chown = at(/^chown -R root:root "\$APP_DIR" \|\| \{ .*exit 1; \}$/);
    const chmod = at(/^chmod -R go-w "\$APP_DIR" \|\| \{ .*exit 1; \}$/);
    const sandbox = at(/chmod 4755 '\/opt\/Mailscreen\/chrome-sandbox'/);
    expect(chown).toBeGreaterThanOrEqual(0);
    expect(chmod).toBeGreaterThan(chown);
    // chown clears the setuid bit, so the sandbox's own mode is set after it.
    expect(sandbox).toBeGreaterThan(chmod);
    // electron-builder's own steps are kept: the command on PATH.
    expect(rendered).toContain("update-alternatives --install '/usr/bin/mailscreen' 'mailscreen' '/opt/Mailscreen/mailscreen' 100");
  });

  it('locks a folder down for real: root-owned, nothing writable by group or others, links inside not followed out', () => {
    const rendered = render(readFileSync(path.join(ROOT, 'resources/deb/after-install.tpl'), 'utf8'), { executable: 'mailscreen', sanitizedProductName: 'Mailscreen', productFilename: 'Mailscreen' });
    // The lock-down part alone, aimed at a scratch folder instead of /opt/Mailscreen.
    const base = mkdtempSync(path.join(tmpdir(), 'mailscreen-deb-'));
    const app = path.join(base, 'Mailscreen');
    const outside = path.join(base, 'outside.txt');
    mkdirSync(path.join(app, 'resources'), { recursive: true, mode: 0o777 });
    writeFileSync(path.join(app, 'resources', 'app.asar'), 'asar', { mode: 0o666 });
    writeFileSync(outside, 'not ours', { mode: 0o666 });
    chmodSync(path.join(app, 'resources'), 0o777);
    chmodSync(path.join(app, 'resources', 'app.asar'), 0o666);
    chmodSync(outside, 0o666);
    symlinkSync(outside, path.join(app, 'link'));
    const lockDown = rendered.slice(0, rendered.indexOf('if type update-alternatives')).replace("APP_DIR='/opt/Mailscreen'", `APP_DIR='${app}'`);
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      chownSync(path.join(app, 'resources', 'app.asar'), 1234, 1234);
      chownSync(outside, 1234, 1234);
    }
    const run = spawnSync('bash', ['-c', lockDown], { encoding: 'utf8' });
    const mode = (file: string): number => statSync(file).mode & 0o777;
    if (isRoot) {
      expect(run.status, run.stderr).toBe(0);
      for (const file of [app, path.join(app, 'resources'), path.join(app, 'resources', 'app.asar')]) {
        expect(statSync(file).uid, file).toBe(0);
        expect(statSync(file).gid, file).toBe(0);
        expect(mode(file) & 0o022, file).toBe(0);
      }
      // A link inside is not followed: what it points at keeps its owner and mode.
      expect(statSync(outside).uid).toBe(1234);
      expect(mode(outside)).toBe(0o666);
    } else {
      // Not root: the install fails loudly rather than leaving a folder others can write.
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/could not give .* to root/);
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('is described in the README: no fuse claims, the real protection named', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/ASAR integrity[^.]*no effect on Linux/);
    expect(readme).toMatch(/root-owned/);
    expect(readme).toMatch(/dpkg --verify mailscreen/);
  });
});
