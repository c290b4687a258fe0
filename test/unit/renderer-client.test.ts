import { describe, expect, it, vi } from 'vitest';
import type { CommandResult, EventName, Item } from '../../src/shared/contract/index.ts';
import { createStationClient } from '../../src/renderer/station/client.ts';
import { createConnectionStore } from '../../src/renderer/station/connectionState.ts';
import { StationRequestError, toStationRequestError } from '../../src/renderer/station/StationRequestError.ts';
import { StationFailure } from '../../src/shared/contract/index.ts';
import type { Transport } from '../../src/renderer/station/transport.ts';
import { mergeItems } from '../../src/renderer/screens/itemList.ts';

function fakeTransport(answer: CommandResult<unknown>) {
  const listeners = new Map<EventName, (payload: unknown) => void>();
  const transport: Transport = {
    connection: createConnectionStore({ status: 'ready', generation: 1 }),
    call: vi.fn(async () => answer),
    subscribe(event, callback) {
      listeners.set(event, callback);
      return () => listeners.delete(event);
    },
    retryNow() {},
  };
  return { transport, emit: (event: EventName, payload: unknown) => listeners.get(event)?.(payload) };
}

const item = (custodyId: string, receivedAt: string, updatedAt = receivedAt): Item => ({
  custodyId,
  trackingNumber: null,
  carrier: null,
  scannedCode: custodyId,
  symbology: null,
  state: 'RECEIVED',
  mode: 'demo',
  receivedAt,
  updatedAt,
  receivedBy: 'op',
  itemType: null,
  incidentNumber: null,
});

describe('renderer contract client', () => {
  it('resolves a valid answer to its value', async () => {
    const { transport } = fakeTransport({ ok: true, value: { operator: null, resumeCustodyId: null } });
    await expect(createStationClient(transport).call('session.current', {})).resolves.toEqual({ operator: null, resumeCustodyId: null });
  });

  it('throws a refusal as StationRequestError with its code, and tells refusal listeners', async () => {
    const { transport } = fakeTransport({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: 'Log in first.' } });
    const client = createStationClient(transport);
    const heard: string[] = [];
    client.onRefusal((error) => heard.push(error.code));
    const call = client.call('intake.list', {});
    await expect(call).rejects.toBeInstanceOf(StationRequestError);
    await expect(call).rejects.toMatchObject({ code: 'NOT_AUTHENTICATED', message: 'Log in first.' });
    expect(heard).toEqual(['NOT_AUTHENTICATED']);
  });

  it("a refusal is the contract's own error type, and a StationFailure caught on a screen keeps its code and words", () => {
    const refusal = StationRequestError.from({ code: 'CONFLICT', message: 'Changed meanwhile.' });
    expect(refusal).toBeInstanceOf(StationFailure);
    expect(refusal).toMatchObject({ name: 'StationRequestError', code: 'CONFLICT', message: 'Changed meanwhile.' });
    const caught = toStationRequestError(new StationFailure('BUSY', 'Slow down.'));
    expect(caught).toBeInstanceOf(StationRequestError);
    expect(caught).toMatchObject({ code: 'BUSY', message: 'Slow down.' });
  });

  it('turns an answer that does not match the contract into INTERNAL', async () => {
    const { transport } = fakeTransport({ ok: true, value: { items: 'not a list' } });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(createStationClient(transport).call('intake.list', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('drops malformed event payloads and delivers valid ones', () => {
    const { transport, emit } = fakeTransport({ ok: true, value: {} });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const seen: string[] = [];
    createStationClient(transport).subscribe('item.changed', ({ item: changed }) => seen.push(changed.custodyId));
    emit('item.changed', { item: { custodyId: 'bad' }, reason: 'received' });
    emit('item.changed', { item: item('ABC-DEF-GHJ', '2025-01-01T10:00:00.000Z'), reason: 'received' });
    expect(seen).toEqual(['ABC-DEF-GHJ']);
  });
});

describe('mergeItems', () => {
  it('inserts newest first and updates by custody ID, keeping the newer snapshot', () => {
    const older = item('AAA-AAA-AAA', '2025-01-01T10:00:00.000Z');
    const newer = item('BBB-BBB-BBB', '2025-01-01T11:00:00.000Z');
    const list = mergeItems([older], [newer]);
    expect(list.map((i) => i.custodyId)).toEqual(['BBB-BBB-BBB', 'AAA-AAA-AAA']);

    const weighed = { ...older, state: 'WEIGHED' as const, updatedAt: '2025-01-01T12:00:00.000Z' };
    const updated = mergeItems(list, [weighed]);
    expect(updated.find((i) => i.custodyId === 'AAA-AAA-AAA')?.state).toBe('WEIGHED');
    // A stale list answer arriving after a live event does not roll the item back.
    expect(mergeItems(updated, [older]).find((i) => i.custodyId === 'AAA-AAA-AAA')?.state).toBe('WEIGHED');
  });
});
