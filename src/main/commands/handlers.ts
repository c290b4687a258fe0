import type { CommandArgs, CommandName, CommandResponse, Operator } from '../../shared/contract/index.ts';
import type { Session } from './session.ts';

/** What a handler knows about who is calling: the screen's session. */
export interface CommandContext {
  session: Session;
}

/** The handler of one contract command: its arguments and answer are the command spec's. */
export type CommandHandler<N extends CommandName> = (args: CommandArgs<N>, context: CommandContext) => CommandResponse<N> | Promise<CommandResponse<N>>;

/** Every contract command mapped to its handler: what the dispatcher serves. */
export type CommandHandlers = { [N in CommandName]: CommandHandler<N> };

/**
 * The handlers of one contract area, the commands named `<area>.<verb>`: a handler module is typed
 * by the areas it serves, so one it forgets, or one it serves twice, fails to compile.
 */
export type AreaHandlers<Area extends string> = { [N in CommandName as N extends `${Area}.${string}` ? N : never]: CommandHandler<N> };

/** The operator a recording command runs as (the dispatcher lets no anonymous session reach one). */
export function operatorOf(session: Session): Operator {
  const operator = session.operator;
  if (!operator) throw new Error('operatorOf: the dispatcher lets no anonymous session reach a service that records');
  return operator;
}

/** The audit actor of a recording command. */
export function actorOf(session: Session): string {
  return `operator:${operatorOf(session).id}`;
}
