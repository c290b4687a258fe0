import { actorOf, type AreaHandlers } from '../../commands/index.ts';
import type { IntakeService } from '../intakeService.ts';
import type { Sessions } from '../sessions.ts';

export interface IntakeHandlerPorts {
  intake: Pick<IntakeService, 'scan' | 'openItems'>;
  sessions: Pick<Sessions, 'noteWorkOn'>;
}

/** Taking items in by a typed code, and the list of open items. */
export function intakeHandlers({ intake, sessions }: IntakeHandlerPorts): AreaHandlers<'intake'> {
  return {
    'intake.scan': ({ code, symbology, asTyped, newItem }, { session }) => {
      const outcome = intake.scan({ code, symbology: symbology ?? null, actor: actorOf(session), source: 'keyboard', asTyped: asTyped === true, newItem: newItem === true });
      sessions.noteWorkOn(outcome.item.custodyId);
      return outcome;
    },
    'intake.list': ({ limit }) => ({ items: intake.openItems(limit ?? 200) }),
  };
}
