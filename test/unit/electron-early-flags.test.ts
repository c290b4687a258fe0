// The Electron main process of a kiosk started without scripts/start-electron.ts gets no --js-flags:
// the station's V8 flags are set from inside it, first thing (issue 15). Electron is faked.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';

const switches = new Map<string, string>();
vi.mock('electron', () => ({ app: { commandLine: { getSwitchValue: (name: string) => switches.get(name) ?? '' } } }));

afterEach(() => {
  switches.clear();
  vi.restoreAllMocks();
  vi.resetModules();
});

async function flagsSetBy(jsFlags: string | null): Promise<{ returned: string[]; set: string[] }> {
  switches.clear();
  if (jsFlags !== null) switches.set('js-flags', jsFlags);
  // The module runs once per load, as in the process.
  vi.resetModules();
  vi.restoreAllMocks();
  const set: string[] = [];
  vi.spyOn(v8, 'setFlagsFromString').mockImplementation((flag: string) => void set.push(flag));
  const { flagsSetInProcess } = await import('../../src/main/hosts/electron/earlyFlags.ts');
  return { returned: flagsSetInProcess, set };
}

describe("the Electron main process's own V8 flags", () => {
  it('are set in the process when it was started without --js-flags', async () => {
    expect(await flagsSetBy(null)).toEqual({ returned: ['--semi-space-growth-factor=1', '--heap-growing-percent=50'], set: ['--semi-space-growth-factor=1', '--heap-growing-percent=50'] });
  });

  it('are left as the command line gave them (scripts/start-electron.ts or a site)', async () => {
    expect(await flagsSetBy('--max-semi-space-size=4 --heap-growing-percent=50')).toEqual({ returned: [], set: [] });
    expect(await flagsSetBy('--max-semi-space-size=16')).toEqual({ returned: ['--heap-growing-percent=50'], set: ['--heap-growing-percent=50'] });
  });

  it("come before the station's own code is loaded (the young generation grows as code loads)", () => {
    const main = readFileSync(path.resolve('src/main/hosts/electron/main.ts'), 'utf8');
    const imports = main.split('\n').filter((line) => line.startsWith('import '));
    expect(imports[0]).toBe("import './earlyFlags.ts';");
  });
});
