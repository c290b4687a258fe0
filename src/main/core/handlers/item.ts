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

/** The screening steps of one item (X-ray included); each makes the item the station's work in progress. */
export function itemHandlers({ screening, workflow, sessions }: ItemHandlerPorts): AreaHandlers<'item' | 'xray'> {
  const on = (custodyId: string) => sessions.noteWorkOn(custodyId);
  return {
    'item.get': ({ custodyId }) => detail(screening.detail(on(custodyId))),
    'item.history': ({ custodyId }) => ({ events: itemHistory(workflow, custodyId) }),
    'item.setDetails': ({ custodyId, ...input }, { session }) => detail(screening.setDetails(on(custodyId), operatorOf(session), input)),
    'item.captureWeight': ({ custodyId, deviceId }, { session }) => detail(screening.captureWeight(on(custodyId), operatorOf(session), deviceId)),
    'item.enterWeight': ({ custodyId, grams, reason }, { session }) => detail(screening.enterWeight(on(custodyId), operatorOf(session), grams, reason)),
    'item.skipStep': ({ custodyId, step, reason }, { session }) => detail(screening.skipStep(on(custodyId), operatorOf(session), step, reason)),
    'item.inspect': ({ custodyId, indicators, notes }, { session }) => detail(screening.inspect(on(custodyId), operatorOf(session), indicators, notes)),
    'item.markSuspect': ({ custodyId, incidentType, reason, indicators }, { session }) =>
      screening.markSuspect(on(custodyId), operatorOf(session), incidentType, reason, indicators),
    'item.clear': ({ custodyId }, { session }) => detail(screening.clear(on(custodyId), operatorOf(session))),
    'item.deliver': ({ custodyId, recipient }, { session }) => detail(screening.deliver(on(custodyId), operatorOf(session), recipient)),
    'item.return': ({ custodyId, reason }, { session }) => detail(screening.returnItem(on(custodyId), operatorOf(session), reason)),
    'item.void': ({ custodyId, reason }, { session }) => detail(screening.voidItem(on(custodyId), operatorOf(session), reason)),
    'xray.image': ({ custodyId, scanId }) => xrayImage(workflow, custodyId, scanId),
    'xray.requestScan': async ({ custodyId, deviceId }, { session }) => detail(await screening.requestXray(on(custodyId), operatorOf(session), deviceId)),
    'xray.recordVerdict': ({ custodyId, verdict, findings, notes, incidentType }, { session }) =>
      detail(screening.recordXray(on(custodyId), operatorOf(session), verdict, findings, notes, incidentType)),
    'xray.secondReview': ({ custodyId, verdict, notes, incidentType }, { session }) =>
      detail(screening.secondReview(on(custodyId), operatorOf(session), verdict, notes, incidentType)),
  };
}
