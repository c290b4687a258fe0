import { IncidentType, StationFailure, type AuditEvent, type Operator } from '../../shared/contract/index.ts';
import type { ReviewAnswer, ReviewOutcome } from '../site/index.ts';
import type { Store } from '../store/index.ts';
import type { ScreeningService } from './screeningService.ts';
import type { WorkflowContext } from './workflowContext.ts';

/** The site's answer number an event of this station records, if it records one (a second review answered remotely). */
function answerOf(event: AuditEvent): number | null {
  const payload = event.payload as Record<string, unknown>;
  const remote = event.kind === 'xray.secondReview' ? payload.remote : event.kind === 'item.markedSuspect' ? (payload.xray as Record<string, unknown> | undefined)?.remote : undefined;
  const answer = (remote as { answer?: unknown } | undefined)?.answer;
  return typeof answer === 'number' ? answer : null;
}

/**
 * What this station (the scan's, the authority for its item) does with a second review answered
 * through the site: written in its own chain as the review, through the same step as a review made
 * here; kept at the site as dissent when the scan was reviewed already (here, or by an earlier
 * answer: the first written is the review); refused with the station's reason otherwise. Idempotent
 * per answer: one already written (the station stopped before telling the site) is found in the
 * chain and told again, never written twice.
 */
export function applyRemoteReview(ports: { store: Store; workflow: WorkflowContext; screening: ScreeningService }, answer: ReviewAnswer): ReviewOutcome {
  const { store, workflow, screening } = ports;
  const item = store.items.byCustodyId(answer.custodyId);
  if (!item) return { outcome: 'refused', reason: `There is no item ${answer.custodyId} at this station (purged, or never here).`, scanWaits: false };
  const recorded = (): AuditEvent | undefined => store.audit.eventsFor('item', answer.custodyId).find((event) => answerOf(event) === answer.id);
  const already = recorded();
  if (already) return { outcome: 'written', stationSeq: already.seq };

  const scans = workflow.records.xray_scans.forItem(answer.custodyId);
  const scan = scans.find((s) => s.scanRef === answer.scanRef);
  if (!scan || scan.verdict !== 'inconclusive') return { outcome: 'refused', reason: `Item ${answer.custodyId} has no inconclusive X-ray scan ${answer.scanRef}.`, scanWaits: false };
  if (scan.secondVerdict) {
    const by = store.operators.byId(scan.secondReviewerId ?? '')?.name ?? scan.secondReviewerId ?? 'someone';
    const agrees = scan.secondVerdict === answer.verdict;
    return { outcome: 'dissent', reason: `Already reviewed by ${by}: ${scan.secondVerdict}${agrees ? ' (the same verdict)' : `; this answer says ${answer.verdict}`}.` };
  }
  const reviewer = store.operators.byId(answer.reviewerId);
  if (!reviewer || !reviewer.active) {
    return { outcome: 'refused', reason: `${answer.reviewerName} is not an active operator at this station (the site roster has not reached it, or they are a local operator elsewhere).`, scanWaits: true };
  }
  const operator: Operator = { id: reviewer.id, badge: reviewer.badge, name: reviewer.name, role: reviewer.role };
  const incidentType = answer.incidentType === null ? undefined : IncidentType.safeParse(answer.incidentType).data;
  if (answer.verdict === 'suspect' && incidentType === undefined) return { outcome: 'refused', reason: `The answer names no incident type this station knows (${String(answer.incidentType)}).`, scanWaits: true };
  try {
    screening.remoteSecondReview({
      custodyId: answer.custodyId,
      scanRef: answer.scanRef,
      operator,
      verdict: answer.verdict,
      notes: answer.notes,
      ...(incidentType ? { incidentType } : {}),
      origin: { answer: answer.id, station: answer.byStation, by: answer.byRole },
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
  return { outcome: 'written', stationSeq: written.seq };
}
