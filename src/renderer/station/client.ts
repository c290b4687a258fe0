import {
  commands,
  events,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
  type EventName,
  type EventPayload,
  type EventSpec,
} from '../../shared/contract/index.ts';
import type { ConnectionStore } from './connectionState.ts';
import { StationRequestError } from './StationRequestError.ts';
import type { Transport } from './transport.ts';

/** The typed station API the screens use: values or a thrown StationRequestError. */
export interface StationClient {
  readonly connection: ConnectionStore;
  call<N extends CommandName>(name: N, args: CommandRequest<N>): Promise<CommandResponse<N>>;
  subscribe<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void;
  /** Every refusal, so the app can react centrally (NOT_AUTHENTICATED sends it back to the lock screen). */
  onRefusal(listener: (error: StationRequestError) => void): () => void;
  retryNow(): void;
}

export function createStationClient(transport: Transport): StationClient {
  const refusalListeners = new Set<(error: StationRequestError) => void>();

  function refuse(error: StationRequestError): never {
    for (const listener of [...refusalListeners]) listener(error);
    throw error;
  }

  return {
    connection: transport.connection,
    async call<N extends CommandName>(name: N, args: CommandRequest<N>): Promise<CommandResponse<N>> {
      const result = await transport.call(name, args);
      if (!result.ok) refuse(StationRequestError.from(result.error));
      const spec: CommandSpec = commands[name];
      const parsed = spec.response.safeParse(result.value);
      if (!parsed.success) {
        console.error(`Dropped a malformed answer to ${name}`, parsed.error.issues);
        refuse(new StationRequestError('INTERNAL', 'The station sent an answer this screen could not read.'));
      }
      return parsed.data as CommandResponse<N>;
    },
    subscribe<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void {
      const spec: EventSpec = events[event];
      return transport.subscribe(event, (raw) => {
        const parsed = spec.payload.safeParse(raw);
        if (!parsed.success) {
          console.warn(`Dropped a malformed ${event} event`, parsed.error.issues);
          return;
        }
        try {
          callback(parsed.data as EventPayload<E>);
        } catch (error) {
          // One broken listener must not stop the others or the link.
          console.error(`A ${event} listener failed`, error);
        }
      });
    },
    onRefusal(listener) {
      refusalListeners.add(listener);
      return () => refusalListeners.delete(listener);
    },
    retryNow: () => transport.retryNow(),
  };
}
