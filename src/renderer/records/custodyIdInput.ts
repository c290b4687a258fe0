/**
 * A custody ID as an operator types it (any case, with or without hyphens; I and L read as 1, O as
 * 0: Crockford base32), in the XXX-XXX-XXX form the contract takes. Null when it cannot be one.
 */
export function normalizeCustodyId(typed: string): string | null {
  const plain = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{9}$/.test(plain)) return null;
  return `${plain.slice(0, 3)}-${plain.slice(3, 6)}-${plain.slice(6)}`;
}
