/**
 * The default of a switch that must name every case. The argument is `never` once every case is
 * handled, so a new state, step or action added to its union fails to compile here instead of
 * falling through to a branch that was written for another one.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}

/**
 * All members of a union joined into one object type: a registry's parts (each step's commands,
 * facts or detail fields) as the one object the registry assembles from them, so a part missing
 * from the registry is missing from the type and the compiler names it where it is used.
 */
export type Joined<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? { [K in keyof I]: I[K] } : never;
