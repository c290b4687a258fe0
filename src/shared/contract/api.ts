import type { CommandName, CommandRequest, CommandResponse } from './commands.ts';
import type { EventName, EventPayload } from './events.ts';

/**
 * The station API as the renderer sees it, whichever host carries it: one method per command
 * (named by the command) and subscribe. The Electron preload and the web client both implement it.
 */
export type StationApi = {
  readonly [N in CommandName]: (args: CommandRequest<N>) => Promise<CommandResponse<N>>;
} & {
  subscribe<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void;
};

/** The wire shape used by both hosts: a call either resolves or is refused with a StationError. */
export type CommandCall = { readonly command: string; readonly args: unknown };
