import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/store/index.ts';
import { ItemState, type Item, type RecordMode } from '../../src/shared/contract/index.ts';
import { tempDir } from '../helpers/station.ts';

let store: Store | undefined;
afterEach(() => store?.close());

function put(s: Store, custodyId: string, matchKey: string, receivedAt: string, state: ItemState, mode: RecordMode = 'live'): void {
  const item: Item = {
    custodyId, trackingNumber: null, carrier: null, scannedCode: matchKey, symbology: null, state, mode,
    receivedAt, updatedAt: receivedAt, receivedBy: 'operator:a', itemType: null, incidentNumber: null,
  };
  s.transaction(() => s.items.insert({ item, matchKey }));
}

const ids = (found: { open: Item | null; latest: Item | null }) => ({ open: found.open?.custodyId ?? null, latest: found.latest?.custodyId ?? null });

// Intake asks for a match key's open item and its latest item in one lookup when the latest is
// open or there is none (issue 15, point 4): the answers must be the two separate lookups' answers.
describe('ItemRepository.byMatchKey', () => {
  it('gives what openByMatchKey and latestByMatchKey give, for every order of open and closed items', () => {
    store = Store.open(path.join(tempDir(), 'match-key.sqlite'));
    const s = store;
    const states = ItemState.options;
    // For each pair of states, an older and a newer item with the same key (and a same-time tie).
    let n = 0;
    for (const older of states) {
      for (const newer of states) {
        for (const [olderAt, newerAt] of [['2026-01-01T09:00:00.000Z', '2026-01-01T10:00:00.000Z'], ['2026-01-01T09:00:00.000Z', '2026-01-01T09:00:00.000Z']] as const) {
          n += 1;
          const key = `KEY-${n}`;
          put(s, `A-${n}`, key, olderAt, older);
          put(s, `B-${n}`, key, newerAt, newer);
          // Another mode's item is never the answer.
          put(s, `D-${n}`, key, '2026-01-02T00:00:00.000Z', 'RECEIVED', 'demo');
          const found = s.items.byMatchKey(key, 'live');
          expect(ids(found)).toEqual({ open: s.items.openByMatchKey(key, 'live')?.custodyId ?? null, latest: s.items.latestByMatchKey(key, 'live')?.custodyId ?? null });
        }
      }
    }
    expect(ids(s.items.byMatchKey('NEVER-SEEN', 'live'))).toEqual({ open: null, latest: null });
  });

  it('finds the older open item behind a newer closed one (the case a single lookup would miss)', () => {
    store = Store.open(path.join(tempDir(), 'match-key-behind.sqlite'));
    const s = store;
    put(s, 'OPEN-OLDER', 'K', '2026-01-01T09:00:00.000Z', 'QUARANTINED');
    put(s, 'CLOSED-NEWER', 'K', '2026-01-01T10:00:00.000Z', 'DELIVERED');
    expect(ids(s.items.byMatchKey('K', 'live'))).toEqual({ open: 'OPEN-OLDER', latest: 'CLOSED-NEWER' });
    put(s, 'OPEN-NEWEST', 'K', '2026-01-01T11:00:00.000Z', 'RECEIVED');
    expect(ids(s.items.byMatchKey('K', 'live'))).toEqual({ open: 'OPEN-NEWEST', latest: 'OPEN-NEWEST' });
  });
});
