// A comment that cites a document must cite one in this repository, and the section it names must
// be there: the device-protocol reference the project started from is not in the repository, so
// its facts live in docs/ and the code cites those.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SELF = path.relative(ROOT, import.meta.filename);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|js|md)$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .filter((file) => file !== SELF && !file.startsWith(path.join('test', 'fixtures')));
}

const files = ['src', 'test', 'docs', 'bench', 'scripts'].filter((dir) => existsSync(path.join(ROOT, dir))).flatMap(sourceFiles);
const text = new Map(files.map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));
const headings = (doc: string): string[] => readFileSync(path.join(ROOT, doc), 'utf8').split('\n').filter((line) => line.startsWith('#')).map((line) => line.replace(/^#+\s*/, ''));

describe('documents cited in the code', () => {
  it('cites no reference document that is not in the repository', () => {
    const outside = /\b(hardware|domain|electron|peers|style)\.md\b/;
    const citing = [...text].filter(([, body]) => outside.test(body.replace(/docs\/[\w./-]+\.md/g, ''))).map(([file]) => file);
    expect(citing).toEqual([]);
  });

  it('cites docs/ files that exist, and sections that exist in them', () => {
    const missing: string[] = [];
    for (const [file, body] of text) {
      for (const match of body.matchAll(/(docs\/[\w./-]+\.md)(?:,\s*|\s*\(|\s+)"([^"\n]+)"/g)) {
        const [, doc, section] = match as unknown as [string, string, string];
        if (!existsSync(path.join(ROOT, doc))) missing.push(`${file}: ${doc}`);
        else if (!headings(doc).some((heading) => heading.includes(section))) missing.push(`${file}: ${doc} has no section "${section}"`);
      }
      for (const [doc] of body.matchAll(/docs\/[\w./-]+\.md/g)) if (!existsSync(path.join(ROOT, doc))) missing.push(`${file}: ${doc}`);
    }
    expect(missing).toEqual([]);
  });
});
