import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { LdapDirectorySettings, NoticeSettings } from '../../src/main/notify/index.ts';
import { coordinatorScreen, makeStation, tempDir } from '../helpers/station.ts';
import { startSlapd, type Slapd } from '../helpers/slapd.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtpServer.ts';
import { waitFor } from '../helpers/wait.ts';

// The directory and the notices together, as a station runs them: people synchronised from a real
// OpenLDAP, a recipient picked from them, and the ready notice reaching that person's address at a
// real SMTP server. A sync that fails keeps the directory and says why on the record.

let slapd: Slapd;
let smtp: TestSmtpServer;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  slapd = await startSlapd({
    people: [
      { cn: 'Zoë Ångström', displayName: 'Zoë Ångström', mail: 'zoe@example.org', department: 'Legal', employeeID: 'E101', objectGUID: Buffer.from('00112233445566778899aabbccddeeff', 'hex') },
      { cn: 'Grace Hopper', displayName: 'Grace Hopper', mail: 'grace@example.org', employeeID: 'E102', objectGUID: Buffer.from('ffeeddccbbaa99887766554433221100', 'hex') },
    ],
  });
  smtp = await startTestSmtp();
}, 60_000);
afterAll(async () => {
  await smtp?.close();
  await slapd?.stop();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function syncedStation(password: string): Promise<{ station: Station; screen: ReturnType<Station['connect']> }> {
  const dataFolder = tempDir('mailscreen-directory-');
  writeFileSync(path.join(dataFolder, 'ldap-password'), `${password}\n`, { mode: 0o600 });
  const station = makeStation({
    directorySync: {
      settings: LdapDirectorySettings.parse({ url: slapd.url, bindDN: slapd.bindDN, passwordFile: 'ldap-password', baseDN: slapd.baseDN, filter: '(objectClass=inetOrgPerson)' }),
      dataFolder,
      startDelayMs: 0,
    },
    notices: {
      settings: NoticeSettings.parse({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'mailroom@example.org' }, collectAt: 'Mailroom, building A' }),
      ca: smtp.ca,
    },
  });
  cleanups.push(() => station.close());
  station.start();
  const screen = await coordinatorScreen(station);
  return { station, screen };
}

const kinds = (station: Station, kind: string) => station.store.db.prepare('SELECT payload FROM audit_events WHERE kind = ? ORDER BY seq').all(kind) as Array<{ payload: string }>;

describe('the directory from LDAP, and the notices it addresses', () => {
  it('a recipient picked from the synchronised directory is told at their directory address once the item is cleared', async () => {
    const { station, screen } = await syncedStation(slapd.password);
    await waitFor('the first sync', () => (kinds(station, 'directory.imported').length > 0 ? true : undefined), 30_000);
    const { people } = must<{ people: Array<{ key: string; name: string }> }>(await screen.call('directory.search', { query: 'zoe angs' }), 'search');
    expect(people[0]?.name).toBe('Zoë Ångström');
    const custodyId = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: '9400111206206406260787' }), 'scan').item.custodyId;
    must(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
    must(await screen.call('item.chooseRecipient', { custodyId, personKey: people[0]!.key }), 'recipient');
    must(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
    must(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
    must(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
    expect(smtp.received.filter((mail) => mail.to.includes('zoe@example.org'))).toEqual([]);
    must(await screen.call('item.clear', { custodyId }), 'clear');
    const mail = await waitFor('the ready notice', () => smtp.received.find((received) => received.raw.includes(custodyId)), 30_000);
    expect(mail.to).toEqual(['zoe@example.org']);
  });

  it('a sync the directory refuses keeps the last good directory and is on the record with why', async () => {
    const { station } = await syncedStation('not-the-password');
    const failed = await waitFor('the failed sync', () => kinds(station, 'directory.syncFailed')[0], 30_000);
    expect(JSON.parse(failed.payload)).toMatchObject({ problem: 'bind-refused', reason: expect.stringMatching(/refused the bind DN's password/) });
    expect(failed.payload).not.toContain('not-the-password');
    expect(kinds(station, 'directory.imported')).toEqual([]);
  });
});
