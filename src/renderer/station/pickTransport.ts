import { BRIDGE_GLOBAL, TOKEN_FRAGMENT_KEY, WEB_SOCKET_PATH, type StationBridge } from '../../shared/contract/index.ts';
import { createElectronTransport } from './electronTransport.ts';
import type { Transport } from './transport.ts';
import { createWebTransport } from './webTransport.ts';

/** The per-start token the web host printed, from the page's address fragment (never sent to any server). */
function tokenInAddress(): string | null {
  return new URLSearchParams(location.hash.slice(1)).get(TOKEN_FRAGMENT_KEY) || null;
}

/**
 * The Electron preload's bridge when there is one; otherwise the web host's WebSocket, logging in
 * with the token in the address. A token corrected or pasted in the same tab (the fragment
 * changes, the page does not reload) is tried at once.
 */
export function pickTransport(): Transport {
  const bridge: unknown = Reflect.get(window, BRIDGE_GLOBAL);
  if (typeof bridge === 'object' && bridge !== null) return createElectronTransport(bridge as StationBridge);

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = createWebTransport(`${scheme}://${location.host}${WEB_SOCKET_PATH}`, tokenInAddress());
  window.addEventListener('hashchange', () => transport.useToken(tokenInAddress()));
  return transport;
}
