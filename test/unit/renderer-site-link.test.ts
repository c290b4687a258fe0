import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SiteLinkChip } from '../../src/renderer/siteLink/SiteLinkChip.tsx';
import { siteLinkWords } from '../../src/renderer/ui/siteLinkWords.ts';
import { SiteLinkStatus, type SiteLinkState } from '../../src/shared/contract/index.ts';

const status = (state: SiteLinkState, waiting: number | null, detail: string | null = null): SiteLinkStatus =>
  SiteLinkStatus.parse({ state, waiting, lastContactAt: null, detail, at: '2026-12-07T10:00:00.000Z' });

const chip = (value: SiteLinkStatus | null) => renderToStaticMarkup(createElement(SiteLinkChip, { status: value }));

describe('the site link in the device bar', () => {
  it('shows nothing at a station alone', () => {
    expect(siteLinkWords(null)).toBeNull();
    expect(chip(null)).toBe('');
  });

  it('says online when the site holds everything, and how far behind while sending', () => {
    expect(siteLinkWords(status('online', 0))).toMatchObject({ icon: 'online', text: 'Site: online' });
    expect(siteLinkWords(status('lagging', 12_345))).toMatchObject({ icon: 'info', text: 'Site: sending, 12,345 events behind' });
    expect(siteLinkWords(status('lagging', 1))?.text).toBe('Site: sending, 1 event behind');
    expect(siteLinkWords(status('connecting', null))?.text).toBe('Site: connecting');
  });

  it('says offline with how many events wait here, and that work goes on', () => {
    const words = siteLinkWords(status('offline', 42, 'the site is not reached: connect ECONNREFUSED'));
    expect(words).toMatchObject({ icon: 'offline', text: 'Site offline: 42 events wait' });
    expect(words?.full).toBe('the site is not reached: connect ECONNREFUSED. Work goes on here; everything recorded is sent when the site is reached.');
    expect(siteLinkWords(status('offline', 1))?.text).toBe('Site offline: 1 event waits');
    expect(siteLinkWords(status('offline', null))?.text).toBe('Site offline');
    const html = chip(status('offline', 42));
    expect(html).toContain('class="device site-link-chip site-link-offline"');
    expect(html).toContain('data-state="offline"');
    expect(html).toContain('Site offline: 42 events wait');
  });

  it('raises the alarm in red with the station’s detail in the title', () => {
    const detail = 'this station’s database ends at event 5 but the site holds its chain up to 10. Publishing has stopped: call the site admin (verify --db <file> --site).';
    const words = siteLinkWords(status('refused', 0, detail));
    expect(words).toMatchObject({ icon: 'fault', text: 'Site alarm — call the site admin', full: detail });
    const html = chip(status('refused', 0, detail));
    expect(html).toContain('site-link-refused');
    expect(html).toContain('role="status"');
    expect(html).toContain('Site alarm — call the site admin');
  });
});
