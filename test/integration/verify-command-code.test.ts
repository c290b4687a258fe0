// The verify command loads the store's code and not the rest (issue 15): the reports (PDF) and the
// site (PostgreSQL) only when an export or --site asks for them. Loading them took ~40 MB of the
// command's resident set before it read a row. Checked by what Node resolves when the command's
// module is imported, in a process of its own.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The file URLs Node resolves while `module` (a path under ROOT) is imported, and anything that one imports. */
function resolvedBy(module: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push(r.url); return r; } });
    await import(${JSON.stringify(path.join(ROOT, module))});
    process.stdout.write(JSON.stringify(seen));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as string[];
}

const under = (urls: string[], folder: string) => urls.filter((url) => url.includes(folder));

describe('the verify command loads what a check of the store needs', () => {
  it('the store and its workers, not the reports, the site, the core, PDF or PostgreSQL', () => {
    const urls = resolvedBy('src/main/cli/verifyCommand.ts');
    expect(under(urls, '/src/main/store/').length).toBeGreaterThan(10);
    expect(under(urls, '/src/main/reports/')).toEqual([]);
    expect(under(urls, '/src/main/site/')).toEqual([]);
    expect(under(urls, '/src/main/core/')).toEqual([]);
    expect(under(urls, '/node_modules/pdfkit/')).toEqual([]);
    expect(under(urls, '/node_modules/pg/')).toEqual([]);
  });

  it('--site brings the site in (the module it loads then)', () => {
    const urls = resolvedBy('src/main/cli/verifySite.ts');
    expect(under(urls, '/src/main/site/').length).toBeGreaterThan(0);
  });
});
