import type { DomainEvents } from './domainEvents.ts';
import type { LabelService } from './labelService.ts';

/**
 * The labels the station prints by itself: a clearance label when an item is cleared, to the
 * station's printer at its resolution. A label that cannot be queued never undoes the clearance
 * (it is already recorded): the problem is reported, and the operator sees it and reprints.
 */
export function subscribeLabelPrinting(
  events: DomainEvents,
  labels: Pick<LabelService, 'print'>,
  printer: () => unknown,
  report: (message: string) => void,
): () => void {
  return events.on('item.cleared', ({ custodyId, operator }) => {
    if (!printer()) return;
    try {
      labels.print(custodyId, 'clearance', '4x6', operator);
    } catch (error) {
      report(`clearance label for ${custodyId} not queued: ${(error as Error).message}`);
    }
  });
}
