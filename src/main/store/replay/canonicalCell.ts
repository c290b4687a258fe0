import { canonicalJson } from '../canonicalJson.ts';

/** Nesting deeper than this is left to canonicalJson (which serializes any depth without recursing). */
const MAX_DEPTH = 32;

const NOT_PLAIN: unique symbol = Symbol('not a plain JSON value');

/** An array index as a property name: an object orders these first, by number, whatever order they were set in. */
const INDEX = /^(?:0|[1-9][0-9]*)$/;
const isIndex = (key: string): boolean => INDEX.test(key) && Number(key) < 4294967295;

/**
 * canonicalJson's very text (RFC 8785) of a value the replay meets in its cells: a plain JSON
 * value, as JSON.parse or an event's payload gives it, serialized by one JSON.stringify once every
 * object's keys are in UTF-16 code unit order (a sorted copy of an object that was not: the
 * payloads mostly are). For such a value JSON.stringify writes strings and finite numbers as RFC
 * 8785 does. canonicalJson's general walk (toJSON, boxed values, cycles) was about a tenth of the
 * replay's time at 1M items (issue 15); anything that is not such a value (a lone surrogate, a
 * non-finite number, undefined, a class instance, an array index as a key) is canonicalJson's to
 * serialize or refuse, as before.
 */
export function canonicalCell(value: unknown): string {
  const ordered = inCanonicalOrder(value, 0);
  return ordered === NOT_PLAIN ? canonicalJson(value) : JSON.stringify(ordered);
}

/** The value itself when already in canonical order, else a copy that is; NOT_PLAIN when it is not a plain JSON value. */
function inCanonicalOrder(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed() ? value : NOT_PLAIN;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return null;
      if (depth >= MAX_DEPTH) return NOT_PLAIN;
      return Array.isArray(value) ? arrayInOrder(value, depth) : objectInOrder(value, depth);
    default:
      return NOT_PLAIN;
  }
}

function arrayInOrder(values: readonly unknown[], depth: number): unknown {
  let copy: unknown[] | null = null;
  for (let i = 0; i < values.length; i += 1) {
    const element = inCanonicalOrder(values[i], depth + 1);
    if (element === NOT_PLAIN) return NOT_PLAIN;
    if (copy === null && element !== values[i]) copy = values.slice(0, i);
    copy?.push(element);
  }
  return copy ?? values;
}

function objectInOrder(value: object, depth: number): unknown {
  const prototype: unknown = Object.getPrototypeOf(value);
  if ((prototype !== Object.prototype && prototype !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  const keys = Object.keys(value);
  let sorted = true;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (!key.isWellFormed() || isIndex(key)) return NOT_PLAIN;
    if (i > 0 && !(keys[i - 1]! < key)) sorted = false;
  }
  if (!sorted) keys.sort();
  const members: unknown[] = [];
  let same = sorted;
  for (const key of keys) {
    const original = (value as Record<string, unknown>)[key];
    const member = inCanonicalOrder(original, depth + 1);
    if (member === NOT_PLAIN) return NOT_PLAIN;
    if (member !== original) same = false;
    members.push(member);
  }
  if (same) return value;
  // No prototype: a "__proto__" key is then a member like any other (JSON.parse makes it one too).
  const copy = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < keys.length; i += 1) copy[keys[i]!] = members[i];
  return copy;
}
