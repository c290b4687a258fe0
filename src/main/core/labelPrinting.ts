import type { DomainEvents } from './domainEvents.ts';
import type { LabelService } from './labelService.ts';

/**
 * The labels the station prints by itself: a clearance label when an item is cleared, to the
 * station's printer at its resolution. The job is added inside the clearing transaction, so a
 * cleared item has its label job even if the station stops right after the commit. A label that
 * cannot be queued never undoes the clearance: the queue writes in its own nested transaction
 * (rolled back alone), the problem is reported, and the operator sees it and reprints.
 */
export function subscribeLabelPrinting(
  events: DomainEvents,
  labels: Pick<LabelService, 'print'>,
  printer: () => unknown,
  report: (message: string) => void,
): () => void {
  return events.within('item.cleared', ({ custodyId, operator }) => {
    if (!printer()) return;
    try {
      labels.print(custodyId, 'clearance', '4x6', operator);
    } catch (error) {
      report(`clearance label for ${custodyId} not queued: ${(error as Error).message}`);
    }
  });
}
