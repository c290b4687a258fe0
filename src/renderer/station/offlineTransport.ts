import { createConnectionStore, type ConnectionState } from './connectionState.ts';
import type { Transport } from './transport.ts';

/** A link that cannot exist (no token in the address): every call fails, the screen explains why. */
export function createOfflineTransport(state: ConnectionState, message: string): Transport {
  return {
    connection: createConnectionStore(state),
    call: () => Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message } }),
    subscribe: () => () => {},
    retryNow() {},
  };
}
