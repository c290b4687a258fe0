/**
 * Where the screen's link to the station stands. `generation` goes up each time the link becomes
 * ready, so screens know to reload their snapshots (a new link is a new session on the station).
 */
export type ConnectionState =
  | { readonly status: 'connecting'; readonly generation: number }
  | { readonly status: 'ready'; readonly generation: number }
  | {
      readonly status: 'reconnecting';
      readonly generation: number;
      readonly attempt: number;
      readonly retryAt: number;
      /** False while the very first connection has not succeeded yet. */
      readonly everConnected: boolean;
      /** The station answered but refused the token in the page's address (not this start's). */
      readonly tokenRefused?: boolean;
    }
  /** Opened in a browser without the per-start token in the address: nothing to connect with. */
  | { readonly status: 'no-token'; readonly generation: number };

/** A tiny external store so React reads the state with useSyncExternalStore. */
export interface ConnectionStore {
  get(): ConnectionState;
  set(state: ConnectionState): void;
  subscribe(listener: () => void): () => void;
}

export function createConnectionStore(initial: ConnectionState): ConnectionStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
