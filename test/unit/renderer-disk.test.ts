import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DiskChip } from '../../src/renderer/disk/DiskChip.tsx';
import { diskWarning, formatDiskBytes } from '../../src/renderer/ui/diskWords.ts';
import { ERROR_ADVICE } from '../../src/renderer/ui/errorAdvice.ts';
import type { DiskStatus } from '../../src/shared/contract/index.ts';

const GB = 1_000_000_000;
const status = (state: DiskStatus['state'], freeBytes: number | null): DiskStatus => ({
  state,
  freeBytes,
  totalBytes: 100 * GB,
  warningBytes: 2 * GB,
  detail: state === 'ok' ? null : 'what the station says',
  at: '2026-12-06T10:00:00.000Z',
});

describe('the data disk in the device bar', () => {
  it('says nothing while there is room', () => {
    expect(diskWarning(null)).toBeNull();
    expect(diskWarning(status('ok', 50 * GB))).toBeNull();
    expect(renderToStaticMarkup(createElement(DiskChip, { status: status('ok', 50 * GB) }))).toBe('');
  });

  it('warns in amber with the free space when it is low, and in red when it is full', () => {
    expect(diskWarning(status('low', 1.46 * GB))).toEqual({ tone: 'low', text: 'Disk space low: 1.5 GB free' });
    expect(diskWarning(status('low', 300_000_000))).toEqual({ tone: 'low', text: 'Disk space low: 300 MB free' });
    expect(diskWarning(status('full', 10_000_000))).toEqual({ tone: 'full', text: 'Disk full — call the site admin' });

    const low = renderToStaticMarkup(createElement(DiskChip, { status: status('low', 1.46 * GB) }));
    expect(low).toContain('class="device disk-chip disk-low"');
    expect(low).toContain('data-state="low"');
    expect(low).toContain('Disk space low: 1.5 GB free');
    expect(low).toContain('title="what the station says"');
    const full = renderToStaticMarkup(createElement(DiskChip, { status: status('full', 0) }));
    expect(full).toContain('disk-full');
    expect(full).toContain('Disk full — call the site admin');
  });

  it('formats free space as an admin reads it', () => {
    expect(formatDiskBytes(2 * GB)).toBe('2.0 GB');
    expect(formatDiskBytes(270.6 * GB)).toBe('271 GB');
    expect(formatDiskBytes(100_000 * GB)).toBe('100,000 GB');
    expect(formatDiskBytes(999_999_999)).toBe('999 MB');
  });

  it('has advice for a DISK_FULL refusal that does not contradict its message', () => {
    expect(ERROR_ADVICE.DISK_FULL).toMatch(/already recorded is kept/);
  });
});
