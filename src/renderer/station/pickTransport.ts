import { BRIDGE_GLOBAL, TOKEN_FRAGMENT_KEY, WEB_SOCKET_PATH, type StationBridge } from '../../shared/contract/index.ts';
import { createElectronTransport } from './electronTransport.ts';
import { createOfflineTransport } from './offlineTransport.ts';
import type { Transport } from './transport.ts';
import { createWebTransport } from './webTransport.ts';

/** The Electron preload's bridge when there is one; otherwise the web host's WebSocket. */
export function pickTransport(): Transport {
  const bridge: unknown = Reflect.get(window, BRIDGE_GLOBAL);
  if (typeof bridge === 'object' && bridge !== null) return createElectronTransport(bridge as StationBridge);

  const token = new URLSearchParams(location.hash.slice(1)).get(TOKEN_FRAGMENT_KEY);
  if (!token) {
    return createOfflineTransport(
      { status: 'no-token', generation: 0 },
      'This page was opened without the station’s access link.',
    );
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebTransport(`${scheme}://${location.host}${WEB_SOCKET_PATH}`, token);
}
