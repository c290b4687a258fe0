// The scan's station's item history says where a second review answered through the site came from (remote second review, issue 13).
import { describe, expect, it } from 'vitest';
import { describeAuditEvent } from '../../src/renderer/history/auditWords.ts';
import type { AuditEvent } from '../../src/shared/contract/index.ts';

const event = (kind: string, payload: Record<string, unknown>): AuditEvent => ({
  seq: 3,
  at: '2026-03-14T09:00:00.000Z',
  actor: 'operator:a',
  station: 'ST-1',
  kind,
  subjectType: 'item',
  subjectId: 'X',
  mode: 'live',
  payload,
  prevHash: '0'.repeat(64),
  hash: '0'.repeat(64),
});

describe('a remote second review in the item history', () => {
  it('names the answering station, or the console, and nothing for a review made here', () => {
    const base = { from: 'INSPECTED', to: 'SCREENED', verdict: 'clear', notes: '', scanRef: 'X:1', firstReviewer: 'b' };
    expect(describeAuditEvent(event('xray.secondReview', base), 'g')).toBe('Second X-ray review: Clear');
    expect(describeAuditEvent(event('xray.secondReview', { ...base, remote: { answer: 4, station: 'ST-B', by: 'mailscreen_station_ST-B' } }), 'g')).toBe('Second X-ray review: Clear (answered through the site, at station ST-B)');
    expect(describeAuditEvent(event('xray.secondReview', { ...base, remote: { answer: 5, station: null, by: 'mailscreen_console_office' } }), 'g')).toBe('Second X-ray review: Clear (answered through the site, at its console mailscreen_console_office)');
    const suspect = { from: 'SCREENED', to: 'SUSPECT', incidentNumber: 'INC-1', reason: 'Wires', indicators: [] };
    expect(describeAuditEvent(event('item.markedSuspect', { ...suspect, remote: { answer: 6, station: 'ST-C', by: 'r' } }), 'g')).toBe('Marked SUSPECT — incident INC-1: Wires (answered through the site, at station ST-C)');
    expect(describeAuditEvent(event('item.markedSuspect', { ...suspect, xray: { review: 'second', verdict: 'suspect', scanRef: 'X:1', remote: { answer: 7, station: 'ST-B', by: 'r' } } }), 'g')).toBe('Marked SUSPECT — incident INC-1: Wires (answered through the site, at station ST-B)');
  });
});
