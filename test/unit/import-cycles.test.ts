import path from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('src/ has no import cycle (DESIGN.md: the composition in dependency order, no cycles)', () => {
  it('madge finds none', async () => {
    const graph = await madge(path.join(ROOT, 'src'), { baseDir: path.join(ROOT, 'src'), fileExtensions: ['ts', 'tsx'], tsConfig: path.join(ROOT, 'tsconfig.json') });
    const cycles = graph.circular().map((cycle) => cycle.join(' > '));
    expect(cycles, 'an import cycle: break it (a port, or a type in a leaf module)').toEqual([]);
  }, 180_000);
});
