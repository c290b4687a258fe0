import { describe, expect, it } from 'vitest';
import { AD_PEOPLE_FILTER, DirectorySettings, LdapDirectorySettings } from '../../src/main/notify/directory/ldapSettings.ts';

// station.json's "directory": { "ldap": … }: Active Directory's defaults, and the settings that
// would send the password in clear, leak it into station.json or inject into a search refused.

const minimal = { url: 'ldaps://dc1.example.org', bindDN: 'CN=Mailscreen,OU=Services,DC=example,DC=org', passwordFile: 'ldap-password', baseDN: 'OU=Staff,DC=example,DC=org' };

function problems(settings: Record<string, unknown>): string[] {
  const parsed = LdapDirectorySettings.safeParse(settings);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('LDAP directory settings', () => {
  it("takes Active Directory's attributes, filter and limits when the site names none", () => {
    const settings = LdapDirectorySettings.parse(minimal);
    expect(settings.attributes).toEqual({ key: 'objectGUID', name: 'displayName', email: 'mail', department: 'department', location: 'physicalDeliveryOfficeName', employeeId: 'employeeID', badge: null });
    expect(settings.filter).toBe(AD_PEOPLE_FILTER);
    expect(settings).toMatchObject({ startTLS: false, allowPlainLdap: false, allowEmpty: false, pageSize: 500, everyHours: 24 });
    expect(DirectorySettings.parse({ ldap: minimal }).ldap?.url).toBe('ldaps://dc1.example.org');
    expect(DirectorySettings.parse({})).toEqual({});
  });

  it('refuses plain ldap:// across a network unless StartTLS is on or the site allows it explicitly', () => {
    const plain = { ...minimal, url: 'ldap://dc1.example.org' };
    expect(problems(plain)).toEqual([expect.stringMatching(/^url: plain ldap:\/\/ across a network sends the password/)]);
    expect(problems({ ...plain, url: 'ldap://10.0.0.5:389' })).toHaveLength(1);
    expect(problems({ ...plain, startTLS: true, caFile: '/etc/ssl/site-ca.pem' })).toEqual([]);
    expect(problems({ ...plain, allowPlainLdap: true })).toEqual([]);
    // This machine only: nothing crosses a network.
    for (const url of ['ldap://127.0.0.1:3389', 'ldap://localhost', 'ldap://[::1]:389/']) expect(problems({ ...plain, url })).toEqual([]);
    expect(problems({ ...minimal, startTLS: true })).toEqual([expect.stringMatching(/^startTLS: ldaps:\/\/ is already TLS/)]);
  });

  it('has no place for the password itself: only the name of a file in the data folder', () => {
    expect(problems({ ...minimal, password: 'Secret1' })).toEqual([expect.stringContaining('password')]);
    for (const passwordFile of ['../ldap-password', '/etc/ldap-password', 'sub/ldap-password', '', '..']) {
      expect(problems({ ...minimal, passwordFile })).toEqual([expect.stringMatching(/^passwordFile: give a plain file name inside the data folder/)]);
    }
  });

  it('refuses URLs, attribute names and filters that are not what they claim to be', () => {
    for (const url of ['http://dc1.example.org', 'ldap://', 'ldaps://dc1.example.org/OU=Staff?mail', 'ldaps://dc1.example.org:99999', 'dc1.example.org', 'ldaps://dc1 .example.org', 'ldaps://admin:Secret1@dc1.example.org']) {
      expect(problems({ ...minimal, url }), url).not.toEqual([]);
    }
    expect(problems({ ...minimal, attributes: { email: 'mail)(objectClass=*' } })).toEqual([expect.stringMatching(/^attributes.email: is not an LDAP attribute name/)]);
    expect(problems({ ...minimal, attributes: { key: 'objectGUID;binary', badge: '1.2.840.113556.1.2.610' } })).toEqual([]);
    expect(problems({ ...minimal, attributes: { phone: 'telephoneNumber' } })).toHaveLength(1);
    for (const filter of ['objectClass=user', '(&(objectClass=user)', '(objectClass=user))(', '()']) {
      expect(problems({ ...minimal, filter }), filter).toEqual([expect.stringMatching(/^filter: is not an LDAP filter/)]);
    }
    expect(problems({ ...minimal, filter: '(&(objectClass=user)(department=Mail*))' })).toEqual([]);
  });

  it("keeps pages within AD's cap and the CA file an absolute path", () => {
    expect(problems({ ...minimal, pageSize: 1001 })).toHaveLength(1);
    expect(problems({ ...minimal, pageSize: 1000 })).toEqual([]);
    expect(problems({ ...minimal, caFile: 'site-ca.pem' })).toEqual([expect.stringMatching(/^caFile: give the absolute path/)]);
    expect(problems({ ...minimal, everyHours: 0 })).toHaveLength(1);
  });
});
