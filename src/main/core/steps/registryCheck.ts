import { auditEventCatalog, commands, ItemDetail, type StepContract } from '../../../shared/contract/index.ts';
import type { StepPorts } from './screeningStep.ts';

/** A step module as the check sees it: its contract and the handlers it gives. */
export interface StepModuleView {
  readonly contract: StepContract;
  handlers(ports: StepPorts): object;
}

/** Where each step's parts must end up: the contract's commands, its audit catalog and ItemDetail's fields. */
export interface StepTargets {
  readonly commands: Readonly<Record<string, { request: unknown }>>;
  readonly catalog: Readonly<Record<string, unknown>>;
  readonly detail: Readonly<Record<string, unknown>>;
}

const CONTRACT_TARGETS: StepTargets = { commands, catalog: auditEventCatalog, detail: ItemDetail.shape };

/** Handlers are only built here, never called: the ports are not used. */
const UNUSED_PORTS = {} as StepPorts;

function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
}

/**
 * What is wrong with a registry of screening steps, one sentence each; empty when every step of the
 * contract has its module in main, in the same order, each command its handler, each audit event its
 * place in the catalog and each detail field its place in ItemDetail, and nothing is declared twice.
 * The compiler already refuses most of these; the registry test (screening-step-registry) asks this
 * too, so what the types cannot see (order, a handler or entry declared twice) is named with its step.
 */
export function stepRegistryProblems(contracts: readonly StepContract[], steps: readonly StepModuleView[], targets: StepTargets = CONTRACT_TARGETS): string[] {
  const problems: string[] = [];
  for (const name of duplicates(contracts.map((c) => c.name))) problems.push(`the contract registers the step ${name} twice`);
  for (const name of duplicates(steps.map((s) => s.contract.name))) problems.push(`main registers the step ${name} twice`);
  for (const contract of contracts) {
    if (!steps.some((s) => s.contract === contract)) problems.push(`the step ${contract.name} has no module in main's registry (src/main/core/steps/index.ts)`);
  }
  for (const step of steps) {
    if (!contracts.includes(step.contract)) problems.push(`main's step ${step.contract.name} has no contract in the registry (src/shared/contract/steps/index.ts)`);
  }
  const contractOrder = contracts.map((c) => c.name).filter((name) => steps.some((s) => s.contract.name === name));
  const mainOrder = steps.map((s) => s.contract.name).filter((name) => contracts.some((c) => c.name === name));
  if (contractOrder.join() !== mainOrder.join()) problems.push(`main's steps are not in the contract's order (${contractOrder.join(', ')})`);

  for (const name of duplicates(contracts.flatMap((c) => Object.keys(c.commands)))) problems.push(`the command ${name} is declared by two steps`);
  for (const name of duplicates(contracts.flatMap((c) => Object.keys(c.audit)))) problems.push(`the audit event ${name} is declared by two steps`);
  for (const name of duplicates(contracts.flatMap((c) => Object.keys(c.detail)))) problems.push(`the detail field ${name} is declared by two steps`);

  for (const contract of contracts) {
    for (const [name, spec] of Object.entries(contract.commands)) {
      if (targets.commands[name]?.request !== spec.request) problems.push(`the command ${name} of the step ${contract.name} is not in the contract's commands`);
    }
    for (const [kind, spec] of Object.entries(contract.audit)) {
      if (targets.catalog[kind] !== spec) problems.push(`the audit event ${kind} of the step ${contract.name} is not in the audit catalog`);
    }
    for (const [field, schema] of Object.entries(contract.detail)) {
      if (targets.detail[field] !== schema) problems.push(`the detail field ${field} of the step ${contract.name} is not in ItemDetail`);
    }
  }

  for (const step of steps) {
    const handled = Object.keys(step.handlers(UNUSED_PORTS));
    const declared = Object.keys(step.contract.commands);
    for (const name of declared.filter((n) => !handled.includes(n))) problems.push(`the command ${name} of the step ${step.contract.name} has no handler in its module`);
    for (const name of handled.filter((n) => !declared.includes(n))) problems.push(`the step ${step.contract.name} handles ${name}, which its contract does not declare`);
  }
  return problems;
}
