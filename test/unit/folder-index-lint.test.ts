import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });
const RULE = 'mailscreen/folder-index';

/** Lints source text as if it lived at `file`, and returns the rule's messages. */
async function folderIndexErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe("no import reaches past a folder's index.ts (DESIGN.md \"Layers and folders\")", () => {
  it.each([
    ['src/main/core/x.ts', "import { publicOperator } from '../store/operators.ts';\nexport const x = publicOperator;", 'src/main/store'],
    ['src/main/cli/x.ts', "import type { StoreReader } from '../store/readModels/storeReader.ts';\nexport type X = StoreReader;", 'src/main/store'],
    ['src/main/cli/x.ts', "import { Station } from '../core/handlers/index.ts';\nexport const x = Station;", 'src/main/core'],
    ['src/main/store/x.ts', "export { readerOf } from './readModels/storeReader.ts';", 'src/main/store/readModels'],
    ['src/main/records/x.ts', "export * from '../reports/auditExport.ts';", 'src/main/reports'],
    ['src/main/site/x.ts', "export const x = () => import('../jobs/jobQueue.ts');", 'src/main/jobs'],
    ['src/main/core/handlers/x.ts', "import { decideItem } from '../../workflow/itemLifecycle.ts';\nexport const x = decideItem;", 'src/main/workflow'],
    ['src/main/hosts/web/x.ts', "import { RENDERER_CSP } from '../../../shared/contract/api.ts';\nexport const x = RENDERER_CSP;", 'src/shared/contract'],
    ['src/main/x.ts', "import { Station } from './hosts/web/webHost.ts';\nexport const x = Station;", 'src/main/hosts/web'],
    ['src/hardware/devices/x.ts', "import { decodeNci } from '../protocols/nci.ts';\nexport const x = decodeNci;", 'src/hardware/protocols'],
    ['src/main/core/x.ts', "import { DemoRig } from '../../hardware/simulators/index.ts';\nexport const x = DemoRig;", 'src/hardware'],
    ['src/shared/labels/x.ts', "import type { Carrier } from '../domain/mailVocabulary.ts';\nexport type X = Carrier;", 'src/shared/domain'],
    ['src/renderer/item/X.tsx', "import { ErrorNotice } from '../ui/ErrorNotice.tsx';\nexport const x = ErrorNotice;", 'src/renderer/ui'],
    ['src/renderer/App2.tsx', "import { ItemWorkspace } from './item/ItemWorkspace.tsx';\nexport const x = ItemWorkspace;", 'src/renderer/item'],
    ['src/renderer/scan/x.ts', "import { createBurstClassifier } from '../../shared/domain/scanBurst.ts';\nexport const x = createBurstClassifier;", 'src/shared/domain'],
  ])('%s: %s', async (file, code, folder) => {
    expect((await folderIndexErrors(file, code)).join('\n')).toContain(`reaches into ${folder}/: import it from ${folder}/index.ts`);
  });

  it.each([
    ['siblings', 'src/main/core/x.ts', "import { Station } from './station.ts';\nexport const x = Station;"],
    ["another folder's index.ts", 'src/main/core/x.ts', "import { Store } from '../store/index.ts';\nimport { Dispatcher } from '../../hardware/index.ts';\nexport const x = [Store, Dispatcher];"],
    ["a subfolder's index.ts", 'src/main/core/x.ts', "import { stationHandlers } from './handlers/index.ts';\nexport const x = stationHandlers;"],
    ['a folder given as a folder (its index.ts)', 'src/main/core/x.ts', "import { Store } from '../store';\nexport const x = Store;"],
    ["the parent folder's files", 'src/main/core/handlers/x.ts', "import { Sessions } from '../sessions.ts';\nexport const x = Sessions;"],
    ['a file directly in a layer folder', 'src/main/core/x.ts', "import { Disposables } from '../disposables.ts';\nexport const x = Disposables;"],
    ['a file directly in src/shared (a grouping)', 'src/main/hosts/web/x.ts', "import { RENDERER_CSP } from '../../../shared/csp.ts';\nexport const x = RENDERER_CSP;"],
    ['through a grouping folder to its index.ts', 'src/main/cli/x.ts', "import { startWebHost } from '../hosts/web/index.ts';\nexport const x = startWebHost;"],
    ["the contract's index.ts", 'src/hardware/devices/x.ts', "import type { DeviceClass } from '../../shared/contract/index.ts';\nexport type X = DeviceClass;"],
    ['packages', 'src/main/core/x.ts', "import { z } from 'zod';\nexport const x = z;"],
    ["a renderer folder's index.ts", 'src/renderer/item/X.tsx', "import { ErrorNotice } from '../ui/index.ts';\nexport const x = ErrorNotice;"],
    ['a lazily loaded screen from its own folder', 'src/renderer/dashboard/Lazy2.tsx', "export const load = () => import('./DashboardScreen.tsx');"],
    ['tests, which test internals', 'test/unit/x.test.ts', "import { publicOperator } from '../../src/main/store/operators.ts';\nexport const x = publicOperator;"],
  ])('allows %s', async (_what, file, code) => {
    expect(await folderIndexErrors(file, code)).toEqual([]);
  });

  it('the source tree itself has no such import', async () => {
    const results = await eslint.lintFiles(['src/main', 'src/hardware', 'src/shared', 'src/renderer']);
    const violations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE).map((m) => `${path.relative(ROOT, r.filePath)}: ${m.message}`));
    expect(violations).toEqual([]);
  }, 180_000);
});
