// The dashboard's figures as markup, from a station and from the site: a figure the site does not
// hold (notices waiting now, device uptime: null in the site's answer) is said to be station-only,
// never drawn as a zero; the station's own figures are shown as they were.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DashboardFigures } from '../../src/renderer/dashboard/DashboardScreen.tsx';
import type { DashboardStats, SiteDashboardStats } from '../../src/shared/contract/index.ts';

const station: DashboardStats = {
  from: '2026-12-07',
  to: '2026-12-07',
  itemsPerDay: [{ date: '2026-12-07', received: 6, cleared: 2, suspect: 1 }],
  outcomes: { CLEARED: 1, QUARANTINED: 1, RECEIVED: 3 },
  incidents: { byType: [{ type: 'suspiciousSubstance', open: 1, closed: 0 }], byOutcome: {}, drills: 1 },
  afterClearance: { delivered: 1, notices: { sent: 0, bounced: 0, failed: 0, pending: 0 }, waiting: { total: 1, byAge: { underDay: 1, days1to3: 0, days3to7: 0, week: 0 }, oldestSince: '2026-12-07T09:00:00.000Z' } },
  deviceUptime: [],
};
const site: SiteDashboardStats = { ...station, afterClearance: { ...station.afterClearance, notices: { ...station.afterClearance.notices, pending: null } }, deviceUptime: null };

const cell = (html: string, testId: string) => new RegExp(`data-testid="${testId}"[^>]*>([^]*?)</td>`).exec(html)?.[1] ?? null;

describe('the dashboard’s figures, from a station and from the site', () => {
  it('the site’s station-only figures are said to be so, not drawn as zero', () => {
    const html = renderToStaticMarkup(createElement(DashboardFigures, { stats: site }));
    expect(cell(html, 'cell-notices-pending')).toContain('station-only');
    expect(cell(html, 'cell-notices-pending')).not.toMatch(/>0</);
    expect(html).toContain('data-testid="device-uptime-station-only"');
    expect(html).not.toContain('No device reported in the period');
    // What the site does hold is shown as it is.
    expect(html).toContain('data-testid="total-received" data-value="6"');
    expect(cell(html, 'cell-delivered')).toBe('1');
  });

  it('a station’s own figures are shown as they were: its notices waiting and its devices', () => {
    const html = renderToStaticMarkup(createElement(DashboardFigures, { stats: station }));
    expect(cell(html, 'cell-notices-pending')).toBe('0');
    expect(html).not.toContain('station-only');
    expect(html).toContain('No device reported in the period');
  });
});
