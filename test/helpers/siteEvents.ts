import path from 'node:path';
import { auditHash, Store } from '../../src/main/store/index.ts';
import { GENESIS_HASH } from '../../src/shared/contract/index.ts';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import type { PublishedEvent } from '../../src/main/site/index.ts';
import { tempDir } from './station.ts';

/** A station store with its genesis event and `n` more (events that claim no state row). */
export function stationWithEvents(n: number, file = path.join(tempDir('mailscreen-site-'), 'station.sqlite')): Store {
  const store = Store.open(file);
  appendNotes(store, n);
  return store;
}

export function appendNotes(store: Store, n: number, tag = 'note'): void {
  for (let i = 0; i < n; i += 1) {
    store.transaction(() =>
      store.audit.append({ actor: 'operator:a', kind: 'records.backupFailed', subjectType: 'station', subjectId: `${tag}-${i}`, mode: 'live', payload: { to: `${tag}-${i}`, error: `event ${i} "quoted" ünïcode` } }),
    );
  }
}

/** The station's events as the publisher sends them (the payload as stored: its canonical text). */
export function publishedEvents(store: Store): PublishedEvent[] {
  return [...store.audit.events()].map(({ payload, ...event }) => ({ ...event, payload: canonicalJson(payload) }));
}

/**
 * `n` events of a made-up station's chain, the same every time for the same arguments, hashed as
 * the station hashes (no store: fast enough for tens of thousands).
 */
export function syntheticChain(station: string, n: number): PublishedEvent[] {
  const events: PublishedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const body = { seq, at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(), actor: 'operator:a', station, kind: 'records.backupFailed', subjectType: 'station' as const, subjectId: `note-${seq}`, mode: 'live' as const, payload: { to: `note-${seq}`, error: `event ${seq}` } };
    const hash = auditHash(prevHash, body);
    events.push({ ...body, payload: canonicalJson(body.payload), prevHash, hash });
    prevHash = hash;
  }
  return events;
}
