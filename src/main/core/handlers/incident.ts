import type { IncidentView } from '../../../shared/contract/index.ts';
import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import type { IncidentService } from '../incidentService.ts';
import type { Sessions } from '../sessions.ts';
import { secondPin } from './secondPin.ts';

export interface IncidentHandlerPorts {
  incidents: IncidentService;
  sessions: Pick<Sessions, 'noteWorkOn'>;
}

const incident = (value: IncidentView) => ({ incident: value });

/** An incident's protocol and record, and drills (a practice incident on a marked item). */
export function incidentHandlers({ incidents, sessions }: IncidentHandlerPorts): AreaHandlers<'incident' | 'drill'> {
  return {
    'incident.list': ({ includeClosed }) => ({ incidents: incidents.list(includeClosed) }),
    'incident.get': ({ incidentId }) => incident(incidents.view(incidentId)),
    'incident.acknowledgeStep': async ({ incidentId, stepId, note, secondOperator, couldNotBecause }, ctx) =>
      incident(await secondPin(ctx, secondOperator != null, () => incidents.acknowledgeStep(incidentId, operatorOf(ctx.session), stepId, note, secondOperator, couldNotBecause))),
    'incident.addPerson': ({ incidentId, ...person }, { session }) => incident(incidents.addPerson(incidentId, operatorOf(session), person)),
    'incident.addNotification': ({ incidentId, ...n }, { session }) => incident(incidents.addNotification(incidentId, operatorOf(session), n)),
    'incident.addWitnessStatement': ({ incidentId, ...w }, { session }) => incident(incidents.addWitnessStatement(incidentId, operatorOf(session), w)),
    'incident.recordResponders': ({ incidentId, ...r }, { session }) => incident(incidents.recordResponders(incidentId, operatorOf(session), r)),
    'incident.recordDetails': ({ incidentId, details }, { session }) => incident(incidents.recordDetails(incidentId, operatorOf(session), details)),
    'incident.setOutcome': ({ incidentId, outcome, labReference, correctiveActions }, { session }) =>
      incident(incidents.setOutcome(incidentId, operatorOf(session), outcome, labReference, correctiveActions)),
    'incident.close': async ({ incidentId, secondOperator }, ctx) => incident(await secondPin(ctx, true, () => incidents.close(incidentId, operatorOf(ctx.session), secondOperator))),
    'drill.start': ({ scenario, description }, { session }) => {
      const started = incidents.startDrill(operatorOf(session), scenario, description);
      sessions.noteWorkOn(started.detail.item.custodyId);
      return started;
    },
  };
}
