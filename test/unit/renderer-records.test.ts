import { describe, expect, it } from 'vitest';
import type { DashboardStats, ScaleReading } from '../../src/shared/contract/index.ts';
import { incidentRows, outcomeRows, periodDates, totals, uptimeRows } from '../../src/renderer/dashboard/dashboardFigures.ts';
import { fileBlob, formatBytes } from '../../src/renderer/reports/downloadFile.ts';
import { normalizeCustodyId } from '../../src/renderer/records/custodyIdInput.ts';
import { searchRequest } from '../../src/renderer/records/SearchPanel.tsx';
import { latestReport, newerReport } from '../../src/renderer/item/useDeviceLive.ts';
import { shiftIsoDate } from '../../src/renderer/ui/dates.ts';

const stats: DashboardStats = {
  from: '2026-03-08',
  to: '2026-03-14',
  itemsPerDay: [
    { date: '2026-03-13', received: 4, cleared: 3, suspect: 1 },
    { date: '2026-03-14', received: 2, cleared: 1, suspect: 0 },
  ],
  outcomes: { CLEARED: 3, RECEIVED: 2, QUARANTINED: 1, DELIVERED: 0 },
  incidents: { byType: [{ type: 'suspiciousSubstance', open: 1, closed: 2 }], byOutcome: { hoax: 2 }, drills: 3 },
  afterClearance: { delivered: 2, notices: { sent: 3, bounced: 0, failed: 1, pending: 0 }, waiting: { total: 1, byAge: { underDay: 0, days1to3: 1, days3to7: 0, week: 0 }, oldestSince: '2026-03-12T10:00:00.000Z' } },
  deviceUptime: [
    { deviceId: 'scale-1', deviceClass: 'scale', online: 0.9, fault: 0.025, changes: 4 },
    { deviceId: 'xray-1', deviceClass: 'xray', online: null, fault: null, changes: 0 },
  ],
};

describe('the dashboard’s figures', () => {
  it('turns a period choice into the contract’s dates, and says what is wrong with picked ones', () => {
    expect(periodDates({ kind: 'last7' }, '2026-03-14')).toEqual({ from: '2026-03-08', to: '2026-03-14' });
    expect(periodDates({ kind: 'last30' }, '2026-03-14')).toEqual({ from: '2026-02-13', to: '2026-03-14' });
    expect(periodDates({ kind: 'custom', from: '2026-03-01', to: '2026-03-02' }, '2026-03-14')).toEqual({ from: '2026-03-01', to: '2026-03-02' });
    expect(periodDates({ kind: 'custom', from: '2026-03-03', to: '2026-03-02' }, '2026-03-14')).toHaveProperty('problem');
    expect(periodDates({ kind: 'custom', from: '', to: '2026-03-02' }, '2026-03-14')).toHaveProperty('problem');
    expect(periodDates({ kind: 'custom', from: '2024-01-01', to: '2026-03-02' }, '2026-03-14')).toHaveProperty('problem');
    expect(shiftIsoDate('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('sums the period, keeps the lifecycle order and every incident type', () => {
    expect(totals(stats)).toEqual({ received: 6, cleared: 4, suspect: 1, incidentsOpen: 1, incidentsClosed: 2, drills: 3 });
    expect(outcomeRows(stats).map((row) => [row.state, row.count])).toEqual([
      ['RECEIVED', 2],
      ['CLEARED', 3],
      ['QUARANTINED', 1],
    ]);
    const incidents = incidentRows(stats);
    expect(incidents).toHaveLength(5);
    expect(incidents.find((row) => row.type === 'suspiciousSubstance')).toMatchObject({ open: 1, closed: 2 });
  });

  it('shows uptime as percentages, and a device that never reported as no report', () => {
    expect(uptimeRows(stats)).toEqual([
      { deviceId: 'scale-1', label: 'Scale (scale-1)', online: 90, fault: 2.5, offline: 7.5, changes: 4 },
      { deviceId: 'xray-1', label: 'X-ray cabinet (xray-1)', online: null, fault: null, offline: null, changes: 0 },
    ]);
  });
});

describe('records and reports', () => {
  it('reads a loosely typed custody ID as the station writes it', () => {
    expect(normalizeCustodyId('b0d5myd7j')).toBe('B0D-5MY-D7J');
    expect(normalizeCustodyId('bod-5my-d7j')).toBe('B0D-5MY-D7J');
    expect(normalizeCustodyId('lsv ecm 896')).toBe('1SV-ECM-896');
    expect(normalizeCustodyId('B0D-5MY')).toBeNull();
    expect(normalizeCustodyId('U00-000-000')).toBeNull();
  });

  it('sends only the search fields the operator filled in', () => {
    const empty = { query: '', custodyId: '', trackingNumber: '', recipient: '', from: '', to: '', states: new Set<never>() };
    expect(searchRequest(empty, null)).toEqual({ limit: 25, cursor: null });
    expect(searchRequest({ ...empty, recipient: ' facil ', states: new Set(['CLEARED', 'RECEIVED'] as const) }, 'next')).toEqual({
      limit: 25,
      cursor: 'next',
      recipient: 'facil',
      states: ['RECEIVED', 'CLEARED'],
    });
  });

  it('decodes a station file to its bytes', async () => {
    const blob = fileBlob({ fileName: 'a.csv', base64: Buffer.from('date,station\r\n', 'utf8').toString('base64'), mimeType: 'text/csv' });
    expect(blob.type).toBe('text/csv');
    expect(await blob.text()).toBe('date,station\r\n');
    expect(formatBytes(503)).toBe('503 bytes');
    expect(formatBytes(5_012)).toBe('5.0 kB');
  });

  it('keeps the newest device report, whether it came from device.live or an event', () => {
    const reading = (at: string): ScaleReading => ({ deviceId: 'scale-1', condition: 'stable', value: '12.0', unit: 'g', resolution: '0.1', grams: 12, at });
    const older = reading('2026-03-14T10:00:00.000Z');
    const newer = reading('2026-03-14T10:00:01.000Z');
    expect(newerReport(newer, older)).toBe(newer);
    expect(newerReport(older, newer)).toBe(newer);
    expect(newerReport(null, older)).toBe(older);
    expect(newerReport(older, null)).toBe(older);
    expect(latestReport([older, newer, older])).toBe(newer);
    expect(latestReport([])).toBeNull();
  });
});
