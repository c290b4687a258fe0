import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { EventName, StationBridge } from '../../../shared/contract/index.ts';
import type { Log } from '../../log.ts';
import { COMMAND_NAMES, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, isEventName } from '../../../shared/contract/index.ts';

type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

interface Subscription {
  readonly event: EventName;
  readonly callback: (payload: unknown) => void;
}

/**
 * What the preload hands to the page (checklist #20, context-isolation.md): one named method per
 * contract command and subscribe. The page never sees ipcRenderer, can only invoke the one call
 * channel with a contract command's name, and its event callbacks receive the payload alone, never
 * the IpcRendererEvent (which would expose `sender`).
 */
export function createBridge(ipc: BridgeIpc, log: Pick<Log, 'error'>): StationBridge {
  const methods = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, (args: unknown) => ipc.invoke(IPC_CALL_CHANNEL, name, args)]),
  );

  // One IPC listener fans out to every subscription (many screens subscribe; one listener each
  // would trip EventEmitter's leak warning). It is attached while at least one subscription exists.
  const subscriptions = new Set<Subscription>();
  const dispatch = (_ipcEvent: IpcRendererEvent, name: unknown, payload: unknown): void => {
    for (const subscription of [...subscriptions]) {
      if (subscription.event !== name) continue;
      try {
        subscription.callback(payload);
      } catch (error) {
        // One screen's failing handler must not starve the others of the event.
        log.error(`a ${String(name)} subscriber threw`, error);
      }
    }
  };

  const subscribe = (event: EventName, callback: (payload: never) => void): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`Unknown station event: ${String(event)}`);
    if (typeof callback !== 'function') throw new TypeError('subscribe needs a callback function');
    // A fresh object per call, so subscribing the same callback twice gives two independent handles.
    const subscription: Subscription = { event, callback: callback as (payload: unknown) => void };
    if (subscriptions.size === 0) ipc.on(IPC_EVENT_CHANNEL, dispatch);
    subscriptions.add(subscription);
    return () => {
      if (!subscriptions.delete(subscription)) return;
      if (subscriptions.size === 0) ipc.removeListener(IPC_EVENT_CHANNEL, dispatch);
    };
  };

  return Object.freeze({ ...methods, subscribe }) as unknown as StationBridge;
}
