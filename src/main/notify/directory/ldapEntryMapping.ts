import type { DirectoryEntry } from './directoryEntry.ts';
import type { LdapAttributeMapping } from './ldapSettings.ts';

// One LDAP entry as the directory's DirectoryEntry. The directory server is the site's, but what it
// holds was typed by many hands: every value is checked here, and an entry the directory cannot use
// (no key, no name) is skipped and counted rather than guessed at.

/** What one search result entry looks like (ldapts's Entry): attribute names as the server spelled them. */
export type LdapEntry = { dn: string } & Record<string, Buffer | Buffer[] | string[] | string>;

export const MAX_KEY_LENGTH = 200;
export const MAX_TEXT_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;

/** Why an entry was left out of the directory. */
export type SkipReason = 'no-key' | 'no-name' | 'duplicate-key';

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// One address, nothing that a mail library reads as a list, a display name or a comment.
const EMAIL = /^[^\s@,;:<>"'()[\]\\]+@[^\s@,;:<>"'()[\]\\]+\.[^\s@,;:<>"'()[\]\\]+$/;

/** The first value of an attribute, looked up without regard to case (servers answer in their own spelling). */
export function firstValue(entry: LdapEntry, attribute: string): string | Buffer | null {
  const wanted = attribute.toLowerCase();
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn' || name.toLowerCase() !== wanted) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first ?? null;
  }
  return null;
}

/**
 * A GUID as Windows writes it: AD stores objectGUID as 16 bytes whose first three fields are
 * little-endian, so the text an admin sees in AD's tools is the bytes reordered.
 */
export function guidText(bytes: Buffer): string {
  const hex = (indexes: number[]): string => indexes.map((i) => (bytes[i] ?? 0).toString(16).padStart(2, '0')).join('');
  return [hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex([10, 11, 12, 13, 14, 15])].join('-');
}

/** A value as text to keep: NFC, trimmed, null when empty, over `max`, or holding control characters. */
export function cleanText(value: string | Buffer | null, max: number = MAX_TEXT_LENGTH): string | null {
  if (value === null) return null;
  const text = (typeof value === 'string' ? value : value.toString('utf8')).normalize('NFC').trim();
  if (text === '' || text.length > max || CONTROL_CHARACTERS.test(text) || text.includes('\ufffd')) return null;
  return text;
}

/**
 * The key as stable text: a binary GUID (16 bytes under an attribute named …guid) in its Windows
 * form, other binary values that are not clean UTF-8 as hex, text as it is.
 */
export function keyText(attribute: string, value: string | Buffer | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return cleanText(value, MAX_KEY_LENGTH);
  if (value.length === 0) return null;
  if (value.length === 16 && /guid/i.test(attribute)) return guidText(value);
  const text = cleanText(value, MAX_KEY_LENGTH);
  if (text !== null && Buffer.from(text, 'utf8').equals(value)) return text;
  return value.length * 2 <= MAX_KEY_LENGTH ? value.toString('hex') : null;
}

export function cleanEmail(value: string | Buffer | null): string | null {
  const text = cleanText(value, MAX_EMAIL_LENGTH);
  return text !== null && EMAIL.test(text) ? text : null;
}

/** The attributes to ask the server for, without repeats (a site may map two fields to one attribute). */
export function requestedAttributes(mapping: LdapAttributeMapping): string[] {
  const names = [mapping.key, mapping.name, mapping.email, mapping.department, mapping.location, mapping.employeeId, mapping.badge];
  const seen = new Map<string, string>();
  for (const name of names) if (name !== null && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()];
}

export type MappedEntry = { ok: true; entry: DirectoryEntry; emailRefused: boolean } | { ok: false; reason: Exclude<SkipReason, 'duplicate-key'> };

/** One LDAP entry as a DirectoryEntry, or why it cannot be one. */
export function directoryEntryFromLdap(entry: LdapEntry, mapping: LdapAttributeMapping): MappedEntry {
  const key = keyText(mapping.key, firstValue(entry, mapping.key));
  if (key === null) return { ok: false, reason: 'no-key' };
  const name = cleanText(firstValue(entry, mapping.name));
  if (name === null) return { ok: false, reason: 'no-name' };
  const text = (attribute: string | null): string | null => (attribute === null ? null : cleanText(firstValue(entry, attribute)));
  const rawEmail = mapping.email === null ? null : firstValue(entry, mapping.email);
  const email = cleanEmail(rawEmail);
  return {
    ok: true,
    entry: {
      key,
      name,
      email,
      department: text(mapping.department),
      location: text(mapping.location),
      employeeId: text(mapping.employeeId),
      badge: text(mapping.badge),
    },
    emailRefused: email === null && rawEmail !== null && rawEmail.toString().trim() !== '',
  };
}
