import { z } from 'zod';
import type { Role } from './roles.ts';

// What every commands-*.ts file builds its specs from, defined once: the spec's shape, the
// identity helper that keeps each spec's own request/response types, the empty request, the plain
// acknowledgement and the role sets the contract grants commands to.

/**
 * A command of the station API: its request and response schemas and who may call it.
 * `roles: 'public'` means no operator needs to be logged in (the lock screen's own commands).
 */
export interface CommandSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
  readonly roles: readonly Role[] | 'public';
  readonly summary: string;
}

/** Checks a spec against CommandSpec while keeping its exact schema types (a type annotation would widen them). */
export function command<Req extends z.ZodType, Res extends z.ZodType>(spec: CommandSpec<Req, Res>): CommandSpec<Req, Res> {
  return spec;
}

/** A request with no arguments: anything sent along is refused, not ignored. */
export const Empty = z.object({}).strict();
/** A response that only says the command was done. */
export const Ack = z.object({ ok: z.literal(true) });

export const COORDINATOR: readonly Role[] = ['coordinator'];
export const SUPERVISORS: readonly Role[] = ['coordinator', 'admin'];
export const ADMIN: readonly Role[] = ['admin'];
export { ALL_ROLES } from './roles.ts';
