import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme): the same event always serializes to the same bytes,
 * whatever order its keys were built in, so a hash over it can be recomputed anywhere.
 */
export function canonicalJson(value: unknown): string {
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
