// The contract's command specs are built from one set of helpers (src/shared/contract/commandSpec.ts):
// one empty request, one acknowledgement, one copy of each role set. A commands file that defines
// its own again, or a command granted to a hand-written role list, fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ADMIN, Ack, ALL_ROLES, COORDINATOR, Empty, SUPERVISORS } from '../../src/shared/contract/commandSpec.ts';
import { commands } from '../../src/shared/contract/index.ts';

const CONTRACT = path.resolve(import.meta.dirname, '../../src/shared/contract');
const ROLE_SETS = new Set([ALL_ROLES, SUPERVISORS, ADMIN, COORDINATOR]);
const json = (schema: z.ZodType) => JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }));

describe('command specs', () => {
  it('no commands file defines command(), Empty, Ack or a role set of its own', () => {
    const redefined = readdirSync(CONTRACT)
      .filter((name) => /^commands.*\.ts$/.test(name))
      .filter((name) => /\bfunction command\b|\bconst (Empty|Ack|SUPERVISORS|ADMIN|COORDINATOR)\b|readonly Role\[\] = \[/.test(readFileSync(path.join(CONTRACT, name), 'utf8')));
    expect(redefined).toEqual([]);
  });

  it('every command is granted to one of the shared role sets, or is public', () => {
    const handWritten = Object.entries(commands)
      .filter(([, spec]) => spec.roles !== 'public' && !ROLE_SETS.has(spec.roles))
      .map(([name]) => name);
    expect(handWritten).toEqual([]);
  });

  it('an empty request is the shared Empty and a bare acknowledgement the shared Ack', () => {
    const copies = Object.entries(commands).flatMap(([name, spec]) => [
      ...(spec.request !== Empty && json(spec.request) === json(Empty) ? [`${name} request`] : []),
      ...(spec.response !== Ack && json(spec.response) === json(Ack) ? [`${name} response`] : []),
    ]);
    expect(copies).toEqual([]);
  });
});
