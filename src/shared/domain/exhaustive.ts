/**
 * The default of a switch that must name every case. The argument is `never` once every case is
 * handled, so a new state, step or action added to its union fails to compile here instead of
 * falling through to a branch that was written for another one.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
