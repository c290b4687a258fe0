import type { CommandHandlers } from '../../commands/index.ts';
import { actorOf, operatorOf } from '../../commands/index.ts';
import type { DirectoryService } from './directoryService.ts';

type DirectoryCommand = 'directory.search' | 'directory.import' | 'directory.setDepartmentContacts' | 'directory.setProxy' | 'item.chooseRecipient' | 'notices.returnToSender' | 'notices.securityAlerts' | 'notices.acknowledgeAlert';

/** The directory's commands mapped to its service. */
export function directoryCommandHandlers(directory: DirectoryService): Pick<CommandHandlers, DirectoryCommand> {
  return {
    'directory.search': (args) => directory.search(args),
    'item.chooseRecipient': (args, { session }) => directory.chooseRecipient(args, operatorOf(session)),
    'directory.import': (args, { session }) => directory.importCsv(args, actorOf(session)),
    'directory.setDepartmentContacts': (args, { session }) => directory.setDepartmentContacts(args, actorOf(session)),
    'directory.setProxy': (args, { session }) => directory.setProxy(args, actorOf(session)),
    'notices.returnToSender': () => directory.returnToSender(),
    'notices.securityAlerts': (_args, { session }) => ({ alerts: directory.alerts.unseen(operatorOf(session)) }),
    'notices.acknowledgeAlert': ({ incidentId }, { session }) => {
      directory.alerts.acknowledge(incidentId, operatorOf(session));
      return { ok: true };
    },
  };
}
