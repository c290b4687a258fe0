import path from 'node:path';
import { Store } from '../../src/main/store/index.ts';
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
