import { describe, expect, it } from 'vitest';
import { auditEventCatalog, commands, ItemDetail, SCREENING_STEP_CONTRACTS, weighContract, xrayContract, type StepContract } from '../../src/shared/contract/index.ts';
import { SCREENING_STEPS, stepRegistryProblems, type StepContext, type StepModuleView, type StepPorts } from '../../src/main/core/steps/index.ts';
import type { ItemFacts } from '../../src/main/workflow/index.ts';
import { auditSpec } from '../../src/shared/contract/auditSpec.ts';
import { stepCommand } from '../../src/shared/contract/steps/stepContract.ts';
import { z } from 'zod';

// The registry of screening steps (issue 11): each step is one module per layer, and the contract's
// command list, audit catalog and ItemDetail, and main's handlers, facts and detail, iterate them.
// Where the registry replaced a hand list, nothing may be silently forgotten: these tests say so, and
// the attack tests below show the check fails when an entry is missing.

const contracts: readonly StepContract[] = SCREENING_STEP_CONTRACTS;
const steps: readonly StepModuleView[] = SCREENING_STEPS;
const UNUSED = {} as StepPorts;

/** Every fact the lifecycle decides on that a step's records tell (all but the item's own state and type). */
const STEP_FACTS = ['weighed', 'weighSkipped', 'inspected', 'indicatorCount', 'xray', 'xraySkipped'] as const satisfies readonly (keyof ItemFacts)[];
// Compile-time: the list above names every such fact of ItemFacts (a new fact fails here until listed).
type Unlisted = Exclude<keyof ItemFacts, 'state' | 'itemType' | (typeof STEP_FACTS)[number]>;
const everyFactListed: [Unlisted] extends [never] ? true : false = true;

/** A context whose records are empty: enough to ask each step which facts it tells. */
const emptyRecords = {
  records: { weighings: { forItem: () => [] }, step_skips: { forItem: () => [] }, inspections: { latest: () => null }, xray_scans: { forItem: () => [] } },
} as unknown as StepContext;
const anItem = { custodyId: 'ABC-DEF-GHJ' } as Parameters<(typeof SCREENING_STEPS)[number]['facts']>[1];

describe('the registry of screening steps is complete', () => {
  it('finds no problem in the registry as shipped', () => {
    expect(stepRegistryProblems(contracts, steps)).toEqual([]);
  });

  it('gives every screening command a handler from its step module, and each is a contract command answering with the item detail', () => {
    const declared = contracts.flatMap((c) => Object.keys(c.commands));
    const handled = steps.flatMap((s) => Object.keys(s.handlers(UNUSED)));
    expect(declared.length).toBeGreaterThan(10);
    expect(handled).toEqual(declared);
    for (const name of declared) {
      expect(Object.hasOwn(commands, name), name).toBe(true);
      expect(commands[name as keyof typeof commands].response.shape).toHaveProperty('detail', ItemDetail);
    }
  });

  it('puts every step’s audit events in the catalog, each with its own schema', () => {
    const kinds = contracts.flatMap((c) => Object.entries(c.audit));
    expect(kinds.map(([kind]) => kind)).toEqual(expect.arrayContaining(['item.weighed', 'item.inspected', 'xray.verdictRecorded', 'item.cleared', 'item.delivered', 'item.voided']));
    for (const [kind, spec] of kinds) expect(auditEventCatalog[kind as keyof typeof auditEventCatalog], kind).toBe(spec);
  });

  it('builds ItemDetail from every step’s fields, in the registry’s order between the item and its incident', () => {
    const fields = contracts.flatMap((c) => Object.keys(c.detail));
    const shape = Object.keys(ItemDetail.shape);
    expect(shape.slice(1, 1 + fields.length)).toEqual(fields);
    expect(shape[0]).toBe('item');
    expect(shape[1 + fields.length]).toBe('incident');
  });

  it('tells every fact of the lifecycle from exactly one step', () => {
    expect(everyFactListed).toBe(true);
    const told = SCREENING_STEPS.flatMap((step) => Object.keys(step.facts(emptyRecords, anItem)));
    expect([...told].sort()).toEqual([...STEP_FACTS].sort());
  });
});

describe('attack: the check fails when an entry is missing', () => {
  it('names a step of the contract with no module in main', () => {
    const withoutXray = steps.filter((s) => s.contract !== xrayContract);
    expect(stepRegistryProblems(contracts, withoutXray)).toContain("the step xray has no module in main's registry (src/main/core/steps/index.ts)");
  });

  it('names a step module whose contract is not registered, and a step registered twice', () => {
    const withoutWeighContract = contracts.filter((c) => c !== weighContract);
    expect(stepRegistryProblems(withoutWeighContract, steps)).toContain("main's step weigh has no contract in the registry (src/shared/contract/steps/index.ts)");
    expect(stepRegistryProblems(contracts, [...steps, steps[1]!])).toContain('main registers the step weigh twice');
  });

  it('names steps out of the contract’s order', () => {
    const swapped = [steps[1]!, steps[0]!, ...steps.slice(2)];
    expect(stepRegistryProblems(contracts, swapped).some((p) => p.startsWith("main's steps are not in the contract's order"))).toBe(true);
  });

  it('names a command without a handler, a handler without a command, and parts left out of the contract', () => {
    const stamp = {
      name: 'stamp',
      commands: { 'item.stamp': stepCommand({ summary: 'Stamp the item.', request: z.object({}).strict(), roles: ['screener'] }) },
      audit: { 'item.stamped': auditSpec(['item'], z.object({ sha256: z.string() })) },
      detail: { stamps: z.array(z.string()) },
    } satisfies StepContract;
    const stampStep: StepModuleView = { contract: stamp, handlers: () => ({ 'item.stamps': () => null }) };
    const problems = stepRegistryProblems([...contracts, stamp], [...steps, stampStep]);
    expect(problems).toEqual([
      "the command item.stamp of the step stamp is not in the contract's commands",
      'the audit event item.stamped of the step stamp is not in the audit catalog',
      'the detail field stamps of the step stamp is not in ItemDetail',
      'the command item.stamp of the step stamp has no handler in its module',
      'the step stamp handles item.stamps, which its contract does not declare',
    ]);
  });

  it('names a command or an audit event declared by two steps', () => {
    const copy = { ...weighContract, name: 'weighAgain' } satisfies StepContract;
    const copyStep: StepModuleView = { contract: copy, handlers: steps[1]!.handlers };
    const problems = stepRegistryProblems([...contracts, copy], [...steps, copyStep]);
    expect(problems).toContain('the command item.captureWeight is declared by two steps');
    expect(problems).toContain('the audit event item.weighed is declared by two steps');
    expect(problems).toContain('the detail field weights is declared by two steps');
  });
});
