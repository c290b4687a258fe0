// The station's own incident views made from an incident's and its item's events alone (what the
// site console prints an incident report from): the same views the station's services give of its
// database, but for the times (a row's time is its event's: two readings of one clock), and refused
// in words when the events do not make the rows.
import { afterEach, describe, expect, it } from 'vitest';
import { incidentViewsOfEvents } from '../../src/main/core/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { StationFailure, type AuditEvent, type IncidentView, type ItemDetail } from '../../src/shared/contract/index.ts';
import { coordinatorScreen, makeStation, quarantinedSuspectParcel } from '../helpers/station.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function subjectEvents(station: Station, number: string, custodyId: string): AuditEvent[] {
  return [...station.store.audit.events()].filter((e) => (e.subjectType === 'incident' && e.subjectId === number) || (e.subjectType === 'item' && e.subjectId === custodyId));
}

function protocolOf(station: Station, number: string): unknown {
  return JSON.parse((station.store.db.prepare('SELECT protocol FROM incidents WHERE number = ?').get(number) as { protocol: string }).protocol);
}

/** Times out of a view: the events' readings and the rows' are milliseconds apart. */
function withoutTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (/(At|Taken)$/.test(key) || key === 'at' || key === 'id' || key === 'acknowledgedByName' ? undefined : v));
}

describe('an incident’s views from its events', () => {
  it('are the station’s own views of its database, field for field but for times and row ids', async () => {
    const station = makeStation();
    cleanups.push(() => station.shutdown());
    const screen = await coordinatorScreen(station);
    // Weighed, inspected and marked suspect, then worked: a step done, a witness, quarantine.
    const scanned = (await screen.call('intake.scan', { code: 'SUSPECT-VIEWS' })) as unknown as { value: { item: { custodyId: string } } };
    const custodyId = scanned.value.item.custodyId;
    await screen.call('item.enterWeight', { custodyId, grams: 555, reason: 'Scale out for service' });
    await screen.call('item.inspect', { custodyId, indicators: [], notes: 'Oily stain' });
    const suspect = (await screen.call('item.markSuspect', { custodyId, incidentType: 'other', reason: 'Odour' })) as unknown as { value: { incident: IncidentView } };
    const incidentId = suspect.value.incident.id;
    const step = suspect.value.incident.steps[0]!.id;
    await screen.call('incident.acknowledgeStep', { incidentId, stepId: step, note: 'done' });
    await screen.call('incident.addWitnessStatement', { incidentId, witnessName: 'W. Itness', statement: 'Saw it.' });
    await screen.call('custody.quarantine', { custodyId, location: 'Isolation room', sealNumbers: ['S-1'], reason: 'Isolate' });
    const own = ((await screen.call('incident.get', { incidentId })) as unknown as { value: { incident: IncidentView } }).value.incident;
    const ownItem = ((await screen.call('item.get', { custodyId })) as unknown as { value: { detail: ItemDetail } }).value.detail;

    const views = incidentViewsOfEvents(own.number, subjectEvents(station, own.number, custodyId), protocolOf(station, own.number));
    expect(withoutTimes(views.incident)).toEqual(withoutTimes(own));
    expect(withoutTimes(views.item)).toEqual(withoutTimes(ownItem));
    expect(views.incident.steps.find((s) => s.id === step)!.acknowledgedBy).toBe(own.steps.find((s) => s.id === step)!.acknowledgedBy);
    expect(views.itemFields.length).toBeGreaterThan(0);
    expect(JSON.stringify(views.itemFields)).toContain('555');
    expect(views.incident.witnessStatements).toHaveLength(1);
    expect(views.incident.custody).toHaveLength(1);
  });

  it('refuses, in words, events that do not make the rows the views need (an incident.opened without its type)', async () => {
    const station = makeStation();
    cleanups.push(() => station.shutdown());
    const screen = await coordinatorScreen(station);
    const { custodyId } = await quarantinedSuspectParcel(screen);
    const number = [...station.store.audit.events()].find((e) => e.kind === 'incident.opened')!.subjectId;
    const events = subjectEvents(station, number, custodyId).map((e) => {
      if (e.kind !== 'incident.opened') return e;
      const { type: _type, ...payload } = e.payload;
      return { ...e, payload };
    });
    let refused: unknown;
    try {
      incidentViewsOfEvents(number, events, protocolOf(station, number));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(StationFailure);
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining(`print the report at its station`) });
    // Events that never open the incident asked for.
    expect(() => incidentViewsOfEvents('INC-2099-0001', events, protocolOf(station, number))).toThrow(/do not open it/);
  });
});
