// The console's screens as markup: what a station recorded (an alarm's message, a device's detail,
// an event's payload) is text, never markup; the words of a station's status; the console's address.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EventList } from '../../src/renderer/console/EventList.tsx';
import { StationCard } from '../../src/renderer/console/StationsScreen.tsx';
import { heardWords, lagWords, stationHealth } from '../../src/renderer/console/consoleWords.ts';
import { isConsoleAddress } from '../../src/renderer/console/consoleAddress.ts';
import type { ConsoleStation } from '../../src/shared/contract/index.ts';

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

const station = (over: Partial<ConsoleStation> = {}): ConsoleStation => ({
  station: 'ST-1A2B3C4D',
  heardAt: '2026-12-07T10:00:00.000Z',
  siteSeq: 120,
  projectedSeq: 120,
  held: null,
  alarms: [],
  alarmCount: 0,
  deviceWarnings: [],
  openIncidents: 0,
  ...over,
});

describe('the console’s screens as markup', () => {
  it('a station’s alarm message, held reason and device detail are text, not markup', () => {
    const html = renderToStaticMarkup(
      createElement(StationCard, {
        station: station({
          alarms: [{ id: 3, kind: 'chain-fork', at: '2026-12-07T09:00:00.000Z', message: HOSTILE }],
          alarmCount: 1,
          held: HOSTILE,
          deviceWarnings: [{ deviceId: HOSTILE, warnings: 2, lastKind: 'xray.scan-failed', lastDetail: HOSTILE, lastAt: null }],
        }),
        now: new Date('2026-12-07T10:00:30.000Z'),
      }),
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('data-health="alarm"');
  });

  it('an event’s payload as recorded is text', () => {
    const html = renderToStaticMarkup(createElement(EventList, { events: [{ seq: 7, at: '2026-12-07T09:00:00.000Z', actor: HOSTILE, kind: 'incident.opened', payload: JSON.stringify({ reason: HOSTILE }) }], label: 'Events' }));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
  });

  it('says how a station stands: alarm first, then views stopped, then catching up', () => {
    const now = new Date('2026-12-07T10:05:00.000Z');
    expect(heardWords(null, now)).toBe('never');
    expect(heardWords('2026-12-07T10:04:30.000Z', now)).toBe('30 s ago');
    expect(heardWords('2026-12-07T09:05:00.000Z', now)).toBe('60 min ago');
    expect(stationHealth(station())).toBe('current');
    expect(stationHealth(station({ projectedSeq: 100 }))).toBe('behind');
    expect(lagWords(station({ projectedSeq: 100 }))).toMatch(/^20 events not in the views yet/);
    expect(lagWords(station({ siteSeq: 0, projectedSeq: 0 }))).toBe('nothing published yet');
    expect(stationHealth(station({ held: 'site alarm 3', projectedSeq: 100 }))).toBe('held');
    expect(stationHealth(station({ alarmCount: 1, held: 'x' }))).toBe('alarm');
  });

  it('opens in site mode only at the console’s address', () => {
    expect(isConsoleAddress('#token=abc&mode=site')).toBe(true);
    expect(isConsoleAddress('#mode=site&token=abc')).toBe(true);
    expect(isConsoleAddress('#token=abc')).toBe(false);
    expect(isConsoleAddress('#token=abc&mode=station')).toBe(false);
    expect(isConsoleAddress('')).toBe(false);
  });
});
