import type { CommandName, CommandResult, EventName } from '../../shared/contract/index.ts';
import type { ConnectionStore } from './connectionState.ts';

/**
 * What the contract client needs from a host link, untyped on purpose: the client validates
 * everything that comes back, whichever transport carried it.
 */
export interface Transport {
  readonly connection: ConnectionStore;
  /** Resolves to a result, never rejects: a link failure is an UNAVAILABLE result. */
  call(command: CommandName, args: unknown): Promise<CommandResult<unknown>>;
  subscribe(event: EventName, callback: (payload: unknown) => void): () => void;
  /** Skip the backoff wait and try to reconnect now (a no-op where there is nothing to reconnect). */
  retryNow(): void;
}

export const LINK_LOST_MESSAGE = 'Not sent: the connection to the station is lost. It is reconnecting on its own.';
