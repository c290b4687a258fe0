import { describe, expect, it } from 'vitest';
import { custodyLabelRecord } from '../../src/main/labels/index.ts';
import { placeFound } from '../../src/main/labels/labelRecords.ts';
import type { IncidentView, ItemDetail } from '../../src/shared/contract/index.ts';

// Only what the custody label reads: an item judged suspect, then quarantined in a locker.
const quarantine = {
  id: 1,
  kind: 'quarantine',
  releasedBy: { kind: 'operator', operatorId: 'op-1', name: 'Ada Okafor' },
  receivedBy: { kind: 'place', name: 'Quarantine locker Q7' },
  reason: 'suspect',
  sealNumbers: ['S-1001'],
  sealIntact: null,
  location: 'Quarantine locker Q7',
  secondBy: null,
  at: '2026-12-06T10:05:00.000Z',
};
const detail = {
  item: { custodyId: 'T6B-4HJ-P0V', itemType: 'letter', carrier: null, trackingNumber: null },
  recipient: null,
  custody: [quarantine],
} as unknown as ItemDetail;
const incident = {
  number: 'INC-2026-0001',
  type: 'suspiciousSubstance',
  openedAt: '2026-12-06T10:00:00.000Z',
  openedBy: 'op-1',
  details: {},
  custody: [quarantine],
  mode: 'live',
} as unknown as IncidentView;
const ctx = { siteName: 'Mail center', stationId: 'ST-6A8045F1', operatorName: () => 'Ada Okafor', timeZone: 'UTC' };

describe('the custody label’s "Place found" (issue 12, point 11)', () => {
  it('is the screening station the item was judged suspect at, never the quarantine location', () => {
    const record = custodyLabelRecord(detail, incident, ctx);
    expect(record.foundPlace).toBe('Mail center, screening station ST-6A8045F1');
    expect(record.foundPlace).not.toContain('Quarantine locker');
  });

  it('is not the documentation’s "where the item or substance is" either (that is where it is now)', () => {
    const documented = { ...incident, details: { location: 'Quarantine locker Q7, shelf 2' } } as unknown as IncidentView;
    expect(custodyLabelRecord(detail, documented, ctx).foundPlace).toBe('Mail center, screening station ST-6A8045F1');
  });

  it('says what it knows when the site or the station has no name', () => {
    expect(placeFound({ siteName: '', stationId: 'ST-1' })).toBe('screening station ST-1');
    expect(placeFound({ siteName: 'Mail center' })).toBe('Mail center, screening station');
    expect(placeFound({ siteName: '  ' })).toBeNull();
  });
});
