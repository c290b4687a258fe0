import type { z } from 'zod';
import type { recordsCommands } from '../../shared/contract/index.ts';
import type { CommandContext, Session } from '../commands/index.ts';
import type { RecordsService } from './recordsService.ts';

type RecordsCommands = typeof recordsCommands;
export type RecordsCommandHandlers = {
  [N in keyof RecordsCommands]: (args: z.output<RecordsCommands[N]['request']>, context: CommandContext) => z.output<RecordsCommands[N]['response']> | Promise<z.output<RecordsCommands[N]['response']>>;
};

/** The records commands mapped to the records service; `actorOf` gives a session's audit actor. */
export function recordsCommandHandlers(records: RecordsService, actorOf: (session: Session) => string): RecordsCommandHandlers {
  return {
    'search.items': (args) => records.searchItems(args),
    'records.legalHold': (args, { session }) => records.legalHold(args, actorOf(session)),
    'records.retention': (args, { session }) => records.retentionPolicy(args, actorOf(session)),
    'records.backupNow': (_args, { session }) => records.backupNow(actorOf(session)),
    'records.purgePreview': (_args, { session }) => records.purgePreview(actorOf(session)),
  };
}
