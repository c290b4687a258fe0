import { describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../src/main/core/dispatcher.ts';
import { FIELD_WORDS } from '../../src/main/core/refusalWords.ts';
import type { CommandHandlers } from '../../src/main/commands/index.ts';
import { COMMAND_NAMES, commands, type Operator, type Role } from '../../src/shared/contract/index.ts';
import { sessionAs } from '../helpers/station.ts';
import { ERROR_ADVICE } from '../../src/renderer/ui/errorAdvice.ts';

type Def = { type: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown; out?: unknown; element?: unknown; options?: unknown[]; left?: unknown; right?: unknown; valueType?: unknown };
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def: Def } } | undefined)?._zod?.def;

/** Every field name a request schema has, at any depth. */
function fieldNames(schema: unknown, into = new Set<string>(), depth = 0): Set<string> {
  const def = defOf(schema);
  if (!def || depth > 8) return into;
  const children: unknown[] = [];
  if (def.type === 'object') {
    for (const [key, child] of Object.entries(def.shape ?? {})) {
      into.add(key);
      children.push(child);
    }
  }
  children.push(def.innerType, def.in, def.out, def.element, def.left, def.right, def.valueType, ...(def.options ?? []));
  for (const child of children) if (child !== undefined) fieldNames(child, into, depth + 1);
  return into;
}

/** The top-level fields of a command's request. */
function topFields(schema: unknown): string[] {
  let def = defOf(schema);
  for (let i = 0; def && def.type !== 'object' && i < 5; i++) def = defOf(def.innerType ?? def.in);
  return Object.keys(def?.shape ?? {});
}

const HOSTILE: readonly unknown[] = ['x'.repeat(20_000), '', ' ', -1e15, 1e15, 0.5, null, {}, [], true, ['x'.repeat(300)], { kind: 'nope' }];

const ALL_FIELDS = new Set(COMMAND_NAMES.flatMap((name) => [...fieldNames(commands[name].request)]));
// A zod path ("grams: ", "secondOperator.pin", "serialScales[0]") or a key in the schema's spelling (camelCase).
const SCHEMA_WORDS = new RegExp(`\\b(${[...ALL_FIELDS].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(:|\\.|\\[)|\\b[a-z]+[A-Z][a-zA-Z]*\\b`);
const ZOD_WORDS = /Invalid (input|option|type)|Too (big|small)|expected (string|number|boolean|array|object)|Unrecognized key|received (undefined|null)/;

describe('refusals in the operator’s words (issue 12, point 12)', () => {
  it('every field a command takes has words', () => {
    expect([...ALL_FIELDS].filter((key) => !Object.hasOwn(FIELD_WORDS, key))).toEqual([]);
  });

  it('bad input to any command is refused without a command name, a schema path or zod’s wording', async () => {
    // Arguments that pass reach this stand-in: only the refusals are looked at.
    const handler = vi.fn(() => ({}));
    const dispatch = createDispatcher(Object.fromEntries(COMMAND_NAMES.map((n) => [n, handler])) as unknown as CommandHandlers, { validateResponses: false });
    const messages = new Map<string, string>();
    for (const name of COMMAND_NAMES) {
      const roles = commands[name].roles;
      const role: Role = roles === 'public' ? 'admin' : roles[0]!;
      const operator: Operator = { id: `op-${role}`, badge: `B-${role}`, name: `Test ${role}`, role };
      const attempts: unknown[] = [{ unknownField: 1 }, 'not an object', [], 42];
      for (const field of topFields(commands[name].request)) for (const value of HOSTILE) attempts.push({ [field]: value });
      for (const args of attempts) {
        const result = await dispatch(sessionAs(operator), name, args);
        if (result.ok || result.error.code !== 'INVALID_ARGUMENTS') continue;
        messages.set(`${name} ${JSON.stringify(args).slice(0, 60)}`, result.error.message);
      }
    }
    expect(messages.size).toBeGreaterThan(500);
    const leaks = [...messages].filter(([, message]) => /\b[a-z]+\.[a-zA-Z]+\b was refused/.test(message) || COMMAND_NAMES.some((n) => message.includes(n)) || SCHEMA_WORDS.test(message) || ZOD_WORDS.test(message));
    expect(leaks.slice(0, 10).map(([what, message]) => `${what.slice(0, 60)} => ${message.slice(0, 200)}`)).toEqual([]);
    // Each is one or a few short sentences.
    for (const [what, message] of messages) expect(message.length, what).toBeLessThan(400);
  });

  it('a weight too large says so in words', async () => {
    const dispatch = createDispatcher({} as CommandHandlers, { validateResponses: true });
    const screener: Operator = { id: 'op-s', badge: 'S-1', name: 'Sam', role: 'screener' };
    const result = await dispatch(sessionAs(screener), 'item.enterWeight', { custodyId: '7Q8-ZWM-VPP', grams: 1e12, reason: 'Scale out' });
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/^The weight in grams is too large: at most \d+\.$/) } });
    const missing = await dispatch(sessionAs(screener), 'item.enterWeight', { custodyId: '7Q8-ZWM-VPP', grams: 20 });
    expect(missing).toMatchObject({ ok: false, error: { message: 'The reason is missing.' } });
    const forbidden = await dispatch(sessionAs(screener), 'site.update', {});
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.not.stringContaining('site.update') } });
  });

  it('the advice under a refusal of state names no item step: an incident, a print job or a setting refuses too', () => {
    expect(ERROR_ADVICE.INVALID_STATE).not.toMatch(/item|step/i);
  });
});
