import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { Item } from '../../src/shared/contract/index.ts';
import { addOperator, auditCount, makeStation } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

async function loggedIn(role: 'screener' | 'coordinator' = 'coordinator'): Promise<{ station: Station; screen: StationConnection }> {
  station = makeStation();
  const operator = await addOperator(station, role, 'OP-1');
  const screen = station.connect();
  expect((await screen.call('session.login', { badge: operator.badge, pin: '2468' })).ok).toBe(true);
  return { station, screen };
}

const scan = async (screen: StationConnection, args: object) => (await screen.call('intake.scan', args)) as Answer<{ item: Item; created: boolean }>;

describe('intake asks before taking in a code that fails its carrier’s check digit', () => {
  it('says what the check digit should be, records nothing, and takes it in as typed when confirmed', async () => {
    const { station, screen } = await loggedIn();
    const before = auditCount(station);
    // 1Z5R89390357567127 is a valid UPS number: its last digit misread as 3.
    expect(await scan(screen, { code: '1Z5R89390357567123' })).toEqual({
      ok: false,
      error: { code: 'CONFIRM_AS_TYPED', message: 'UPS check digit should be 7 — rescan, or take it in as typed' },
    });
    expect(auditCount(station)).toBe(before);
    expect(station.store.items.open(10)).toEqual([]);

    const taken = await scan(screen, { code: '1Z5R89390357567123', asTyped: true });
    expect(taken).toMatchObject({ ok: true, value: { created: true, item: { scannedCode: '1Z5R89390357567123', trackingNumber: null, carrier: null, state: 'RECEIVED' } } });
    if (!taken.ok) return;
    expect(station.store.audit.eventsFor('item', taken.value.item.custodyId)[0]).toMatchObject({
      kind: 'item.received',
      payload: { asTyped: true, trackingCheck: 'UPS check digit should be 7, not 3' },
    });
    // A rescan of the same misread brings the item up, without asking again.
    expect(await scan(screen, { code: '1Z5R89390357567123' })).toMatchObject({ ok: true, value: { created: false, item: { custodyId: taken.value.item.custodyId } } });
  });

  it('asks for an S10 number with a wrong check digit too, and takes a valid one without asking', async () => {
    const { screen } = await loggedIn();
    expect(await scan(screen, { code: 'RB123456784GB' })).toMatchObject({ ok: false, error: { code: 'CONFIRM_AS_TYPED', message: 'S10 check digit should be 5 — rescan, or take it in as typed' } });
    expect(await scan(screen, { code: 'RB123456785GB' })).toMatchObject({ ok: true, value: { created: true, item: { carrier: 's10' } } });
  });

  it('takes a code that is no carrier number (abc) as the site’s own, and refuses a 300-character one in a line that says what to do', async () => {
    const { station, screen } = await loggedIn();
    expect(await scan(screen, { code: 'abc' })).toMatchObject({ ok: true, value: { created: true, item: { scannedCode: 'abc', carrier: null } } });
    const before = auditCount(station);
    const refused = await scan(screen, { code: '7'.repeat(300) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    if (!refused.ok) expect(refused.error.message).toContain("A mail label's code has at most 128 characters: rescan the label's tracking barcode, or type its number.");
    // The hardware path reaches the service without the contract's schema: the same cap holds there.
    expect(() => station.intake.scan({ code: 'X'.repeat(129), symbology: null, actor: 'operator:op-coordinator-OP-1', source: 'device:scanner-1' })).toThrow(/at most 128 characters/);
    expect(auditCount(station)).toBe(before);
  });
});

describe('intake asks before a second item with the number of a closed one', () => {
  async function deliveredLetter(screen: StationConnection): Promise<string> {
    const taken = await scan(screen, { code: '9400111206206406260787' });
    if (!taken.ok) throw new Error(taken.error.message);
    const custodyId = taken.value.item.custodyId;
    for (const [command, args] of [
      ['item.setDetails', { itemType: 'letter' }],
      ['item.enterWeight', { grams: 21, reason: 'Scale out for service' }],
      ['item.inspect', { indicators: [], notes: '' }],
      ['item.skipStep', { step: 'xray', reason: 'Letters are not X-rayed at medium risk' }],
      ['item.clear', {}],
      ['item.deliver', { recipient: { kind: 'name', name: 'Payroll' }, confirmed: true }],
    ] as const) {
      const answer = (await screen.call(command, { custodyId, ...args })) as Answer<unknown>;
      if (!answer.ok) throw new Error(`${command}: ${answer.error.message}`);
    }
    return custodyId;
  }

  it('asks "a new item with the same number?" for a delivered item; cancel records nothing, confirm takes a new one in', async () => {
    const { station, screen } = await loggedIn();
    const delivered = await deliveredLetter(screen);
    const before = auditCount(station);
    expect(await scan(screen, { code: '9400 1112 0620 6406 2607 87' })).toEqual({
      ok: false,
      error: { code: 'CONFIRM_NEW_ITEM', message: `Item ${delivered} with this number is already delivered. A new item with the same number?` },
    });
    expect(auditCount(station)).toBe(before);
    const second = await scan(screen, { code: '9400111206206406260787', newItem: true });
    expect(second).toMatchObject({ ok: true, value: { created: true, item: { trackingNumber: '9400111206206406260787', state: 'RECEIVED' } } });
    if (second.ok) expect(second.value.item.custodyId).not.toBe(delivered);
    // With the new one open, a rescan brings it up: no question, no third item.
    expect(await scan(screen, { code: '9400111206206406260787' })).toMatchObject({ ok: true, value: { created: false } });
  });
});
