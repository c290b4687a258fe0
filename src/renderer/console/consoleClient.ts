import { consoleCommands, type CommandResult, type ConsoleCommandName, type ConsoleRequest, type ConsoleResponse } from '../../shared/contract/index.ts';
import { StationRequestError } from '../station/index.ts';

/** What the console needs of the host link (the station's transport carries any command name). */
export interface ConsoleLink {
  call(command: string, args: unknown): Promise<CommandResult<unknown>>;
}

/** The console's typed API over the same host link as the station's: values, or a thrown StationRequestError. */
export interface ConsoleClient {
  call<N extends ConsoleCommandName>(name: N, args: ConsoleRequest<N>): Promise<ConsoleResponse<N>>;
}

export function createConsoleClient(link: ConsoleLink): ConsoleClient {
  return {
    async call<N extends ConsoleCommandName>(name: N, args: ConsoleRequest<N>): Promise<ConsoleResponse<N>> {
      const result = await link.call(name, args);
      if (!result.ok) throw StationRequestError.from(result.error);
      const parsed = consoleCommands[name].response.safeParse(result.value);
      if (!parsed.success) {
        console.error(`Dropped a malformed answer to ${name}`, parsed.error.issues);
        throw new StationRequestError('INTERNAL', 'The console sent an answer this screen could not read.');
      }
      return parsed.data as ConsoleResponse<N>;
    },
  };
}

