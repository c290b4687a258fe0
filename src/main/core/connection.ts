import type { CommandResult, EventName } from '../../shared/contract/index.ts';

/**
 * What a host needs from the station: one connection per screen (the kiosk window, a browser tab).
 * Each connection carries its own session (who is logged in there), so the hosts stay thin:
 * they move contract messages and nothing else.
 */
export interface StationConnection {
  /** Validate, authorize, run: resolves to a result, never rejects. */
  call(command: string, args: unknown): Promise<CommandResult<unknown>>;
  /** Events this connection may see (by audience and session). Returns an unsubscribe. */
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  /** The screen went away: drop its session and listeners. */
  close(): void;
}

export interface StationEndpoint {
  connect(): StationConnection;
}
