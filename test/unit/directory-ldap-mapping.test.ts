import { describe, expect, it } from 'vitest';
import { cleanEmail, cleanText, directoryEntryFromLdap, guidText, keyText, requestedAttributes } from '../../src/main/notify/directory/ldapEntryMapping.ts';
import { LdapAttributeMapping } from '../../src/main/notify/directory/ldapSettings.ts';

// What one LDAP entry becomes: values typed by many hands are checked, none is guessed at.

const AD = LdapAttributeMapping.parse({});

describe('an LDAP entry as a directory entry', () => {
  it("writes a binary objectGUID as AD's tools show it", () => {
    // {01234567-89ab-cdef-0123-456789abcdef} is stored with its first three fields little-endian.
    expect(guidText(Buffer.from('67452301ab89efcd0123456789abcdef', 'hex'))).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(keyText('objectGUID', Buffer.from('67452301ab89efcd0123456789abcdef', 'hex'))).toBe('01234567-89ab-cdef-0123-456789abcdef');
  });

  it('keeps a textual key as text and any other binary key as hex, never mangled UTF-8', () => {
    expect(keyText('entryUUID', 'b3b2e4c8-1c9e-103f-8a1b-0f1d0e0c7a55')).toBe('b3b2e4c8-1c9e-103f-8a1b-0f1d0e0c7a55');
    expect(keyText('employeeID', Buffer.from('E100'))).toBe('E100');
    expect(keyText('employeeID', Buffer.from([0xff, 0x00, 0x41]))).toBe('ff0041');
    expect(keyText('employeeID', Buffer.alloc(0))).toBeNull();
    expect(keyText('employeeID', Buffer.alloc(101, 0xff))).toBeNull();
  });

  it('drops values with control characters, over the length cap, or empty, and trims and composes the rest', () => {
    expect(cleanText('  Zoe\u0308 ')).toBe('Zoë');
    expect(cleanText('Eve\r\nBcc: all@example.org')).toBeNull();
    expect(cleanText('a'.repeat(201))).toBeNull();
    expect(cleanText('   ')).toBeNull();
    expect(cleanText(Buffer.from([0x41, 0xff]))).toBeNull();
  });

  it('keeps one plain address and nothing a mail library could read as several', () => {
    expect(cleanEmail('ada@example.org')).toBe('ada@example.org');
    for (const value of ['ada@example.org, eve@evil.example', 'Ada <ada@example.org>', 'ada@example.org;eve@evil.example', 'ada', 'ada@localhost', 'a b@example.org', `${'a'.repeat(250)}@example.org`]) {
      expect(cleanEmail(value), value).toBeNull();
    }
  });

  it('reads attributes whatever case the server answers in, and says why an entry cannot be used', () => {
    const entry = { dn: 'CN=Ada,OU=Staff', OBJECTGUID: Buffer.alloc(16, 1), DisplayName: ['Ada Lovelace', 'Countess'], MAIL: 'ada@example.org', department: [] as string[] };
    expect(directoryEntryFromLdap(entry, AD)).toEqual({
      ok: true,
      entry: { key: '01010101-0101-0101-0101-010101010101', name: 'Ada Lovelace', email: 'ada@example.org', department: null, location: null, employeeId: null, badge: null },
      emailRefused: false,
    });
    expect(directoryEntryFromLdap({ dn: 'CN=x', displayName: 'X' }, AD)).toEqual({ ok: false, reason: 'no-key' });
    expect(directoryEntryFromLdap({ dn: 'CN=x', objectGUID: Buffer.alloc(16, 2), displayName: '\u0007' }, AD)).toEqual({ ok: false, reason: 'no-name' });
    expect(directoryEntryFromLdap({ dn: 'CN=x', objectGUID: Buffer.alloc(16, 2), displayName: 'X', mail: 'x, y@example.org' }, AD)).toMatchObject({ ok: true, emailRefused: true });
  });

  it('asks for each mapped attribute once', () => {
    expect(requestedAttributes(AD)).toEqual(['objectGUID', 'displayName', 'mail', 'department', 'physicalDeliveryOfficeName', 'employeeID']);
    expect(requestedAttributes(LdapAttributeMapping.parse({ key: 'employeeID', badge: 'EmployeeId' }))).toEqual(['employeeID', 'displayName', 'mail', 'department', 'physicalDeliveryOfficeName']);
  });
});
