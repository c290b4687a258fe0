// Issue 14, point 2: "return to sender after M days" listed for the screener: cleared items nobody
// collected in the notice schedule's days, longest waiting first; delivered or returned items leave
// the list, and choosing an item's recipient does not restart its wait.
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { NoticeSettings } from '../../src/main/notify/index.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

const stations: Station[] = [];
afterEach(() => {
  for (const station of stations.splice(0)) station.close();
});

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

type Listed = { afterDays: number; items: Array<{ item: { custodyId: string }; recipient: string | null; waitingSince: string; days: number }>; more: boolean };

async function stationWithClock(returnAfterDays: number | null) {
  let clock = Date.parse('2026-12-07T09:00:00.000Z');
  const now = () => new Date(clock);
  // Notices configured but never started: nothing is sent, the schedule's days are what is read.
  const notices = returnAfterDays === null ? {} : { notices: { settings: NoticeSettings.parse({ smtp: { host: 'mail.invalid', from: 'mailroom@example.org' }, collectAt: 'Mailroom', returnAfterDays }), ca: null } };
  const station = makeStation({ now, ...notices });
  stations.push(station);
  const screener = await addOperator(station, 'screener', 'SCR-1');
  const screen = station.connect();
  must(await screen.call('session.login', { badge: screener.badge, pin: '2468' }), 'login');
  const cleared = async (code: string) => {
    const custodyId = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code }), 'scan').item.custodyId;
    must(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
    must(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
    must(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
    must(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
    must(await screen.call('item.clear', { custodyId }), 'clear');
    return custodyId;
  };
  const days = (n: number) => {
    clock += n * 24 * 60 * 60 * 1000;
  };
  const listed = async () => must<Listed>(await screen.call('notices.returnToSender', {}), 'list');
  return { station, screen, cleared, days, listed };
}

describe('return to sender after M days', () => {
  it('lists, for a screener, cleared items waiting M days or more, longest first; a delivered item leaves; choosing a recipient does not restart the wait', async () => {
    const s = await stationWithClock(5);
    const first = await s.cleared('RB123456785GB');
    s.days(3);
    const second = await s.cleared('9400111206206406260787');
    const delivered = await s.cleared('1Z999AA10123456784');
    must(await s.screen.call('item.deliver', { custodyId: delivered, recipient: { kind: 'name', name: 'Ann Lee' }, confirmed: true }), 'deliver');
    s.days(1);
    expect(await s.listed()).toEqual({ afterDays: 5, items: [], more: false });

    s.days(2); // the first has waited 6 days, the second 3
    let list = await s.listed();
    expect(list.items.map((row) => [row.item.custodyId, row.days])).toEqual([[first, 6]]);

    s.days(3); // 9 and 6 days
    must(await s.screen.call('item.chooseRecipient', { custodyId: second, typedName: 'Front Desk' }), 'choose');
    list = await s.listed();
    expect(list.items.map((row) => [row.item.custodyId, row.days, row.recipient])).toEqual([
      [first, 9, null],
      [second, 6, 'Front Desk'],
    ]);

    must(await s.screen.call('item.return', { custodyId: first, reason: 'Not collected in 9 days' }), 'return');
    expect((await s.listed()).items.map((row) => row.item.custodyId)).toEqual([second]);
  });

  it('without notices configured, the list uses the schedule’s default: 14 days', async () => {
    const s = await stationWithClock(null);
    const custodyId = await s.cleared('RB123456785GB');
    s.days(13);
    expect((await s.listed()).items).toEqual([]);
    s.days(1);
    expect(await s.listed()).toMatchObject({ afterDays: 14, items: [{ item: { custodyId }, days: 14 }] });
  });
});
