import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme): the same event always serializes to the same bytes,
 * whatever order its keys were built in, so a hash over it can be recomputed anywhere.
 */
export function canonicalJson(value: unknown): string {
  // Most calls are for one string (an audit event's fields): its canonical form is JSON.stringify's
  // (RFC 8785 3.2.2.2 takes ECMAScript's), refused when not well formed as canonicalize refuses it.
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new TypeError('canonicalJson: a string with a lone surrogate has no canonical form');
    return JSON.stringify(value);
  }
  const flat = typeof value === 'object' && value !== null ? flatCanonicalJson(value) : undefined;
  if (flat !== undefined) return flat;
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
 * The canonical JSON of a plain object whose members are all strings, finite numbers, booleans or
 * null (most audit payloads, an intake's every time), made without the general walk; undefined for
 * anything else (nesting, a toJSON, a lone surrogate, an undefined member), which canonicalize then
 * serializes or refuses. Each member is what canonicalize writes for it: JSON.stringify's text.
 */
function flatCanonicalJson(value: object): string | undefined {
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const members = value as Record<string, unknown>;
  let text = '';
  for (const key of Object.keys(members).sort()) {
    const member = members[key];
    let json: string;
    if (typeof member === 'string') {
      if (!member.isWellFormed()) return undefined;
      json = JSON.stringify(member);
    } else if (typeof member === 'number') {
      if (!Number.isFinite(member)) return undefined;
      json = JSON.stringify(member);
    } else if (typeof member === 'boolean') json = member ? 'true' : 'false';
    else if (member === null) json = 'null';
    else return undefined;
    if (!key.isWellFormed()) return undefined;
    text += `${text === '' ? '{' : ','}${JSON.stringify(key)}:${json}`;
  }
  return text === '' ? '{}' : `${text}}`;
}
