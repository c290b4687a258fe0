import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startStation } from '../../src/main/core/startStation.ts';
import { StationConfigInvalid } from '../../src/main/core/stationConfig.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { NoticeSettings, type ItemRecipient, type RecipientLookup } from '../../src/main/notify/index.ts';
import { noticeMessage } from '../../src/main/notify/index.ts';
import { coordinatorScreen, makeStation, quarantinedSuspectParcel, tempDir } from '../helpers/station.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtpServer.ts';
import { waitFor } from '../helpers/wait.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const until = (check: () => boolean) => waitFor('the notices', () => check() || undefined, 30_000);

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const ZOE: ItemRecipient = { personId: 'E-1001', name: 'Zoë Martínez', email: 'zoe.martinez@example.org', department: 'Payroll', departmentContacts: ['payroll-lead@example.org'] };

/** The directory as notices see it: every item is for Zoë. */
const everyItemForZoe: RecipientLookup = { forItem: () => ZOE };

async function smtp(options: Parameters<typeof startTestSmtp>[0] = {}): Promise<TestSmtpServer> {
  const server = await startTestSmtp(options);
  cleanups.push(() => server.close());
  return server;
}

function settings(server: TestSmtpServer, more: Record<string, unknown> = {}) {
  return NoticeSettings.parse({
    smtp: { host: '127.0.0.1', port: server.port, from: 'mailroom@example.org' },
    collectAt: 'Mailroom, building A, 8:00-16:00',
    securityAddresses: ['security@example.org'],
    ...more,
  });
}

/** A station with notices through `server`; its clock can be moved on. */
async function noticeStation(server: TestSmtpServer, options: { mode?: 'live' | 'demo'; more?: Record<string, unknown>; recipients?: RecipientLookup } = {}) {
  let clock = Date.parse('2026-12-07T09:00:00.000Z');
  const now = () => new Date(clock);
  const station: Station = makeStation({
    mode: options.mode ?? 'live',
    now,
    notices: { settings: settings(server, options.more), ca: server.ca, recipients: options.recipients ?? everyItemForZoe, queue: { retry: { initialMs: 20, maxMs: 40 }, maxAttempts: 2 }, timeoutMs: 1500 },
  });
  cleanups.push(() => station.close());
  station.start();
  const screen = await coordinatorScreen(station);
  const scan = async (code: string) => must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code }), 'scan').item.custodyId;
  const clear = async (custodyId: string) => {
    must(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
    must(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
    must(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
    must(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
    must(await screen.call('item.clear', { custodyId }), 'clear');
  };
  const days = (n: number) => {
    clock += n * 24 * 60 * 60 * 1000;
  };
  const notices = () => station.store.db.prepare('SELECT custody_id AS custodyId, notice, state, attempts, last_error AS lastError, payload FROM notice_jobs ORDER BY id').all() as Array<{ custodyId: string; notice: string; state: string; attempts: number; lastError: string | null; payload: string }>;
  const kinds = () => (station.store.db.prepare(`SELECT kind FROM audit_events WHERE kind LIKE 'notice.%' ORDER BY seq`).all() as Array<{ kind: string }>).map((row) => row.kind);
  return { station, screen, scan, clear, days, notices, kinds };
}

describe('e-mail notices, only after clearance', () => {
  it('a cleared letter\'s recipient is told, over TLS, where and when to collect it; nothing before it is cleared', async () => {
    const server = await smtp();
    const s = await noticeStation(server);
    const custodyId = await s.scan('9400111206206406260787');
    must(await s.screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
    expect(s.notices()).toEqual([]); // taken in, details recorded: not cleared, nothing is queued
    await s.clear(custodyId);
    await until(() => server.received.length === 1);
    const [mail] = server.received;
    expect(mail!.to).toEqual(['zoe.martinez@example.org']);
    expect(mail!.from).toBe('mailroom@example.org');
    expect(mail!.secure).toBe(true);
    expect(mail!.raw).toContain(custodyId);
    expect(mail!.raw).toContain('Mailroom, building A, 8:00-16:00');
    await until(() => s.notices()[0]?.state === 'done');
    expect(s.kinds()).toEqual(['notice.queued', 'notice.sending', 'notice.sent']);
    // The notice's fate is in the item's history, after its clearance.
    const history = must<{ events: Array<{ kind: string }> }>(await s.screen.call('item.history', { custodyId }), 'history').events.map((event) => event.kind);
    expect(history.slice(history.indexOf('item.cleared'))).toEqual(['item.cleared', 'notice.queued', 'notice.sending', 'notice.sent']);
    // The address is personal data: it stays with the notice, out of the audit log.
    const log = JSON.stringify(s.station.store.db.prepare('SELECT payload FROM audit_events').all());
    expect(log).not.toContain('zoe.martinez@example.org');
  });

  it('a suspect item never tells its recipient: it alerts the security coordinators with its incident', async () => {
    const server = await smtp();
    const s = await noticeStation(server);
    const { custodyId } = await quarantinedSuspectParcel(s.screen);
    await until(() => server.received.length === 1);
    expect(server.received[0]!.to).toEqual(['security@example.org']);
    const incidentNumber = s.station.workflow.item(custodyId).incidentNumber!;
    expect(server.received[0]!.raw).toContain(incidentNumber);
    expect(server.received[0]!.raw).toContain('SUSPECT');
    expect(s.notices().map((notice) => notice.notice)).toEqual(['security-alert']);
    expect(JSON.stringify(server.received)).not.toContain('zoe.martinez');
  });

  it('demo items never reach a real address: only the drill address, when the site gives one', async () => {
    const server = await smtp();
    const none = await noticeStation(server, { mode: 'demo' });
    await none.clear(await none.scan('9400111206206406260787'));
    expect(none.notices()).toEqual([]);
    const drill = await noticeStation(server, { mode: 'demo', more: { drillAddress: 'drills@example.org' } });
    await drill.clear(await drill.scan('9400111206206406260787'));
    await until(() => server.received.length === 1);
    expect(server.received[0]!.to).toEqual(['drills@example.org']);
  });

  it('reminds after the days the site set, then escalates to the department, once each; a delivered item is left alone', async () => {
    const server = await smtp();
    const s = await noticeStation(server, { more: { reminderAfterDays: 3, escalateAfterDays: 7 } });
    const waiting = await s.scan('9400111206206406260787');
    const collected = await s.scan('1Z999AA10123456784');
    await s.clear(waiting);
    await s.clear(collected);
    must(await s.screen.call('item.deliver', { custodyId: collected, recipient: { kind: 'name', name: 'Zoë Martínez' }, confirmed: true }), 'deliver');
    await until(() => server.received.length === 2);
    s.days(2);
    expect(s.station.notices!.reactions.runSchedule()).toBe(0);
    s.days(1);
    expect(s.station.notices!.reactions.runSchedule()).toBe(1);
    expect(s.station.notices!.reactions.runSchedule()).toBe(0);
    s.days(4);
    expect(s.station.notices!.reactions.runSchedule()).toBe(1);
    await until(() => server.received.length === 4);
    expect(s.notices().map((notice) => [notice.custodyId, notice.notice])).toEqual([
      [waiting, 'ready'],
      [collected, 'ready'],
      [waiting, 'reminder'],
      [waiting, 'escalation'],
    ]);
    expect(server.received[2]!.to).toEqual(['zoe.martinez@example.org']);
    expect(server.received[2]!.raw).toContain('waiting for 3 days');
    expect(server.received[3]!.to).toEqual(['payroll-lead@example.org']);
    // The notices hold the recipient's address and name: a purge of the delivered item takes its notices with it.
    s.station.records.retentionPolicy({ action: 'set', policy: { items: 0 } }, 'operator:admin');
    expect(s.station.records.purge('cli:test', false).items).toBe(1);
    expect(s.notices().map((notice) => [notice.custodyId, notice.notice])).toEqual([
      [waiting, 'ready'],
      [waiting, 'reminder'],
      [waiting, 'escalation'],
    ]);
  });
});

describe('when the mail server will not take a notice', () => {
  it('an address the server refuses bounced: recorded, not tried again', async () => {
    const server = await smtp({ refuse: (address) => address.startsWith('zoe.') });
    const s = await noticeStation(server);
    await s.clear(await s.scan('9400111206206406260787'));
    await until(() => s.notices()[0]?.state === 'failed');
    expect(s.notices()[0]).toMatchObject({ attempts: 1 });
    expect(s.notices()[0]!.lastError).toMatch(/^the mail server refused the address \(550/);
    expect(s.kinds()).toEqual(['notice.queued', 'notice.sending', 'notice.bounced']);
  });

  it('a server that offers no TLS is not sent to in the clear', async () => {
    const server = await smtp({ noTls: true });
    const s = await noticeStation(server);
    await s.clear(await s.scan('9400111206206406260787'));
    await until(() => s.notices()[0]?.state === 'failed');
    expect(server.received).toEqual([]);
    expect(s.kinds()).toEqual(['notice.queued', 'notice.sending', 'notice.retrying', 'notice.sending', 'notice.failed']);
  });

  it('a server whose certificate the station does not trust is not sent to', async () => {
    const server = await smtp();
    const other = await smtp();
    // The station trusts `other`'s certificate, not `server`'s.
    const s = await noticeStation({ ...server, ca: other.ca });
    await s.clear(await s.scan('9400111206206406260787'));
    await until(() => s.notices()[0]?.state === 'failed');
    expect(server.received).toEqual([]);
    expect(s.notices()[0]!.lastError).toMatch(/TLS|certificate/);
  });

  it('a server that never answers times out and is tried again, in words', async () => {
    const server = await smtp({ silent: true });
    const s = await noticeStation(server);
    await s.clear(await s.scan('9400111206206406260787'));
    await until(() => s.notices()[0]?.state === 'failed');
    expect(s.notices()[0]).toMatchObject({ attempts: 2 });
    expect(s.notices()[0]!.lastError).toMatch(/mail server/);
  });

  it('a station closed mid-send closes cleanly: the send ends and is recorded before the database closes, nothing on stderr', async () => {
    const server = await smtp({ silent: true });
    const s = await noticeStation(server);
    const dbFile = s.station.store.db.name;
    await s.clear(await s.scan('9400111206206406260787'));
    await until(() => s.notices()[0]?.state === 'running');
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      // The silent server keeps the send waiting for its 1.5 s timeout: the close waits for it.
      await s.station.shutdown();
      const db = new Database(dbFile, { readonly: true });
      try {
        const job = db.prepare('SELECT state, attempts, last_error AS lastError FROM notice_jobs').get() as { state: string; attempts: number; lastError: string | null };
        // Its failed attempt was recorded (queued for a retry at the next start), not left running.
        expect(job).toMatchObject({ state: 'queued', attempts: 1, lastError: expect.stringMatching(/mail server/) });
      } finally {
        db.close();
      }
    } finally {
      stderr.mockRestore();
    }
    expect(written.join('')).not.toMatch(/not open|notice queue/);
  });
});

describe('notice settings and messages', () => {
  it('reads the mail server\'s CA file only as a regular file in the data folder: a symlink, a path or a folder is refused at start', async () => {
    const dataDir = tempDir();
    const outside = path.join(tempDir(), 'ca.pem');
    writeFileSync(outside, '-----BEGIN CERTIFICATE-----\n');
    symlinkSync(outside, path.join(dataDir, 'linked-ca.pem'));
    mkdirSync(path.join(dataDir, 'folder-ca.pem'));
    const config = (caFile: string) => {
      const file = path.join(dataDir, 'station.json');
      writeFileSync(file, JSON.stringify({ notices: { smtp: { host: 'mail.example.org', from: 'mailroom@example.org', caFile }, collectAt: 'Mailroom' } }), { mode: 0o600 });
    };
    for (const caFile of ['linked-ca.pem', '../ca.pem', 'folder-ca.pem']) {
      config(caFile);
      const refusal = await startStation({ dataDir, demo: false, version: 'test' }).then(
        async (running) => {
          await running.close();
          return null;
        },
        (error: unknown) => error,
      );
      expect(refusal, caFile).toBeInstanceOf(StationConfigInvalid);
      expect(String((refusal as Error).message)).toMatch(/notices\.smtp\.caFile/);
    }
  });

  it('refuses settings that would send in the clear, inject a header, or half-authenticate', () => {
    const base = { smtp: { host: 'mail.example.org', from: 'mailroom@example.org' }, collectAt: 'Mailroom' };
    expect(NoticeSettings.safeParse(base).success).toBe(true);
    expect(NoticeSettings.safeParse({ ...base, smtp: { ...base.smtp, security: 'none' } }).success).toBe(false);
    expect(NoticeSettings.safeParse({ ...base, smtp: { ...base.smtp, user: 'mailscreen' } }).success).toBe(false);
    expect(NoticeSettings.safeParse({ ...base, collectAt: 'Mailroom\r\nBcc: everyone@example.org' }).success).toBe(false);
    expect(NoticeSettings.safeParse({ ...base, templates: { ready: { subject: 'Ready\nBcc: x@example.org', text: 'x' } } }).success).toBe(false);
    expect(NoticeSettings.safeParse({ ...base, reminderAfterDays: 7, escalateAfterDays: 3 }).success).toBe(false);
  });

  it('a name from the directory cannot add a line or a header to a message', () => {
    const message = noticeMessage('ready', { templates: {} }, {
      name: 'Eve\r\nBcc: everyone@example.org',
      custodyId: 'AAA-AAA-AAA',
      itemType: 'letter',
      carrier: '',
      trackingNumber: '',
      collectAt: 'Mailroom',
      receivedAt: '2026-12-07',
      waitingDays: '0',
      station: 'S1',
      incidentNumber: '',
      incidentType: '',
    });
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.text).toContain('Hello Eve Bcc: everyone@example.org,');
    expect(message.text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
  });
});
