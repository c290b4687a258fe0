// scripts/electronegativity.ts must fail the build on any finding nobody justified, and pass when
// every finding is justified. Run as a child process, exactly as `npm test` runs it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJustifications } from '../../scripts/electronegativity.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/electronegativity');

function check(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/electronegativity.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const fixture = (name: string): string => path.join(FIXTURES, name);

describe('scripts/electronegativity.ts', () => {
  it('fails, listing them, on unjustified findings (a window with nodeIntegration: true)', () => {
    const { status, output } = check(fixture('unsafe-main.js'), fixture('package.json'), '--justified', fixture('safe-justified.json'));
    expect(status).toBe(1);
    expect(output).toContain('UNJUSTIFIED NODE_INTEGRATION_JS_CHECK');
    expect(output).toContain('UNJUSTIFIED CONTEXT_ISOLATION_JS_CHECK');
    expect(output).toContain('UNJUSTIFIED SANDBOX_JS_CHECK');
    // A justification names its file: the one for safe-main.js does not cover unsafe-main.js.
    expect(output).toContain('UNJUSTIFIED AUXCLICK_JS_CHECK');
    expect(output).toMatch(/electronegativity: FAILED/);
  });

  it('passes when every finding is justified', () => {
    const { status, output } = check(fixture('safe-main.js'), fixture('package.json'), '--justified', fixture('safe-justified.json'));
    expect(output).not.toContain('UNJUSTIFIED');
    expect(output).toMatch(/electronegativity: ok, 3 finding\(s\), 3 justified, 0 unjustified/);
    expect(status).toBe(0);
  });

  it('fails on the same file when nothing is justified', () => {
    const { status, output } = check(fixture('safe-main.js'), fixture('package.json'), '--justified', fixture('none-justified.json'));
    expect(status).toBe(1);
    expect(output).toContain('UNJUSTIFIED CSP_GLOBAL_CHECK');
  });

  it('refuses a justification without a reason', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mailscreen-eng-test-')), 'j.json');
    fs.writeFileSync(file, JSON.stringify({ justified: [{ id: 'SANDBOX_JS_CHECK', file: 'main/electron.cjs', reason: '' }] }));
    expect(() => readJustifications(file)).toThrow(/real reason/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('has a reason for every justification of the real build', () => {
    const entries = readJustifications(path.join(ROOT, 'scripts/electronegativity-justified.json'));
    expect(entries.length).toBeGreaterThan(0);
  });
});
