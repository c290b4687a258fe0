import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { EventName, EventPayload } from '../../shared/contract/index.ts';
import type { StationClient } from './client.ts';
import type { ConnectionState } from './connectionState.ts';

const StationContext = createContext<StationClient | null>(null);

export function StationProvider({ client, children }: { client: StationClient; children: ReactNode }) {
  return <StationContext value={client}>{children}</StationContext>;
}

export function useStation(): StationClient {
  const client = useContext(StationContext);
  if (!client) throw new Error('useStation outside <StationProvider>');
  return client;
}

export function useConnection(): ConnectionState {
  const { connection } = useStation();
  return useSyncExternalStore(connection.subscribe, connection.get);
}

/** Calls `callback` for every valid `event`; the latest callback is used without resubscribing. */
export function useStationEvent<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): void {
  const station = useStation();
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  useEffect(() => station.subscribe(event, (payload) => latest.current(payload)), [station, event]);
}
