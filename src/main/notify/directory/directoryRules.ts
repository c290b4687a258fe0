import type { DirectoryEntry } from './directoryEntry.ts';

// What a directory person may hold, whatever source gives them (a CSV export, an LDAP entry): the
// same rules for both, so a sync cannot store what an import would refuse.

export const MAX_FIELD_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;

/**
 * Control characters, and the bidirectional overrides that make a name read differently on the
 * screen than in the record ("Alice\u202Eecila"). A name with one is refused, never cleaned.
 */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/;

/** An address a mail server takes: one @, a dot in the domain, no spaces, quotes, brackets or separators. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;

export function isEmailAddress(text: string): boolean {
  return text.length <= MAX_EMAIL_LENGTH && EMAIL.test(text) && !text.startsWith('.') && !text.includes('..');
}

const FIELD_WORDS: Readonly<Record<keyof DirectoryEntry, string>> = {
  key: 'key',
  name: 'name',
  email: 'e-mail',
  department: 'department',
  location: 'location',
  employeeId: 'employee ID',
  badge: 'badge',
};

/** What is wrong with one entry, in a sentence each; empty when it may be applied. */
export function entryProblems(entry: DirectoryEntry): string[] {
  const problems: string[] = [];
  if (entry.name.trim() === '') problems.push('no name');
  if (entry.key.trim() === '') problems.push('no employee ID, e-mail or badge to know the person by at the next import');
  for (const field of Object.keys(FIELD_WORDS) as Array<keyof DirectoryEntry>) {
    const value = entry[field];
    if (value === null) continue;
    const limit = field === 'email' ? MAX_EMAIL_LENGTH : MAX_FIELD_LENGTH;
    if (value.length > limit) problems.push(`the ${FIELD_WORDS[field]} is longer than ${limit} characters`);
    else if (HIDDEN_CHARACTERS.test(value)) problems.push(`the ${FIELD_WORDS[field]} holds a control character`);
  }
  if (entry.email !== null && !HIDDEN_CHARACTERS.test(entry.email) && !isEmailAddress(entry.email)) problems.push(`the e-mail ${JSON.stringify(entry.email)} is not an e-mail address`);
  return problems;
}

/** The text of a field from a source: trimmed, and null when empty. */
export function fieldText(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
