import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme): the same event always serializes to the same bytes,
 * whatever order its keys were built in, so a hash over it can be recomputed anywhere.
 */
export function canonicalJson(value: unknown): string {
  // Most calls are for one string (an audit event's fields) or a flat payload: the short way.
  const short = typeof value === 'object' && value !== null ? flatCanonicalJson(value) : primitiveJson(value);
  if (short !== undefined) return short;
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('canonicalJson: value has no JSON form');
  return text;
}

/**
 * canonicalJson of an object whose members are given as their canonical JSON texts already: the
 * same bytes, without serializing a member a second time (an audit event's payload is made
 * canonical once, then hashed inside its event and stored as it is). The keys are sorted by UTF-16
 * code unit, as RFC 8785 and canonicalJson sort them.
 */
export function canonicalJsonOfMembers(members: Readonly<Record<string, string>>): string {
  let text = '';
  for (const key of Object.keys(members).sort()) {
    text += `${text === '' ? '{' : ','}${canonicalJson(key)}:${members[key]!}`;
  }
  return text === '' ? '{}' : `${text}}`;
}

/**
 * What canonicalize writes for a well-formed string, a finite number, a boolean or null (JSON.stringify's
 * text: RFC 8785 takes ECMAScript's); undefined for anything else, which canonicalize then refuses or walks.
 */
function primitiveJson(value: unknown): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? JSON.stringify(value) : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (typeof value === 'boolean' || value === null) return JSON.stringify(value);
  return undefined;
}

/**
 * The canonical JSON of a plain object whose members are all primitiveJson's (most audit payloads,
 * an intake's every time), made without the general walk; undefined for anything else (nesting, a
 * toJSON, a lone surrogate, an undefined member), which canonicalize then serializes or refuses.
 */
function flatCanonicalJson(value: object): string | undefined {
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  // No prototype: a member named __proto__ is a member like any other.
  const members = Object.create(null) as Record<string, string>;
  for (const [key, member] of Object.entries(value)) {
    const json = primitiveJson(member);
    if (json === undefined || !key.isWellFormed()) return undefined;
    members[key] = json;
  }
  return canonicalJsonOfMembers(members);
}
