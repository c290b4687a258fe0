import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { verifyStore } from '../../src/main/store/verifyStore.ts';
import { collectDailyLog } from '../../src/main/reports/dailyLog.ts';
import { allowedActions, decide, nextSteps, nothingRecorded, type ItemFacts } from '../../src/main/workflow/index.ts';
import { DEFAULT_SCREENING_POLICY } from '../../src/main/workflow/screeningPolicy.ts';
import type { Item, ItemDetail } from '../../src/shared/contract/index.ts';
import { itemsInProgress, mergeItems } from '../../src/renderer/screens/itemList.ts';
import { addOperator, makeStation } from '../helpers/station.ts';
import { localToday } from '../helpers/wait.ts';

let station: Station | undefined;
afterEach(() => station?.close());

const ctx = { policy: DEFAULT_SCREENING_POLICY, riskLevel: 'medium' as const };
const facts = (over: Partial<ItemFacts> = {}): ItemFacts => ({ ...nothingRecorded('RECEIVED'), ...over });

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

async function login(screen: StationConnection, badge: string) {
  await screen.call('session.logout', {});
  const answer = await screen.call('session.login', { badge, pin: '2468' });
  expect(answer.ok, `login ${badge}`).toBe(true);
}

async function scan(screen: StationConnection, code: string): Promise<Item> {
  const answer = (await screen.call('intake.scan', { code })) as Answer<{ item: Item }>;
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value.item;
}

describe('voiding an item taken in by mistake (the lifecycle)', () => {
  it('allows void only while RECEIVED with no screening step recorded', () => {
    expect(decide(facts(), { kind: 'void' }, ctx)).toEqual({ ok: true, next: 'VOIDED' });
    expect(allowedActions(facts(), ctx)).toContain('void');
    expect(decide(facts({ state: 'WEIGHED', weighed: true }), { kind: 'void' }, ctx)).toEqual({ ok: false, reason: 'An item is voided only before any screening step (it is weighed).' });
    expect(decide(facts({ weighSkipped: true }), { kind: 'void' }, ctx)).toMatchObject({ ok: false, reason: expect.stringContaining('Weighing was skipped') });
    for (const state of ['INSPECTED', 'CLEARED', 'SUSPECT', 'QUARANTINED', 'DELIVERED'] as const) {
      expect(decide(facts({ state }), { kind: 'void' }, ctx).ok, state).toBe(false);
    }
  });

  it('treats a voided item as closed: nothing is allowed and nothing is next', () => {
    const voided = facts({ state: 'VOIDED' });
    expect(allowedActions(voided, ctx)).toEqual([]);
    expect(nextSteps(voided, ctx)).toEqual([]);
    expect(decide(voided, { kind: 'weigh' }, ctx)).toEqual({ ok: false, reason: 'This item is voided; its record is closed.' });
  });
});

describe('item.void at the station', () => {
  it('lets the screener who took it in void it with a reason: audited, out of the work queue, kept, searchable, replayed by verify, counted apart', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const screen = station.connect();
    await login(screen, screener.badge);
    const item = await scan(screen, 'abc');
    const other = await scan(screen, '9400111206206406260787');

    const voided = (await screen.call('item.void', { custodyId: item.custodyId, reason: 'Scanned the desk sticker by mistake' })) as Answer<{ detail: ItemDetail }>;
    expect(voided).toMatchObject({ ok: true, value: { detail: { item: { state: 'VOIDED' }, allowedActions: [], nextSteps: [], disposition: { outcome: 'voided', reason: 'Scanned the desk sticker by mistake', by: screener.id } } } });

    const events = station.store.audit.eventsFor('item', item.custodyId);
    expect(events.at(-1)).toMatchObject({ kind: 'item.voided', actor: `operator:${screener.id}`, payload: { from: 'RECEIVED', to: 'VOIDED', reason: 'Scanned the desk sticker by mistake' } });

    const open = (await screen.call('intake.list', {})) as Answer<{ items: Item[] }>;
    expect(open.ok && open.value.items.map((i) => i.custodyId)).toEqual([other.custodyId]);

    const found = (await screen.call('search.items', { states: ['VOIDED'], limit: 10 })) as Answer<{ items: Item[] }>;
    expect(found.ok && found.value.items.map((i) => i.custodyId)).toEqual([item.custodyId]);

    // The record stays: a second void, or any step, is refused in the operator's words.
    expect(await screen.call('item.void', { custodyId: item.custodyId, reason: 'again please' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: 'This item is voided; its record is closed.' } });

    expect(verifyStore(station.store.db)).toMatchObject({ ok: true, problems: [] });
    // A row edited behind the station's back is caught: the replay knows where item.voided leaves the item.
    station.store.db.prepare("UPDATE items SET state = 'RECEIVED' WHERE custody_id = ?").run(item.custodyId);
    expect(verifyStore(station.store.db).ok).toBe(false);
    station.store.db.prepare("UPDATE items SET state = 'VOIDED' WHERE custody_id = ?").run(item.custodyId);

    const log = collectDailyLog(station.store.reader.dailyLog, { date: localToday(), station: station.store.stationId, includeDemo: false });
    expect(log.totals).toMatchObject({ received: 2, voided: 1 });
    expect(log.items.find((i) => i.custodyId === item.custodyId)?.actions.voided).toBeDefined();
  });

  it('refuses a screener voiding another screener’s item, and lets a coordinator void it', async () => {
    station = makeStation();
    const first = await addOperator(station, 'screener', 'SCR-1');
    const second = await addOperator(station, 'screener', 'SCR-2');
    const coordinator = await addOperator(station, 'coordinator', 'CO-1');
    const screen = station.connect();
    await login(screen, first.badge);
    const item = await scan(screen, 'LETTER-STRAY');
    await login(screen, second.badge);
    expect(await screen.call('item.void', { custodyId: item.custodyId, reason: 'not mine to void' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Only the operator who took this item in, or a coordinator, can void it. Ask a coordinator.' },
    });
    await login(screen, coordinator.badge);
    expect(await screen.call('item.void', { custodyId: item.custodyId, reason: 'Taken in twice by mistake' })).toMatchObject({ ok: true, value: { detail: { item: { state: 'VOIDED' } } } });
    // The dashboard counts it apart, under its own state.
    const today = localToday();
    expect(await screen.call('dashboard.stats', { from: today, to: today })).toMatchObject({ ok: true, value: { outcomes: { VOIDED: 1 } } });
  });

  it('refuses a void after a screening step, and without a reason', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const screen = station.connect();
    await login(screen, screener.badge);
    const item = await scan(screen, 'PARCEL-1');
    expect(await screen.call('item.void', { custodyId: item.custodyId, reason: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    await screen.call('item.enterWeight', { custodyId: item.custodyId, grams: 120, reason: 'Scale out for service' });
    expect(await screen.call('item.void', { custodyId: item.custodyId, reason: 'Scanned by mistake' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: 'An item is voided only before any screening step (it is weighed).' },
    });
  });
});

describe('the intake list of items in progress', () => {
  it('drops an item voided (or otherwise closed) by a live event, and a late list answer does not bring it back', () => {
    const at = (iso: string) => ({ receivedAt: iso, updatedAt: iso });
    const base = { trackingNumber: null, carrier: null, scannedCode: 'abc', symbology: null, mode: 'live', receivedBy: 'operator:x', itemType: null, incidentNumber: null } as const;
    const received: Item = { ...base, custodyId: 'AAA-AAA-AAA', state: 'RECEIVED', ...at('2026-01-01T10:00:00.000Z') };
    const other: Item = { ...base, custodyId: 'BBB-BBB-BBB', state: 'RECEIVED', ...at('2026-01-01T10:01:00.000Z') };
    const voided: Item = { ...received, state: 'VOIDED', updatedAt: '2026-01-01T10:05:00.000Z' };
    const known = mergeItems(mergeItems([received, other], [voided]), [received]);
    expect(itemsInProgress(known).map((i) => i.custodyId)).toEqual(['BBB-BBB-BBB']);
  });
});
