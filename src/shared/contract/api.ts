import type { CommandResult } from './errors.ts';
import type { CommandName, CommandRequest, CommandResponse } from './commands.ts';
import type { EventName, EventPayload } from './events.ts';

/**
 * The station API as a host hands it to the renderer: one method per command (named by the
 * command, e.g. bridge['intake.scan']) and subscribe. The Electron preload exposes it as
 * `window.mailscreen`; the web host's client implements it over a WebSocket. Methods resolve to a
 * CommandResult and never reject with a station refusal, because an Error thrown across Electron's
 * context bridge loses everything but its message.
 */
export type StationBridge = {
  readonly [N in CommandName]: (args: CommandRequest<N>) => Promise<CommandResult<CommandResponse<N>>>;
} & {
  subscribe<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void;
};

/** The global name under which the Electron preload exposes the bridge. */
export const BRIDGE_GLOBAL = 'mailscreen';

/** IPC channels between the preload and the Electron host. */
export const IPC_CALL_CHANNEL = 'station:call';
export const IPC_EVENT_CHANNEL = 'station:event';
