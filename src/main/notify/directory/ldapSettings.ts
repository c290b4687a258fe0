import { FilterParser } from 'ldapts';
import { z } from 'zod';
import { isBareFileName } from '../../../hardware/index.ts';

// station.json's "directory": { "ldap": { … } }: where the people come from and how they are read.
// The bind password is not in station.json: station.json is rewritten by the admin screen (its
// previous copy kept as station.json.bak), read aloud to support and pasted into tickets, so a
// secret there spreads. It lives in its own file in the owner-only data folder ("passwordFile", a
// bare name), which nothing else reads or copies and which can be replaced without touching the
// rest of the configuration.

/** An LDAP attribute description: a name (letters, digits, hyphens) or an OID, with options such as ;binary. */
const AttributeName = z
  .string()
  .max(100)
  .regex(/^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*$/, 'is not an LDAP attribute name (letters, digits and hyphens, or an OID)');

/** Active Directory's attributes for each field; an OpenLDAP site names its own (entryUUID, departmentNumber, l, …). */
export const LdapAttributeMapping = z
  .object({
    /** Stable across renames and moves: AD's objectGUID (binary, read as its text form), or employeeID, or entryUUID. */
    key: AttributeName.default('objectGUID'),
    name: AttributeName.default('displayName'),
    email: AttributeName.nullable().default('mail'),
    department: AttributeName.nullable().default('department'),
    location: AttributeName.nullable().default('physicalDeliveryOfficeName'),
    employeeId: AttributeName.nullable().default('employeeID'),
    /** AD has no badge attribute of its own: the site names the one it uses (employeeNumber, an extensionAttribute); null reads none. */
    badge: AttributeName.nullable().default(null),
  })
  .strict();
export type LdapAttributeMapping = z.infer<typeof LdapAttributeMapping>;

/** Enabled user accounts (AD's bit 2 of userAccountControl is "disabled"), no computers, no contacts. */
export const AD_PEOPLE_FILTER = '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))';

/** One filter in balanced parentheses (a value's own parentheses are written \28 and \29), which ldapts then parses. */
function isLdapFilter(filter: string): boolean {
  let depth = 0;
  for (let i = 0; i < filter.length; i++) {
    if (filter[i] === '(') depth += 1;
    else if (filter[i] === ')') depth -= 1;
    // ldapts forgives a missing closing parenthesis; a server might read the filter otherwise.
    if (depth < 0 || (depth === 0 && i < filter.length - 1) || (i === 0 && depth !== 1)) return false;
  }
  if (depth !== 0) return false;
  try {
    FilterParser.parseString(filter);
    return true;
  } catch {
    return false;
  }
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The host of an ldap:// or ldaps:// URL, or null when it is not one. */
export function ldapUrlParts(url: string): { secure: boolean; host: string } | null {
  const m = /^(ldaps?):\/\/([^/?#@\s]+?)(?::(\d{1,5}))?\/?$/i.exec(url);
  if (!m || m[2] === undefined || m[1] === undefined) return null;
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 65535)) return null;
  return { secure: m[1].toLowerCase() === 'ldaps', host: m[2] };
}

export const LdapDirectorySettings = z
  .object({
    /** ldaps://dc1.example.org (TLS from the first byte) or ldap://… with "startTLS": true. */
    url: z
      .string()
      .max(300)
      .refine((url) => ldapUrlParts(url) !== null, 'give an ldaps:// or ldap:// URL with a host and an optional port, e.g. ldaps://dc1.example.org'),
    /** The account the station reads as; it needs read access to the people, nothing more. */
    bindDN: z.string().min(1, 'give the DN of the account the station reads the directory as').max(500),
    /** A bare file name in the data folder holding the bind DN's password (one line; owner-only, 0600). */
    passwordFile: z.string().refine(isBareFileName, 'give a plain file name inside the data folder, e.g. "ldap-password"'),
    baseDN: z.string().min(1, 'give the DN under which the people are, e.g. OU=Staff,DC=example,DC=org').max(500),
    filter: z
      .string()
      .max(2000)
      .refine(isLdapFilter, 'is not an LDAP filter (RFC 4515, in parentheses), e.g. (objectClass=user)')
      .default(AD_PEOPLE_FILTER),
    attributes: LdapAttributeMapping.default(LdapAttributeMapping.parse({})),
    /** Hours between syncs. */
    everyHours: z.number().min(0.25).max(24 * 7).default(24),
    /** Upgrade an ldap:// connection with StartTLS before the password is sent. */
    startTLS: z.boolean().default(false),
    /** The CA that signed the directory's certificate (PEM), when it is not one Node trusts by default: an absolute path. */
    caFile: z
      .string()
      .max(1000)
      .refine((file) => file.startsWith('/'), 'give the absolute path of the CA certificate file (PEM)')
      .optional(),
    /** Plain ldap:// to a host other than this machine sends the password and the people in clear: only when the site says so. */
    allowPlainLdap: z.boolean().default(false),
    /** Entries per page (AD caps a page at 1000). */
    pageSize: z.number().int().min(1).max(1000).default(500),
    /** More people than this is taken for a wrong base DN or filter: the sync fails and the last good directory stays. */
    maxPeople: z.number().int().min(1).max(1_000_000).default(100_000),
    connectTimeoutSeconds: z.number().min(1).max(300).default(10),
    /** How long one operation (the bind, one page) may take. */
    timeoutSeconds: z.number().min(1).max(3600).default(60),
    /** How long a whole sync may take: a server that answers every page just in time still ends. */
    maxMinutes: z.number().min(0.01).max(24 * 60).default(30),
    /** A sync that finds no one normally means a wrong filter: it is applied (emptying the directory) only when this is true. */
    allowEmpty: z.boolean().default(false),
    /**
     * A read that would remove every person the directory gave (every key new: usually a changed
     * "key" attribute, base DN or filter) is refused unless this is true: the sync's own answer
     * to the CLI's --allow-removing-all, which neither the scheduled sync nor `site directory sync` has.
     */
    allowRemovingAll: z.boolean().default(false),
  })
  .strict()
  .superRefine((settings, context) => {
    const parts = ldapUrlParts(settings.url);
    if (!parts) return;
    if (parts.secure && settings.startTLS) {
      context.addIssue({ code: 'custom', path: ['startTLS'], message: 'ldaps:// is already TLS; remove "startTLS" or use an ldap:// URL' });
    }
    if (!parts.secure && !settings.startTLS && !settings.allowPlainLdap && !LOOPBACK_HOST.test(parts.host)) {
      context.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'plain ldap:// across a network sends the password and the people in clear; use ldaps://, or "startTLS": true, or set "allowPlainLdap": true if the site accepts that',
      });
    }
  });
export type LdapDirectorySettings = z.infer<typeof LdapDirectorySettings>;

/** station.json's "directory" section; the CSV import needs no settings. */
export const DirectorySettings = z.object({ ldap: LdapDirectorySettings.optional() }).strict();
export type DirectorySettings = z.infer<typeof DirectorySettings>;
