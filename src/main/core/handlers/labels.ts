import { StationFailure } from '../../../shared/contract/index.ts';
import { actorOf, operatorOf, type AreaHandlers } from '../../commands/index.ts';
import type { LabelService } from '../labelService.ts';
import type { PrintQueue } from '../printQueue.ts';
import type { Sessions } from '../sessions.ts';

export interface LabelHandlerPorts {
  /** Null at a station without a print queue. */
  labels: LabelService | null;
  printQueue: Pick<PrintQueue, 'list' | 'reprint'> | null;
  sessions: Pick<Sessions, 'noteWorkOn'>;
  nowIso: () => string;
}

/** Labels (preview and print) and the print queue. */
export function labelHandlers({ labels, printQueue, sessions, nowIso }: LabelHandlerPorts): AreaHandlers<'label' | 'print'> {
  const labelService = () => {
    if (!labels) throw new StationFailure('UNAVAILABLE', 'Labels are not available at this station (no print queue).');
    return labels;
  };
  return {
    'label.preview': ({ custodyId, template, size, draft }, { session }) => ({
      layout: labelService().preview(custodyId, template, size, draft ? { draftFor: { operatorId: operatorOf(session).id, at: nowIso() } } : {}),
    }),
    'label.print': ({ custodyId, template, size, reprint }, { session }) => ({
      job: labelService().print(sessions.noteWorkOn(custodyId), template, size, operatorOf(session), { reprint: reprint ?? false }),
    }),
    'print.list': ({ limit }) => ({ jobs: printQueue?.list(limit ?? 50) ?? [] }),
    'print.reprint': ({ jobId }, { session }) => {
      if (!printQueue) throw new StationFailure('UNAVAILABLE', 'No label printer is configured at this station.');
      return { job: printQueue.reprint(jobId, actorOf(session)) };
    },
  };
}
