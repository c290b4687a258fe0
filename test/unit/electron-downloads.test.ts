import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Session } from 'electron';
import { safeFileName, saveDownloadsTo } from '../../src/main/hosts/electron/downloads.ts';

describe('kiosk downloads', () => {
  it('saves a report the screen downloads into the exports folder, with no dialog', () => {
    const session = new EventEmitter();
    const made: string[] = [];
    saveDownloadsTo(session as unknown as Session, '/data/exports', (dir) => made.push(dir));
    const item = { getFilename: () => 'INC-2026-0001-incident-report.pdf', setSavePath: vi.fn() };
    session.emit('will-download', {}, item);
    expect(item.setSavePath).toHaveBeenCalledWith('/data/exports/INC-2026-0001-incident-report.pdf');
    expect(made).toEqual(['/data/exports']);
  });

  it('never lets a file name leave the folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\boot.ini')).toBe('boot.ini');
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('daily log 2026-11-28.csv')).toBe('daily log 2026-11-28.csv');
    expect(safeFileName('')).toBe('mailscreen-export');
    expect(safeFileName('rapport-Zoë.pdf')).toBe('rapport-Zo_.pdf');
  });
});
