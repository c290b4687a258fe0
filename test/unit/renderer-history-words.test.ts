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

describe('an item’s history in words, from the catalog', () => {
  it('describes each kind from its typed payload', () => {
    expect(describeAuditEvent(event('item.weighed', { from: 'RECEIVED', to: 'WEIGHED', grams: 1250, source: 'manual', reason: 'scale out' }), 'g')).toBe('Weighed 1,250 g (typed: scale out)');
    expect(describeAuditEvent(event('item.received', { scannedCode: 'RB123456785GB' }), 'g')).toBe('Received (scanned RB123456785GB)');
    expect(describeAuditEvent(event('item.stepSkipped', { step: 'xray', reason: 'letter' }), 'g')).toBe('Skipped X-ray: letter');
  });

  it('an older event without a field still reads, with its fallback', () => {
    expect(describeAuditEvent(event('item.weighed', { source: 'manual', reason: 'scale out' }), 'g')).toBe('Weighed weight (typed: scale out)');
    expect(describeAuditEvent(event('item.received', {}), 'g')).toBe('Received (scanned a label)');
  });

  it('shows an event of a kind this version does not know raw, as stored, and never throws', () => {
    expect(describeAuditEvent(event('item.teleported', { to: 'Mars' }), 'g')).toBe('item.teleported {"to":"Mars"}');
    const long = describeAuditEvent(event('item.teleported', { note: 'x'.repeat(500) }), 'g');
    expect(long.length).toBeLessThan(200);
    expect(long.endsWith('…')).toBe(true);
  });

  it('a field of another type is left out rather than shown wrong', () => {
    expect(describeAuditEvent(event('item.weighed', { grams: 'twelve', source: 'manual', reason: 'scale out' }), 'g')).toBe('Weighed weight (typed: scale out)');
  });
});
