// The console's Items screen turns what the officer filled in into console.search's arguments:
// only the filled fields narrow, a day is the console computer's local day (the last one whole),
// and what it sends is what the console's contract takes.
import { describe, expect, it } from 'vitest';
import { consoleSearchRequest } from '../../src/renderer/console/SiteSearchScreen.tsx';
import { consoleCommands } from '../../src/shared/contract/index.ts';

const EMPTY = { query: '', station: '', recipient: '', from: '', to: '', receivedFrom: '', receivedTo: '', states: new Set<never>() };

describe('the console’s item search request', () => {
  it('sends only what was filled in', () => {
    expect(consoleSearchRequest(EMPTY)).toEqual({});
    expect(consoleSearchRequest({ ...EMPTY, query: '  1Z999  ', recipient: '   ' })).toEqual({ query: '1Z999' });
  });

  it('a day is this computer’s local day, the last one whole; states in their lifecycle order; the contract takes it', () => {
    const request = consoleSearchRequest({ ...EMPTY, station: 'ST-A', recipient: 'smi', from: '2026-03-14', to: '2026-03-15', states: new Set(['SUSPECT', 'RECEIVED'] as const) });
    expect(request).toEqual({
      station: 'ST-A',
      recipient: 'smi',
      changedFrom: new Date(2026, 2, 14).toISOString(),
      changedTo: new Date(2026, 2, 16).toISOString(),
      states: ['RECEIVED', 'SUSPECT'],
    });
    expect(consoleCommands['console.search'].request.safeParse(request).success).toBe(true);
  });

  it('the days it was received, as the station offers them, apart from the days it last changed', () => {
    const request = consoleSearchRequest({ ...EMPTY, receivedFrom: '2026-03-14', receivedTo: '2026-03-14', to: '2026-03-20' });
    expect(request).toEqual({ receivedFrom: new Date(2026, 2, 14).toISOString(), receivedTo: new Date(2026, 2, 15).toISOString(), changedTo: new Date(2026, 2, 21).toISOString() });
    expect(consoleCommands['console.search'].request.safeParse(request).success).toBe(true);
    expect(consoleSearchRequest({ ...EMPTY, receivedFrom: 'yesterday' })).toEqual({});
  });
});
