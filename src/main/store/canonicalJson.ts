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
