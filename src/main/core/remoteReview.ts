import { IncidentType, StationFailure, type AuditEvent, type Operator } from '../../shared/contract/index.ts';
import type { ReviewAnswer, ReviewOutcome } from '../site/index.ts';
import type { Store } from '../store/index.ts';
import type { ScreeningService } from './screeningService.ts';
import type { WorkflowContext } from './workflowContext.ts';

/**
 * The site's answer an event of this station records, if any: as the review (an `xray.secondReview`,
 * or the `xray` of an `item.markedSuspect`), or as a dissent that made the item suspect (the
 * `remote` of an `item.markedSuspect` itself).
 */
function answerOf(event: AuditEvent): { answer: number; as: 'review' | 'dissent' } | null {
  const payload = event.payload as Record<string, unknown>;
  const numbered = (remote: unknown) => {
    const answer = (remote as { answer?: unknown } | undefined)?.answer;
    return typeof answer === 'number' ? answer : null;
  };
  if (event.kind === 'xray.secondReview') {
    const answer = numbered(payload.remote);
    return answer === null ? null : { answer, as: 'review' };
  }
  if (event.kind !== 'item.markedSuspect') return null;
  const review = numbered((payload.xray as Record<string, unknown> | undefined)?.remote);
  if (review !== null) return { answer: review, as: 'review' };
  const dissent = numbered(payload.remote);
  return dissent === null ? null : { answer: dissent, as: 'dissent' };
}

const MADE_SUSPECT = 'The item was made suspect on this judgment (a clear does not outvote a suspect one).';

/**
 * What this station (the scan's, the authority for its item) does with a second review answered
 * through the site: written in its own chain as the review, through the same step as a review made
 * here; kept at the site as dissent when the scan was reviewed already with another verdict (here,
 * or by an earlier answer: the first written is the review), as concurring with the same; refused with the station's reason otherwise. Idempotent
 * per answer: one already written (the station stopped before telling the site) is found in the
 * chain and told again, never written twice.
 */
export function applyRemoteReview(ports: { store: Store; workflow: WorkflowContext; screening: ScreeningService }, answer: ReviewAnswer): ReviewOutcome {
  const { store, workflow, screening } = ports;
  const item = store.items.byCustodyId(answer.custodyId);
  if (!item) return { outcome: 'refused', reason: `There is no item ${answer.custodyId} at this station (purged, or never here).`, scanWaits: false };
  const recorded = (): { event: AuditEvent; as: 'review' | 'dissent' } | undefined => {
    for (const event of store.audit.eventsFor('item', answer.custodyId)) {
      const of = answerOf(event);
      if (of?.answer === answer.id) return { event, as: of.as };
    }
    return undefined;
  };
  const already = recorded();
  if (already) return already.as === 'review' ? { outcome: 'written', stationSeq: already.event.seq } : { outcome: 'dissent', reason: MADE_SUSPECT, stationSeq: already.event.seq };

  const scans = workflow.records.xray_scans.forItem(answer.custodyId);
  const scan = scans.find((s) => s.scanRef === answer.scanRef);
  if (!scan || scan.verdict !== 'inconclusive') return { outcome: 'refused', reason: `Item ${answer.custodyId} has no inconclusive X-ray scan ${answer.scanRef}.`, scanWaits: false };
  const reviewer = store.operators.byId(answer.reviewerId);
  const operator: Operator | null = reviewer?.active ? { id: reviewer.id, badge: reviewer.badge, name: reviewer.name, role: reviewer.role } : null;
  const incidentType = answer.incidentType === null ? undefined : IncidentType.safeParse(answer.incidentType).data;
  const origin = { answer: answer.id, station: answer.byStation, by: answer.byRole };
  if (scan.secondVerdict) {
    const by = store.operators.byId(scan.secondReviewerId ?? '')?.name ?? scan.secondReviewerId ?? 'someone';
    const agrees = scan.secondVerdict === answer.verdict;
    const reason = `Already reviewed by ${by}: ${scan.secondVerdict}${agrees ? ' (the same verdict)' : `; this answer says ${answer.verdict}`}.`;
    // The same verdict is not dissent: it concurs with the review written (site schema 12).
    if (agrees) return { outcome: 'concurring', reason };
    if (answer.verdict !== 'suspect') return { outcome: 'dissent', reason };
    // A person's judgment is enough to call an item suspect (DESIGN.md, invariant 7): a later suspect
    // answer after a clear review opens the incident, while the item's state still allows it.
    if (!operator || !incidentType) return { outcome: 'dissent', reason: `${reason} Not made suspect here: ${operator ? 'the answer names no incident type this station knows' : `${answer.reviewerName} is not an active operator at this station`}; the coordinator decides.` };
    try {
      screening.suspectFromSiteDissent(answer.custodyId, operator, incidentType, `Second X-ray reviewer ${answer.reviewerName} (remote) judged it suspect after it was cleared by ${by}. ${answer.notes}`.trim(), origin);
    } catch (error) {
      if (!(error instanceof StationFailure)) throw error;
      return { outcome: 'dissent', reason: `${reason} Not made suspect here: ${error.message} The coordinator decides.` };
    }
    return { outcome: 'dissent', reason: `${reason} ${MADE_SUSPECT}`, stationSeq: recorded()!.event.seq };
  }
  if (!operator) {
    return { outcome: 'refused', reason: `${answer.reviewerName} is not an active operator at this station (the site roster has not reached it, or they are a local operator elsewhere).`, scanWaits: true };
  }
  if (answer.verdict === 'suspect' && incidentType === undefined) return { outcome: 'refused', reason: `The answer names no incident type this station knows (${String(answer.incidentType)}).`, scanWaits: true };
  try {
    screening.remoteSecondReview({
      custodyId: answer.custodyId,
      scanRef: answer.scanRef,
      operator,
      verdict: answer.verdict,
      notes: answer.notes,
      ...(incidentType ? { incidentType } : {}),
      origin,
    });
  } catch (error) {
    if (!(error instanceof StationFailure)) throw error;
    const latest = workflow.records.xray_scans.forItem(answer.custodyId).at(-1);
    const scanWaits = latest?.scanRef === answer.scanRef && latest.verdict === 'inconclusive' && !latest.secondVerdict && error.code === 'FORBIDDEN';
    const state = store.items.byCustodyId(answer.custodyId)?.state ?? 'gone';
    return { outcome: 'refused', reason: `${error.message} (item ${answer.custodyId} is ${state} at station ${store.stationId})`, scanWaits };
  }
  const written = recorded();
  if (!written) throw new Error(`the second review of answer ${answer.id} was written but its event is not found`);
  return { outcome: 'written', stationSeq: written.event.seq };
}
