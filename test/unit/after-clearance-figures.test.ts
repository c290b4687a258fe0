// The dashboard and the daily log count what happens after clearance (issue 14, point 5): items
// handed over, notices sent, bounced or failed, and the cleared items still waiting for their
// recipient, by how long they have waited. Live records only; a delivered item no longer waits.
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult, DashboardStats } from '../../src/shared/contract/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { collectDailyLog } from '../../src/main/reports/dailyLog.ts';
import { NoticeSettings, type ItemRecipient, type RecipientLookup } from '../../src/main/notify/index.ts';
import { coordinatorScreen, makeStation } from '../helpers/station.ts';
import { startTestSmtp } from '../helpers/smtpServer.ts';
import { localToday, waitFor } from '../helpers/wait.ts';
import { pdfText } from '../helpers/pdfText.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const person = (name: string, email: string): ItemRecipient => ({ personId: email, name, email, department: 'Payroll', departmentContacts: [] });
// Every item is for Zoë but those for someone whose mailbox the server refuses.
const forNobody = new Set<string>();
const recipients: RecipientLookup = { forItem: (custodyId) => (forNobody.has(custodyId) ? person('Nobody', 'nobody@example.org') : person('Zoë Martínez', 'zoe@example.org')) };

describe('figures after clearance', () => {
  it('count hand-overs, notices by fate and items waiting by age, on the dashboard and in the daily log', async () => {
    const server = await startTestSmtp({ refuse: (address) => address.startsWith('nobody@') });
    cleanups.push(() => server.close());
    // The items' clock starts ten days ago and ends now (the audit log keeps the real time of each event).
    const start = Date.now() - 10 * 86_400_000;
    let clock = start;
    const station: Station = makeStation({
      mode: 'live',
      now: () => new Date(clock),
      notices: {
        settings: NoticeSettings.parse({ smtp: { host: '127.0.0.1', port: server.port, from: 'mailroom@example.org' }, collectAt: 'Mailroom', securityAddresses: ['security@example.org'] }),
        ca: server.ca,
        recipients,
        queue: { retry: { initialMs: 20, maxMs: 40 }, maxAttempts: 2 },
        timeoutMs: 1500,
      },
    });
    cleanups.push(() => station.close());
    station.start();
    const screen = await coordinatorScreen(station);
    const clearNew = async (code: string, refused = false) => {
      const custodyId = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code }), 'scan').item.custodyId;
      if (refused) forNobody.add(custodyId);
      must(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
      must(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
      must(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
      must(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
      must(await screen.call('item.clear', { custodyId }), 'clear');
      return custodyId;
    };
    const noticesDone = () => waitFor('the notices', () => (station.store.db.prepare("SELECT count(*) FROM notice_jobs WHERE state IN ('queued', 'running')").pluck().get() === 0 ? true : undefined), 30_000);

    // Ten days ago: one letter cleared, still waiting.
    await clearNew('A-1');
    await noticesDone();
    clock += 8 * 86_400_000;
    // Two days ago: one cleared whose recipient's mailbox is refused.
    await clearNew('A-2', true);
    await noticesDone();
    clock += 2 * 86_400_000;
    // Today: two cleared, one of them handed over.
    const handed = await clearNew('A-3');
    await clearNew('A-4');
    must(await screen.call('item.deliver', { custodyId: handed, recipient: { kind: 'name', name: 'Zoë Martínez' }, confirmed: true }), 'deliver');
    await noticesDone();

    const today = localToday();
    const stats = must<DashboardStats>(await screen.call('dashboard.stats', { from: today, to: today }), 'dashboard');
    expect(stats.afterClearance).toEqual({
      delivered: 1,
      notices: { sent: 3, bounced: 1, failed: 0, pending: 0 },
      waiting: { total: 3, byAge: { underDay: 1, days1to3: 1, days3to7: 0, week: 1 }, oldestSince: new Date(start).toISOString() },
    });
    // A period that holds none of it counts none of it; what waits now still waits.
    const before = must<DashboardStats>(await screen.call('dashboard.stats', { from: '2020-11-01', to: '2020-11-02' }), 'dashboard');
    expect(before.afterClearance.delivered).toBe(0);
    expect(before.afterClearance.notices).toEqual({ sent: 0, bounced: 0, failed: 0, pending: 0 });
    expect(before.afterClearance.waiting.total).toBe(3);

    const log = collectDailyLog(station.store.reader.dailyLog, { date: today, station: station.store.stationId, includeDemo: false }, { read: station.store.reader.afterClearance, now: new Date(clock) });
    expect(log.afterClearance).toMatchObject({ delivered: 1, notices: { sent: 3, bounced: 1, failed: 0 }, waitingNow: { total: 3, byAge: { week: 1 } } });
    // The printed log says the same.
    const pdf = must<{ contentBase64: string }>(await screen.call('report.dailyLog', { date: today, format: 'pdf', mode: 'live' }), 'daily log');
    const text = pdfText(Buffer.from(pdf.contentBase64, 'base64')).replace(/\s+/g, ' ');
    expect(text).toContain('After clearance');
    expect(text).toMatch(/Handed over Notices sent Bounced Failed 1 3 1 0/);
    expect(text).toMatch(/Waiting for their recipient at .*: 3 items — under a day 1, 1–3 days 1, 3–7 days 0, a week or more 1/);
    const otherStation = collectDailyLog(station.store.reader.dailyLog, { date: today, station: 'ST-ELSEWHERE', includeDemo: false }, { read: station.store.reader.afterClearance, now: new Date(clock) });
    expect(otherStation.afterClearance).toMatchObject({ delivered: 0, notices: { sent: 0 } });
  });
});
