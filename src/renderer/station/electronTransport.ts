import { z } from 'zod';
import { StationError, type StationBridge } from '../../shared/contract/index.ts';
import { createConnectionStore } from './connectionState.ts';
import type { Transport } from './transport.ts';

const BridgeResult = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: StationError }),
]);

/** The Electron preload's bridge: IPC to main, always connected while the window lives. */
export function createElectronTransport(bridge: StationBridge): Transport {
  return {
    connection: createConnectionStore({ status: 'ready', generation: 1 }),
    async call(command, args) {
      const method = bridge[command] as unknown as (args: unknown) => Promise<unknown>;
      let raw: unknown;
      try {
        raw = await method(args);
      } catch (error) {
        console.error(`The station bridge failed on ${command}`, error);
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'The station did not answer.' } };
      }
      const parsed = BridgeResult.safeParse(raw);
      if (!parsed.success) {
        console.error(`Dropped a malformed answer to ${command}`, parsed.error.issues);
        return { ok: false, error: { code: 'INTERNAL', message: 'The station sent an answer this screen could not read.' } };
      }
      return parsed.data.ok ? { ok: true, value: parsed.data.value } : parsed.data;
    },
    subscribe(event, callback) {
      return bridge.subscribe(event, (payload) => callback(payload));
    },
    retryNow() {},
  };
}
