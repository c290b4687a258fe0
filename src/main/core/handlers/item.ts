import type { ItemDetail } from '../../../shared/contract/index.ts';
import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import { itemHistory } from '../itemHistory.ts';
import type { ScreeningService } from '../screeningService.ts';
import type { Sessions } from '../sessions.ts';
import type { WorkflowContext } from '../workflowContext.ts';
import { xrayImage } from '../xrayImages.ts';

export interface ItemHandlerPorts {
  screening: ScreeningService;
  workflow: WorkflowContext;
  sessions: Pick<Sessions, 'noteWorkOn'>;
}

const detail = (value: ItemDetail) => ({ detail: value });

/**
 * The item's commands (X-ray included): what is recorded and its history, the suspect mark, the
 * scan's image, and every screening step's own commands (the registry's handlers, steps/). Each
 * makes the item the station's work in progress.
 */
// item.chooseRecipient is the directory's (notify/directory).
export function itemHandlers({ screening, workflow, sessions }: ItemHandlerPorts): Omit<AreaHandlers<'item' | 'xray'>, 'item.chooseRecipient'> {
  const on = (custodyId: string) => sessions.noteWorkOn(custodyId);
  return {
    'item.get': ({ custodyId }) => detail(screening.detail(on(custodyId))),
    'item.history': ({ custodyId }) => ({ events: itemHistory(workflow, custodyId) }),
    'item.markSuspect': ({ custodyId, incidentType, reason, indicators }, { session }) =>
      screening.markSuspect(on(custodyId), operatorOf(session), incidentType, reason, indicators),
    'xray.image': ({ custodyId, scanId }) => xrayImage(workflow, custodyId, scanId),
    ...screening.stepHandlers(sessions),
  };
}
