import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

describe('records through the contract', () => {
  it('search results carry the recipient, and legal holds name who placed and released them', async () => {
    station = makeStation();
    const coordinator = await addOperator(station, 'coordinator');
    const screen = station.connect();
    await screen.call('session.login', { badge: coordinator.badge, pin: '2468' });
    const scanned = await screen.call('intake.scan', { code: 'LETTER-42' });
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    await screen.call('item.setDetails', { custodyId, itemType: 'letter', recipient: 'Dr. Zoë Ångström' });

    const found = await screen.call('search.items', { recipient: 'angst', limit: 10 });
    expect(found).toMatchObject({ ok: true, value: { items: [{ custodyId, recipient: 'Dr. Zoë Ångström' }] } });

    const placed = await screen.call('records.legalHold', { action: 'place', subject: { type: 'item', custodyId }, reason: 'Subpoena 2026-17' });
    expect(placed).toMatchObject({ ok: true, value: { holds: [{ subjectId: custodyId, placedByName: coordinator.name, releasedByName: null }] } });
    const holdId = (placed as { value: { holds: Array<{ id: number }> } }).value.holds[0]!.id;
    const released = await screen.call('records.legalHold', { action: 'release', holdId, reason: 'Case closed' });
    expect(released).toMatchObject({ ok: true, value: { holds: [{ releasedByName: coordinator.name, releaseReason: 'Case closed' }] } });
  });

  it('a report says which audit event recorded it leaving the station', async () => {
    station = makeStation();
    const coordinator = await addOperator(station, 'coordinator');
    const screen = station.connect();
    await screen.call('session.login', { badge: coordinator.badge, pin: '2468' });
    const scanned = await screen.call('intake.scan', { code: 'PARCEL-7' });
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    const form = await screen.call('report.custodyForm', { custodyId });
    expect(form.ok).toBe(true);
    const { recordedAs } = (form as { value: { recordedAs: { auditSeq: number; fileSha256: string } } }).value;
    const event = station.store.audit.eventsFor('item', custodyId).find((e) => e.seq === recordedAs.auditSeq);
    expect(event).toMatchObject({ kind: 'report.generated', payload: { report: 'custodyForm', sha256: recordedAs.fileSha256 } });
  });
});
