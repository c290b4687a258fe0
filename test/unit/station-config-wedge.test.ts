// station.json's wedge terminator is the site's file: a hostile one is refused in one line, the
// station does not start on it, and a good one is taken as written.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStationConfig, StationConfigInvalid } from '../../src/main/core/stationConfig.ts';
import { tempDir } from '../helpers/station.ts';

function configWith(terminator: unknown): string {
  const file = path.join(tempDir('mailscreen-wedge-config-'), 'station.json');
  writeFileSync(file, JSON.stringify({ wedge: { terminator } }));
  return file;
}

describe('station.json wedge.terminator', () => {
  it('takes Enter, Tab or a short printable suffix', () => {
    expect(loadStationConfig(configWith('Tab')).wedge.terminator).toBe('Tab');
    expect(loadStationConfig(configWith({ suffix: '#END' })).wedge.terminator).toEqual({ suffix: '#END' });
  });

  it.each([
    ['an empty suffix', { suffix: '' }],
    ['a huge suffix', { suffix: 'x'.repeat(100_000) }],
    ['control characters', { suffix: '\r\n\u001b[2J' }],
    ['a space', { suffix: 'a b' }],
    ['another key', 'Escape'],
    ['an unknown field', { suffix: '#', extra: 1 }],
    ['a number', 13],
  ])('refuses %s in one line, never echoing a control character', (_what, terminator) => {
    let refusal: unknown;
    try {
      loadStationConfig(configWith(terminator));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StationConfigInvalid);
    const message = (refusal as Error).message;
    expect(message).toMatch(/wedge/);
    for (const control of ['\r', '\n', '\u001b']) expect(message).not.toContain(control);
    expect(message.length).toBeLessThan(600);
  });
});
