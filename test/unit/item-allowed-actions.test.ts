import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { ItemDetail } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

type Answer = { ok: true; value: { detail: ItemDetail } } | { ok: false; error: { code: string; message: string } };

async function scannedLetter() {
  station = makeStation();
  const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
  const screener = await addOperator(station, 'screener', 'SCR-1');
  const screen = station.connect();
  await screen.call('session.login', { badge: coordinator.badge, pin: '2468' });
  const scanned = await screen.call('intake.scan', { code: '9400111206206406260787' });
  const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
  const call = async (command: string, args: object) => (await screen.call(command, { custodyId, ...args })) as Answer;
  const detail = async () => {
    const answer = await call('item.get', {});
    if (!answer.ok) throw new Error(answer.error.message);
    return ItemDetail.parse(answer.value.detail);
  };
  return { screen, screener, custodyId, call, detail };
}

describe('an item says what it allows now, decided by the lifecycle', () => {
  it('lists the allowed actions in the detail, and they follow the item through its steps', async () => {
    const { call, detail } = await scannedLetter();
    const received = await detail();
    expect(received.item.state).toBe('RECEIVED');
    expect(received.allowedActions).toEqual(expect.arrayContaining(['recordDetails', 'changeItemType', 'weigh', 'markSuspect']));
    expect(received.allowedActions).not.toContain('quarantine');
    expect(received.allowedActions).not.toContain('transferCustody');
    expect(received.allowedActions).not.toContain('clear');

    await call('item.setDetails', { itemType: 'letter' });
    await call('item.enterWeight', { grams: 21, reason: 'Scale out for service' });
    await call('item.inspect', { indicators: [], notes: '' });
    const inspected = await detail();
    expect(inspected.item.state).toBe('INSPECTED');
    expect(inspected.nextSteps).toEqual(['xray-or-skip']);
    expect(inspected.allowedActions).toEqual(expect.arrayContaining(['recordDetails', 'skipXray', 'requestXray', 'markSuspect']));
    expect(inspected.allowedActions).not.toContain('changeItemType');

    await call('item.skipStep', { step: 'xray', reason: 'Letters are not X-rayed at medium risk' });
    const cleared = await call('item.clear', {});
    expect(cleared).toMatchObject({ ok: true, value: { detail: { item: { state: 'CLEARED' }, nextSteps: ['deliver-or-return'] } } });
    if (cleared.ok) expect([...cleared.value.detail.allowedActions].sort()).toEqual(['deliver', 'return']);
  });

  it('refuses a detail change by the lifecycle: the type after inspection, anything once cleared, in the same words', async () => {
    const { call, detail } = await scannedLetter();
    await call('item.setDetails', { itemType: 'letter' });
    await call('item.enterWeight', { grams: 21, reason: 'Scale out for service' });
    await call('item.inspect', { indicators: [], notes: '' });
    expect(await call('item.setDetails', { itemType: 'parcel' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: 'The item type decides the screening steps; it cannot change after inspection.' },
    });
    // The same type again is no change of type: the recipient may still be recorded after inspection.
    expect(await call('item.setDetails', { itemType: 'letter', recipient: 'Payroll, 3rd floor' })).toMatchObject({ ok: true, value: { detail: { recipient: 'Payroll, 3rd floor' } } });
    await call('item.skipStep', { step: 'xray', reason: 'Letters are not X-rayed at medium risk' });
    await call('item.clear', {});
    expect(await call('item.setDetails', { recipient: 'Someone else' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: 'The details of a cleared item are closed; record a correction through the coordinator.' },
    });
    expect((await detail()).recipient).toBe('Payroll, 3rd floor');
  });

  it('refuses a custody transfer of an item that is not quarantined, and lists it as allowed once it is', async () => {
    const { call, screener, detail } = await scannedLetter();
    await call('item.markSuspect', { incidentType: 'other', reason: 'Strange odour' });
    const transfer = { receivedBy: { kind: 'operator', badge: screener.badge, pin: '2468' }, reason: 'Shift change', sealNumbers: ['S-1'], sealIntact: true };
    expect((await detail()).allowedActions).not.toContain('transferCustody');
    expect(await call('custody.transfer', transfer)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: 'Custody is transferred only while the item is quarantined.' } });
    await call('custody.quarantine', { location: 'Isolation room', sealNumbers: ['S-1'], reason: 'Isolate' });
    expect((await detail()).allowedActions).toEqual(expect.arrayContaining(['transferCustody', 'handOver', 'release', 'destroy']));
    expect(await call('custody.transfer', transfer)).toMatchObject({ ok: true, value: { detail: { item: { state: 'QUARANTINED' } } } });
  });

  it('records who took a delivered item: a known badge with its name, an unknown badge as it was given, a typed name as typed', async () => {
    const { screener } = await scannedLetter();
    const screen = station!.connect();
    await screen.call('session.login', { badge: screener.badge, pin: '2468' });
    const deliver = async (code: string, recipient: object) => {
      const scanned = await screen.call('intake.scan', { code });
      const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
      const call = (command: string, args: object) => screen.call(command, { custodyId, ...args });
      await call('item.setDetails', { itemType: 'letter' });
      await call('item.enterWeight', { grams: 21, reason: 'Scale out for service' });
      await call('item.inspect', { indicators: [], notes: '' });
      await call('item.skipStep', { step: 'xray', reason: 'Letters are not X-rayed at medium risk' });
      await call('item.clear', {});
      const answer = (await call('item.deliver', { recipient, confirmed: true })) as Answer;
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value.detail.disposition?.receivedBy;
    };
    expect(await deliver('DELIVER-1', { kind: 'badge', badge: screener.badge })).toEqual({ kind: 'badge', badge: screener.badge, name: screener.name, operatorId: screener.id });
    expect(await deliver('DELIVER-2', { kind: 'badge', badge: 'VISITOR-9' })).toEqual({ kind: 'badge', badge: 'VISITOR-9', name: null });
    expect(await deliver('DELIVER-3', { kind: 'name', name: 'Pat Payroll' })).toEqual({ kind: 'name', name: 'Pat Payroll' });
  });
});
