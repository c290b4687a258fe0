import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult, Operator } from '../../src/shared/contract/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { DomainEvents, type DomainEvent, type DomainEventKind } from '../../src/main/core/domainEvents.ts';
import { subscribeLabelPrinting } from '../../src/main/core/labelPrinting.ts';
import { PrintQueue, type QueuePrinter } from '../../src/main/core/printQueue.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

let station: Station | undefined;
afterEach(() => station?.close());

const ALL_KINDS: DomainEventKind[] = [
  'item.received',
  'item.cleared',
  'item.markedSuspect',
  'item.quarantined',
  'custody.transferred',
  'item.handedOver',
  'item.released',
  'item.destroyed',
];

/** A station with a screener logged in, and every domain event it announces, as the reaction saw the store then. */
async function rig() {
  station = makeStation();
  const built = station;
  const seen: Array<{ event: DomainEvent; state: string | undefined; inTransaction: boolean }> = [];
  for (const kind of ALL_KINDS) {
    built.workflow.domainEvents.on(kind, (event) => {
      seen.push({ event, state: built.store.items.byCustodyId(event.custodyId)?.state, inTransaction: built.store.db.inTransaction });
    });
  }
  const coordinator = await addOperator(built, 'coordinator', 'COORD-1');
  const screener = await addOperator(built, 'screener', 'SCR-1');
  const screen = built.connect();
  must(await screen.call('session.login', { badge: coordinator.badge, pin: '2468' }), 'login');
  const scan = async (code: string) => must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code }), 'scan').item.custodyId;
  const clearLetter = async (custodyId: string) => {
    must(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
    must(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
    must(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
    must(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
    return screen.call('item.clear', { custodyId });
  };
  return { station: built, seen, screen, coordinator, screener, scan, clearLetter };
}

describe('DomainEvents', () => {
  it('gives each reaction only its kind, and a reaction that throws is reported without reaching the service or the others', () => {
    const errors: Array<{ error: unknown; kind: string }> = [];
    const events = new DomainEvents((error, event) => errors.push({ error, kind: event.kind }));
    const operator: Operator = { id: 'op-1', badge: 'B-1', name: 'Ana', role: 'screener' };
    const cleared: string[] = [];
    events.on('item.cleared', () => {
      throw new Error('reaction bug');
    });
    const off = events.on('item.cleared', (event) => cleared.push(event.custodyId));
    events.on('item.received', () => cleared.push('wrong kind'));
    expect(() => events.emit({ kind: 'item.cleared', custodyId: 'AAA-AAA-AAA', mode: 'live', operator })).not.toThrow();
    expect(cleared).toEqual(['AAA-AAA-AAA']);
    expect(errors).toEqual([{ error: new Error('reaction bug'), kind: 'item.cleared' }]);
    off();
    events.emit({ kind: 'item.cleared', custodyId: 'BBB-BBB-BBB', mode: 'live', operator });
    expect(cleared).toEqual(['AAA-AAA-AAA']);
  });
});

describe('services announce what happened after it is committed', () => {
  it('intake and clearing: once each, after the commit, with who did it; a refused step announces nothing', async () => {
    const r = await rig();
    const custodyId = await r.scan('9400111206206406260787');
    await r.scan('9400111206206406260787'); // a rescan is not a new item
    const early = await r.screen.call('item.clear', { custodyId });
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    must(await r.clearLetter(custodyId), 'clear');
    expect(r.seen.map(({ event }) => event.kind)).toEqual(['item.received', 'item.cleared']);
    expect(r.seen[0]).toEqual({ event: { kind: 'item.received', custodyId, mode: 'live', actor: `operator:${r.coordinator.id}` }, state: 'RECEIVED', inTransaction: false });
    expect(r.seen[1]).toMatchObject({ event: { kind: 'item.cleared', custodyId, mode: 'live', operator: { id: r.coordinator.id } }, state: 'CLEARED', inTransaction: false });
  });

  it('suspect, quarantine and release: each announced as it is recorded', async () => {
    const r = await rig();
    const custodyId = await r.scan('SUSPECT-PARCEL');
    const suspect = must<{ incident: { id: number } }>(await r.screen.call('item.markSuspect', { custodyId, incidentType: 'other', reason: 'Strange odour' }), 'suspect');
    must(await r.screen.call('custody.quarantine', { custodyId, location: 'Isolation room', sealNumbers: ['S-1'], reason: 'Isolate' }), 'quarantine');
    const refused = await r.screen.call('custody.release', { custodyId, reason: 'Benign', secondOperator: { badge: r.coordinator.badge, pin: '2468' }, sealIntact: true });
    expect(refused).toMatchObject({ ok: false });
    must(await r.screen.call('custody.release', { custodyId, reason: 'Benign', secondOperator: { badge: r.screener.badge, pin: '2468' }, sealIntact: true }), 'release');
    expect(r.seen.map(({ event, state, inTransaction }) => [event.kind, state, inTransaction])).toEqual([
      ['item.received', 'RECEIVED', false],
      ['item.markedSuspect', 'SUSPECT', false],
      ['item.quarantined', 'QUARANTINED', false],
      ['item.released', 'RELEASED', false],
    ]);
    expect(r.seen[1]!.event).toMatchObject({ incidentId: suspect.incident.id, incidentType: 'other', operator: { id: r.coordinator.id } });
  });

  it('each is heard inside the transaction that records it too (within), with the state it writes, and only when it commits', async () => {
    const r = await rig();
    const heard: Array<[string, string | undefined, boolean]> = [];
    for (const kind of ALL_KINDS) {
      r.station.workflow.domainEvents.within(kind, (event) => {
        heard.push([event.kind, r.station.store.items.byCustodyId(event.custodyId)?.state, r.station.store.db.inTransaction]);
      });
    }
    const letter = await r.scan('9400111206206406260787');
    must(await r.clearLetter(letter), 'clear');
    const parcel = await r.scan('SUSPECT-PARCEL-2');
    must(await r.screen.call('item.markSuspect', { custodyId: parcel, incidentType: 'other', reason: 'Strange odour' }), 'suspect');
    must(await r.screen.call('custody.quarantine', { custodyId: parcel, location: 'Isolation room', sealNumbers: ['S-1'], reason: 'Isolate' }), 'quarantine');
    expect(await r.screen.call('custody.release', { custodyId: parcel, reason: 'Benign', secondOperator: { badge: r.coordinator.badge, pin: '2468' }, sealIntact: true })).toMatchObject({ ok: false });
    expect(heard).toEqual([
      ['item.received', 'RECEIVED', true],
      ['item.cleared', 'CLEARED', true],
      ['item.received', 'RECEIVED', true],
      ['item.markedSuspect', 'SUSPECT', true],
      ['item.quarantined', 'QUARANTINED', true],
    ]);
    expect(r.seen.map(({ event }) => event.kind)).toEqual(heard.map(([kind]) => kind));
  });
});

describe('subscribeLabelPrinting', () => {
  it('queues a clearance label when an item is cleared, only with a printer, and a label that cannot be queued never undoes the clearance', async () => {
    const r = await rig();
    const printed: unknown[][] = [];
    const reports: string[] = [];
    let printer: object | null = null;
    let refuse = false;
    const labels = {
      print: (...args: unknown[]) => {
        if (refuse) throw new Error('the printer is out of labels');
        printed.push(args);
        return undefined as never;
      },
    };
    subscribeLabelPrinting(r.station.workflow.domainEvents, labels, () => printer, (message) => reports.push(message));

    const none = await r.scan('NO-PRINTER-1');
    must(await r.clearLetter(none), 'clear without a printer');
    expect(printed).toEqual([]);

    printer = { id: 'zebra-1' };
    const one = await r.scan('WITH-PRINTER-1');
    must(await r.clearLetter(one), 'clear');
    expect(printed).toEqual([[one, 'clearance', '4x6', expect.objectContaining({ id: r.coordinator.id })]]);

    refuse = true;
    const two = await r.scan('WITH-PRINTER-2');
    expect(await r.clearLetter(two)).toMatchObject({ ok: true, value: { detail: { item: { state: 'CLEARED' } } } });
    expect(reports).toEqual([`clearance label for ${two} not queued: the printer is out of labels`]);
  });
});

describe('the clearance label job', () => {
  /** A printer that is never asked to print: the queue is not started, only its jobs are looked at. */
  const idlePrinter: QueuePrinter = {
    status: { health: 'online' },
    on: () => () => undefined,
    print: () => Promise.reject(new Error('not started')),
  };

  it('is added inside the clearing transaction: it exists after a stop right after the commit, and a label that fails rolls back alone', async () => {
    const r = await rig();
    const store = r.station.store;
    const queue = new PrintQueue(store, 'live', () => idlePrinter, () => undefined);
    const seenBy: Array<{ inTransaction: boolean; state: string | undefined }> = [];
    let failAfterQueuing = false;
    const labels = {
      print: (custodyId: string) =>
        store.transaction(() => {
          seenBy.push({ inTransaction: store.db.inTransaction, state: store.items.byCustodyId(custodyId)?.state });
          const job = queue.enqueue({ printerId: 'zebra-1', template: 'clearance', subject: custodyId, zpl: `^XA^FDCleared ${custodyId}^FS^XZ`, actor: 'operator:test' });
          if (failAfterQueuing) throw new Error('the label layout broke after queuing');
          return job;
        }),
    };
    const reports: string[] = [];
    subscribeLabelPrinting(r.station.workflow.domainEvents, labels, () => ({ id: 'zebra-1' }), (message) => reports.push(message));
    // The station stops between the commit and the after-commit reactions: they never run.
    r.station.workflow.domainEvents.emit = () => undefined;

    const one = await r.scan('LABEL-IN-TX-1');
    must(await r.clearLetter(one), 'clear');
    expect(seenBy).toEqual([{ inTransaction: true, state: 'CLEARED' }]);
    expect(queue.list(10).map((job) => [job.subject, job.template])).toEqual([[one, 'clearance']]);

    failAfterQueuing = true;
    const two = await r.scan('LABEL-IN-TX-2');
    expect(await r.clearLetter(two)).toMatchObject({ ok: true, value: { detail: { item: { state: 'CLEARED' } } } });
    // The failed label's job and its print.queued event went with its savepoint; the clearance stayed.
    expect(queue.list(10).map((job) => job.subject)).toEqual([one]);
    expect(store.items.byCustodyId(two)?.state).toBe('CLEARED');
    expect(reports).toEqual([`clearance label for ${two} not queued: the label layout broke after queuing`]);
    const verified = store.audit.verify();
    expect(verified.ok).toBe(true);
  });
});
