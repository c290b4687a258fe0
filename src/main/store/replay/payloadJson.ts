import { canonicalJson } from '../canonicalJson.ts';

/** Deeper than this, the exact way (canonicalize keeps its own stack). */
const MAX_DEPTH = 32;

/**
 * canonicalJson of a value JSON.parse made (an event's payload, or a part of it): the same text,
 * made without the general serializer's bookkeeping (toJSON, cycles, boxed values), which a parsed
 * value has none of; the fold makes several for every item (issue 15: a tenth of the replay). A
 * value of any other kind (undefined, a class instance, a number not finite, a lone surrogate, very
 * deep nesting) is left to canonicalJson, which gives it its text or its error as before.
 */
export function payloadJson(value: unknown): string {
  return parsedJson(value, 0) ?? canonicalJson(value);
}

/** The canonical text of a parsed value; null when it is not one (the caller takes the exact way). */
function parsedJson(value: unknown, depth: number): string | null {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return value.isWellFormed() ? JSON.stringify(value) : null;
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return null;
  }
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return null;
    let text = '[';
    for (let i = 0; i < value.length; i += 1) {
      const member = parsedJson(value[i], depth + 1);
      if (member === null) return null;
      text += i === 0 ? member : `,${member}`;
    }
    return `${text}]`;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return null;
  const object = value as Record<string, unknown>;
  // Sorted by UTF-16 code unit, as RFC 8785 and canonicalJson sort them.
  const keys = Object.keys(object).sort();
  let text = '{';
  for (const [i, key] of keys.entries()) {
    const member = object[key];
    if (!key.isWellFormed() || typeof member === 'object' && member !== null && typeof (member as { toJSON?: unknown }).toJSON === 'function') return null;
    const written = parsedJson(member, depth + 1);
    if (written === null) return null;
    text += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${written}`;
  }
  return `${text}}`;
}
