import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });
const RULE = 'mailscreen/no-core-imports';

/** Lints source text as if it lived at `file`, and returns the rule's messages. */
async function coreImportErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('reports/, records/, site/ and notify/ never import core/ (DESIGN.md "Layers and folders")', () => {
  it.each([
    ['src/main/reports/x.ts', "import type { CommandContext } from '../core/dispatcher.ts';\nexport type X = CommandContext;"],
    ['src/main/reports/deep/x.ts', "import { itemDetail } from '../../core/itemDetail.ts';\nexport const x = itemDetail;"],
    ['src/main/records/x.ts', "import { Station } from '../core/index.ts';\nexport const x = Station;"],
    ['src/main/records/x.ts', "export { Session } from '../core/sessions.ts';"],
    ['src/main/records/x.ts', "export * from '../core/index.ts';"],
    ['src/main/site/x.ts', "export const x = () => import('../core/station.ts');"],
    ['src/main/notify/x.ts', "import { EventBus } from '../core/eventBus.ts';\nexport const x = EventBus;"],
  ])('%s: %s', async (file, code) => {
    expect((await coreImportErrors(file, code)).join('\n')).toMatch(/may not import src\/main\/core\/.* \(the core\)/);
  });

  it.each([
    ['src/main/reports/x.ts', "import type { CommandContext } from '../commands/index.ts';\nimport { Store } from '../store/index.ts';\nexport const x = [Store] as const;\nexport type X = CommandContext;"],
    ['src/main/records/x.ts', "import { actorOf } from '../commands/index.ts';\nexport const x = actorOf;"],
    ['src/main/core/x.ts', "import { ReportService } from '../reports/index.ts';\nimport { Station } from './station.ts';\nexport const x = [ReportService, Station];"],
    ['src/main/cli/x.ts', "import { Station } from '../core/index.ts';\nexport const x = Station;"],
  ])('allows %s', async (file, code) => {
    expect(await coreImportErrors(file, code)).toEqual([]);
  });

  it('the source tree itself has no such import', async () => {
    const results = await eslint.lintFiles(['src/main']);
    const violations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE).map((m) => `${path.relative(ROOT, r.filePath)}: ${m.message}`));
    expect(violations).toEqual([]);
  }, 120_000);
});
