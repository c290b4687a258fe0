import type { z } from 'zod';
import { commands, isCommandName, StationFailure, type CommandResult, type StationError } from '../../shared/contract/index.ts';
import type { CommandContext, CommandHandlers, Session } from '../commands/index.ts';
import { stderrLog, type Log } from '../log.ts';
import { argumentsRefusal } from './refusalWords.ts';

export type Dispatch = (session: Session, command: string, rawArgs: unknown) => Promise<CommandResult<unknown>>;

function refusal(code: StationError['code'], message: string): CommandResult<never> {
  return { ok: false, error: { code, message } };
}

/** For the log (the developer's words): each issue with its path. The screen gets argumentsRefusal. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * The one way into the station: authenticate and authorize -> validate -> service -> (in development and tests)
 * validate the response. Every refusal happens before the service runs, so nothing is written.
 */
export function createDispatcher(handlers: CommandHandlers, options: { validateResponses: boolean; log?: Log }): Dispatch {
  const log = options.log ?? stderrLog();
  return async (session, command, rawArgs) => {
    if (!isCommandName(command)) {
      return refusal('UNKNOWN_COMMAND', `The station has no command "${String(command).slice(0, 100)}". Update the station software or the screen.`);
    }
    const spec = commands[command];
    // Who is asking comes before what they sent: an anonymous caller must not learn any command's
    // argument shapes from INVALID_ARGUMENTS details, so only public commands are validated for them.
    if (spec.roles !== 'public') {
      const operator = session.operator;
      if (!operator) return refusal('NOT_AUTHENTICATED', 'The station is locked. Log in with your badge and PIN.');
      if (!spec.roles.includes(operator.role)) {
        return refusal('FORBIDDEN', `A ${operator.role} may not do this. Ask a ${spec.roles.join(' or ')}.`);
      }
    }
    const parsed = spec.request.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return refusal('INVALID_ARGUMENTS', argumentsRefusal(parsed.error, rawArgs ?? {}));
    }
    if (spec.roles !== 'public') session.touch();
    try {
      const handler = handlers[command] as (args: unknown, context: CommandContext) => unknown;
      const value = await handler(parsed.data, { session });
      if (options.validateResponses) {
        const checked = spec.response.safeParse(value);
        if (!checked.success) {
          log.error(`${command} returned a response outside the contract: ${describeIssues(checked.error)}`);
          return refusal('INTERNAL', 'The station gave an answer this screen cannot read. Report this to the site admin.');
        }
      }
      return { ok: true, value };
    } catch (error) {
      if (error instanceof StationFailure) return refusal(error.code, error.message);
      log.error(`${command} failed:`, error);
      return refusal('INTERNAL', 'The station could not complete this. Nothing was recorded for this step; try again, and if it repeats, call the site admin.');
    }
  };
}
