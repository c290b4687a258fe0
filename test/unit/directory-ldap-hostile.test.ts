import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BerReader, BerWriter } from 'ldapts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LdapDirectorySettings } from '../../src/main/notify/directory/ldapSettings.ts';
import { LdapSyncFailed, readLdapDirectory } from '../../src/main/notify/directory/ldapSource.ts';

// A directory server that misbehaves on purpose, speaking just enough LDAP (BER by hand) to reach
// the station's reader: pages with no one in them, pages without end, and a refusal that quotes
// the password back.

const PASSWORD = 'Hunter2-password-in-file';
const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';

type Behaviour = {
  bind: (messageId: number) => Buffer;
  searchPage: (messageId: number, page: number) => Buffer[] | Promise<Buffer[]>;
  /** Answers StartTLS with success, then says nothing more. */
  stallAfterStartTls?: boolean;
};

function ldapResult(messageId: number, tag: number, resultCode: number, diagnostic: string, cookie: Buffer | null = null): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeInt(messageId);
  writer.startSequence(tag);
  writer.writeEnumeration(resultCode);
  writer.writeString('');
  writer.writeString(diagnostic);
  writer.endSequence();
  if (cookie) {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(0);
    value.writeBuffer(cookie, 0x04);
    value.endSequence();
    writer.startSequence(0xa0);
    writer.startSequence();
    writer.writeString(PAGED_RESULTS_OID);
    writer.writeBuffer(value.buffer, 0x04);
    writer.endSequence();
    writer.endSequence();
  }
  writer.endSequence();
  return writer.buffer;
}

function searchEntry(messageId: number, dn: string, attributes: Record<string, string>): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeInt(messageId);
  writer.startSequence(0x64);
  writer.writeString(dn);
  writer.startSequence();
  for (const [type, value] of Object.entries(attributes)) {
    writer.startSequence();
    writer.writeString(type);
    writer.startSequence(0x31);
    writer.writeString(value);
    writer.endSequence();
    writer.endSequence();
  }
  writer.endSequence();
  writer.endSequence();
  writer.endSequence();
  return writer.buffer;
}

/** The length of one whole BER element at the start of `buffer`, or null while it is incomplete. */
function elementLength(buffer: Buffer): number | null {
  if (buffer.length < 2) return null;
  const first = buffer[1] ?? 0;
  if (first < 0x80) return buffer.length >= 2 + first ? 2 + first : null;
  const bytes = first & 0x7f;
  if (buffer.length < 2 + bytes) return null;
  let length = 0;
  for (let i = 0; i < bytes; i++) length = length * 256 + (buffer[2 + i] ?? 0);
  return buffer.length >= 2 + bytes + length ? 2 + bytes + length : null;
}

function serve(socket: Socket, behaviour: Behaviour): void {
  let pending = Buffer.alloc(0);
  let page = 0;
  let stalled = false;
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    if (stalled) return;
    pending = Buffer.concat([pending, chunk]);
    for (let length = elementLength(pending); length !== null; length = elementLength(pending)) {
      const reader = new BerReader(pending.subarray(0, length));
      pending = pending.subarray(length);
      reader.readSequence();
      const messageId = reader.readInt() ?? 0;
      const operation = reader.peek();
      if (operation === 0x60) socket.write(behaviour.bind(messageId));
      else if (operation === 0x63) void Promise.resolve(behaviour.searchPage(messageId, page++)).then((parts) => parts.forEach((part) => socket.writable && socket.write(part)));
      else if (operation === 0x77 && behaviour.stallAfterStartTls) {
        socket.write(ldapResult(messageId, 0x78, 0, ''));
        stalled = true;
        return;
      } else if (operation === 0x42) socket.end();
    }
  });
}

let server: Server | null = null;
let dataFolder: string;

async function hostile(behaviour: Behaviour): Promise<string> {
  const sockets = new Set<Socket>();
  server = createServer((socket) => {
    sockets.add(socket);
    serve(socket, behaviour);
  });
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const stop = server;
  afterEachClose.push(() => {
    sockets.forEach((socket) => socket.destroy());
    stop.close();
  });
  return `ldap://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
const afterEachClose: (() => void)[] = [];

function settings(url: string, overrides: Record<string, unknown> = {}): LdapDirectorySettings {
  return LdapDirectorySettings.parse({ url, bindDN: 'cn=station,dc=example,dc=org', passwordFile: 'ldap-password', baseDN: 'dc=example,dc=org', filter: '(objectClass=*)', timeoutSeconds: 20, ...overrides });
}

async function failure(promise: Promise<unknown>): Promise<LdapSyncFailed> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LdapSyncFailed);
  return error as LdapSyncFailed;
}

const bindOk = (messageId: number): Buffer => ldapResult(messageId, 0x61, 0, '');

beforeEach(() => {
  dataFolder = mkdtempSync(path.join(tmpdir(), 'mailscreen-ldap-hostile-'));
  writeFileSync(path.join(dataFolder, 'ldap-password'), PASSWORD, { mode: 0o600 });
});

afterEach(() => {
  for (const close of afterEachClose.splice(0)) close();
  server = null;
  rmSync(dataFolder, { recursive: true, force: true });
});

describe('a directory server that misbehaves', () => {
  it('follows the cookie past pages with no one in them to the people after them (RFC 2696 allows such pages)', async () => {
    const url = await hostile({
      bind: bindOk,
      searchPage: (messageId, page) => {
        if (page < 3) return [ldapResult(messageId, 0x65, 0, '', Buffer.from(`more-${page}`))];
        if (page === 3) return [searchEntry(messageId, 'cn=a,dc=example,dc=org', { objectGUID: 'guid-a', displayName: 'Ada' }), ldapResult(messageId, 0x65, 0, '', Buffer.from('more-3'))];
        if (page === 4) return [ldapResult(messageId, 0x65, 0, '', Buffer.from('more-4'))];
        return [searchEntry(messageId, 'cn=b,dc=example,dc=org', { objectGUID: 'guid-b', displayName: 'Bob' }), ldapResult(messageId, 0x65, 0, '', Buffer.alloc(0))];
      },
    });
    const read = await readLdapDirectory(settings(url), { dataFolder });
    expect(read.entries.map((entry) => entry.name)).toEqual(['Ada', 'Bob']);
  });

  it('stops a server that sends empty page after empty page, each with a cookie for more', async () => {
    let pages = 0;
    const url = await hostile({
      bind: bindOk,
      searchPage: (messageId) => {
        pages += 1;
        return [ldapResult(messageId, 0x65, 0, '', Buffer.from(`more-${pages}`))];
      },
    });
    const error = await failure(readLdapDirectory(settings(url), { dataFolder }));
    expect(error.message).toContain('pages in a row with no one in them');
    expect(pages).toBe(101);
  });

  it('stops a server whose pages of people never end at maxPeople, instead of reading without end', async () => {
    let pages = 0;
    const url = await hostile({
      bind: bindOk,
      searchPage: (messageId, page) => {
        pages += 1;
        return [searchEntry(messageId, `cn=p${page},dc=example,dc=org`, { objectGUID: `guid-${page}`, displayName: `Person ${page}` }), ldapResult(messageId, 0x65, 0, '', Buffer.from(`more-${page}`))];
      },
    });
    const error = await failure(readLdapDirectory(settings(url, { maxPeople: 50 }), { dataFolder }));
    expect(error.problem).toBe('too-many');
    expect(pages).toBe(51);
  });

  it('stops a StartTLS handshake that the server never completes', async () => {
    const url = await hostile({ bind: bindOk, searchPage: () => [], stallAfterStartTls: true });
    const error = await failure(readLdapDirectory(settings(url, { startTLS: true, connectTimeoutSeconds: 1 }), { dataFolder }));
    expect(error.problem).toBe('tls');
    expect(error.message).toContain('did not complete StartTLS within 1 s');
  });

  it('stops a whole read that outlasts maxMinutes, though every page comes within its own timeout', async () => {
    const url = await hostile({
      bind: bindOk,
      searchPage: async (messageId, page) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return [searchEntry(messageId, `cn=p${page},dc=example,dc=org`, { objectGUID: `guid-${page}`, displayName: `Person ${page}` }), ldapResult(messageId, 0x65, 0, '', Buffer.from(`more-${page}`))];
      },
    });
    const error = await failure(readLdapDirectory(settings(url, { maxMinutes: 0.02, maxPeople: 1_000_000 }), { dataFolder }));
    expect(error.problem).toBe('timeout');
    expect(error.message).toContain('took longer than 0.02 minutes');
  });

  it("cuts the password out of a refusal that quotes it back, and keeps the refusal to one line", async () => {
    const url = await hostile({
      bind: (messageId) => ldapResult(messageId, 0x61, 53, `unwilling: password ${PASSWORD} is expired\nsecond line`),
      searchPage: () => [],
    });
    const error = await failure(readLdapDirectory(settings(url), { dataFolder }));
    expect(error.problem).toBe('refused');
    expect(error.message).toContain('unwilling: password *** is expired');
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain('second line');
  });
});
