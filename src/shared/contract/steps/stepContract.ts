import { z } from 'zod';
import type { Role } from '../roles.ts';
import type { AuditSpec } from '../auditSpec.ts';
import type { CommandSpec } from '../commandSpec.ts';
import { CustodyId } from '../item.ts';

// What a screening step's contract module is made of: its commands, its audit events and its part
// of the item's detail. The registry (index.ts) joins the steps' modules into the contract's command
// list, audit catalog and ItemDetail, so a new step's contract is one module and one line there.

/** The item a step's command is about. */
export const ItemRef = z.object({ custodyId: CustodyId }).strict();
/** An operator's free-text notes on a step. */
export const Notes = z.string().trim().max(4000).default('');

/**
 * A step's command: every one answers with the item's detail as the step left it. The detail is
 * made of every step's part, so a step cannot name it here; the registry gives each its response.
 */
export interface StepCommandSpec<Req extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly roles: readonly Role[];
  readonly summary: string;
  readonly answers: 'itemDetail';
}

/** A step command spec, keeping its exact request type. */
export function stepCommand<Req extends z.ZodType>(spec: Omit<StepCommandSpec<Req>, 'answers'>): StepCommandSpec<Req> {
  return { ...spec, answers: 'itemDetail' };
}

/** The step's commands given their response: the contract's CommandSpec of each. */
export type AnsweredWith<C, Res extends z.ZodType> = { [N in keyof C]: C[N] extends StepCommandSpec<infer Req> ? CommandSpec<Req, Res> : never };

export function answeredWith<C extends Record<string, StepCommandSpec>, Res extends z.ZodType>(specs: C, response: Res): AnsweredWith<C, Res> {
  return Object.fromEntries(Object.entries(specs).map(([name, { answers: _answers, ...spec }]) => [name, { ...spec, response }])) as AnsweredWith<C, Res>;
}

/** One screening step's contract: what it adds to the commands, the audit catalog and the item's detail. */
export interface StepContract {
  /** The step's name in the registry (a module's file name). */
  readonly name: string;
  readonly commands: Readonly<Record<string, StepCommandSpec>>;
  readonly audit: Readonly<Record<string, AuditSpec>>;
  /** Its fields of ItemDetail, with their schemas. */
  readonly detail: z.ZodRawShape;
}

/** Checks a step's contract while keeping its exact types. */
export function stepContract<const S extends StepContract>(contract: S): S {
  return contract;
}
