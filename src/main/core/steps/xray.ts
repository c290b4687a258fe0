import { randomUUID } from 'node:crypto';
import {
  StationFailure,
  xrayContract,
  type IncidentType,
  type RemoteReviewOrigin,
  type Operator,
  type SuspectXrayReview,
  type XrayFinding,
  type XrayScanRecord,
  type XrayVerdict,
} from '../../../shared/contract/index.ts';
import { operatorOf } from '../../commands/index.ts';
import type { XrayProgress } from '../../workflow/index.ts';
import { skipped } from './skip.ts';
import { answer, screeningStep, type StepContext, type StepPorts } from './screeningStep.ts';

function requireXrayQualified(ctx: StepContext, operator: Operator): void {
  if (!ctx.training.isCurrent(operator.id, 'xrayOperator', ctx.today())) {
    throw new StationFailure('FORBIDDEN', `${operator.name} has no current X-ray operator qualification. Ask a qualified operator, or record the training first.`);
  }
}

/** Asks the cabinet for a scan; a refusal is audited and told in the cabinet's words. */
async function requestXray(ports: StepPorts, custodyId: string, operator: Operator, deviceId?: string): Promise<void> {
  const { ctx } = ports;
  requireXrayQualified(ctx, operator);
  const item = ctx.item(custodyId);
  ctx.decideOrRefuse(item, { kind: 'requestXray' });
  const scanRef = `${custodyId}:${randomUUID().slice(0, 8)}`;
  const answer = await ports.cabinets.requestScan(deviceId, scanRef);
  if (!answer.accepted) {
    ctx.store.transaction(() =>
      ctx.store.audit.append({ actor: ctx.actor(operator), kind: 'xray.scanRefused', subjectType: 'item', subjectId: custodyId, mode: item.mode, payload: { scanRef, reason: answer.reason } }),
    );
    throw new StationFailure('UNAVAILABLE', `The X-ray cabinet did not start the scan: ${answer.reason}`);
  }
  ctx.itemStep({
    custodyId,
    operator,
    next: { kind: 'requestXray' },
    kind: 'xray.scanRequested',
    payload: () => ({ scanRef, deviceId: answer.deviceId }),
    write: () => ctx.records.xray_scans.add(custodyId, { deviceId: answer.deviceId, scanRef, requestedBy: operator.id, requestedAt: ctx.nowIso() }),
  });
}

/** The cabinet's image for a pending scan: tied to the item by its scan reference, with its SHA-256. */
export function attachXrayImage(ctx: StepContext, scanRef: string, sha256: string, file: string): boolean {
  const attached = ctx.store.transaction(() => {
    const target = ctx.records.xray_scans.attachImage(scanRef, sha256, file);
    if (!target) return null;
    const item = ctx.item(target.custodyId);
    ctx.store.audit.append({ actor: 'station', kind: 'xray.imageCaptured', subjectType: 'item', subjectId: target.custodyId, mode: item.mode, payload: { scanRef, sha256, file } });
    return target.custodyId;
  });
  if (attached) ctx.announce(attached);
  return attached !== null;
}

/** A suspect verdict opens the incident (the verdict is written in its transaction, and told by its event). */
function suspectFromXray(ports: StepPorts, custodyId: string, operator: Operator, incidentType: IncidentType | undefined, reason: string, xray: SuspectXrayReview, write: () => void): void {
  if (!incidentType) throw new StationFailure('INVALID_ARGUMENTS', 'Say what kind of threat the X-ray suggests (incident type) to open the incident.');
  ports.incidents.openForItem(custodyId, operator, incidentType, reason, { write, xray });
}

function recordXray(ports: StepPorts, custodyId: string, operator: Operator, verdict: XrayVerdict, findings: XrayFinding[], notes: string, incidentType?: IncidentType): void {
  const { ctx } = ports;
  requireXrayQualified(ctx, operator);
  const scan = ctx.records.xray_scans.forItem(custodyId).at(-1);
  if (verdict === 'suspect') {
    const xray: SuspectXrayReview = { review: 'first', scanRef: scan?.scanRef ?? null, verdict, findings, notes };
    suspectFromXray(ports, custodyId, operator, incidentType, `X-ray verdict suspect: ${findings.join(', ') || 'see notes'}. ${notes}`.trim(), xray, () => {
      if (!scan || scan.verdict) throw new StationFailure('INVALID_STATE', 'There is no X-ray scan waiting for a verdict.');
      ctx.records.xray_scans.recordVerdict(scan.id, { verdict, findings, notes, reviewerId: operator.id });
    });
    return;
  }
  ctx.itemStep({
    custodyId,
    operator,
    next: { kind: 'recordXray', verdict },
    kind: 'xray.verdictRecorded',
    payload: () => ({ verdict, findings, notes, scanRef: scan?.scanRef ?? null }),
    write: () => ctx.records.xray_scans.recordVerdict(scan!.id, { verdict, findings, notes, reviewerId: operator.id }),
  });
}

function secondReview(ports: StepPorts, custodyId: string, operator: Operator, verdict: 'clear' | 'suspect', notes: string, incidentType?: IncidentType, remote?: { scanRef: string; origin: RemoteReviewOrigin }): void {
  const { ctx } = ports;
  requireXrayQualified(ctx, operator);
  const scan = ctx.records.xray_scans.forItem(custodyId).at(-1);
  // An answer from the site names its scan: a newer scan of the item is not the one that was reviewed.
  if (remote && scan?.scanRef !== remote.scanRef) throw new StationFailure('INVALID_STATE', `The scan reviewed (${remote.scanRef}) is not the item's latest X-ray scan.`);
  if (scan && scan.reviewerId === operator.id) {
    throw new StationFailure('FORBIDDEN', 'The second review must be done by another operator than the first reviewer.');
  }
  const write = () => {
    if (!scan || scan.verdict !== 'inconclusive' || scan.secondVerdict) throw new StationFailure('INVALID_STATE', 'Only an inconclusive X-ray waits for a second reviewer.');
    ctx.records.xray_scans.recordSecondReview(scan.id, { verdict, notes, reviewerId: operator.id });
  };
  const origin = remote ? { remote: remote.origin } : {};
  if (verdict === 'suspect') {
    const xray: SuspectXrayReview = { review: 'second', scanRef: scan?.scanRef ?? null, verdict, notes, ...origin };
    suspectFromXray(ports, custodyId, operator, incidentType, `Second X-ray review${remote ? ' (remote)' : ''}: suspect. ${notes}`.trim(), xray, write);
    return;
  }
  ctx.itemStep({
    custodyId,
    operator,
    next: { kind: 'secondReview', verdict },
    kind: 'xray.secondReview',
    payload: () => ({ verdict, notes, scanRef: scan?.scanRef ?? null, firstReviewer: scan?.reviewerId ?? null, ...origin }),
    write,
  });
}

/**
 * A second review answered through the site (at another station or the console), written here as
 * this station's own: the same checks as a review at this station (the reviewer's X-ray training
 * here, not the first reviewer, the scan still waiting, the item's state), and the scan named by
 * the answer must be the item's latest. The reviewer is the operator (of the site's roster) who
 * answered; the event says where the answer came from.
 */
export function remoteSecondReview(ports: StepPorts, review: { custodyId: string; scanRef: string; operator: Operator; verdict: 'clear' | 'suspect'; notes: string; incidentType?: IncidentType; origin: RemoteReviewOrigin }): void {
  secondReview(ports, review.custodyId, review.operator, review.verdict, review.notes, review.incidentType, { scanRef: review.scanRef, origin: review.origin });
}

/** The latest scan's standing: its verdict, or the second reviewer's where there was one. */
function xrayProgress(scan: Pick<XrayScanRecord, 'verdict' | 'secondVerdict'> | undefined): XrayProgress {
  if (!scan) return 'none';
  if (scan.secondVerdict) return scan.secondVerdict;
  if (!scan.verdict) return 'requested';
  return scan.verdict;
}

export const xrayStep = screeningStep(xrayContract, {
  facts: (ctx, item) => ({ xray: xrayProgress(ctx.records.xray_scans.forItem(item.custodyId).at(-1)), xraySkipped: skipped(ctx, item, 'xray') }),
  detail: (ctx, item) => ({ xrayScans: ctx.records.xray_scans.forItem(item.custodyId) }),
  handlers: (ports) => ({
    'xray.requestScan': async ({ custodyId, deviceId }, { session }) => {
      const id = ports.workOn(custodyId);
      await requestXray(ports, id, operatorOf(session), deviceId);
      return answer(ports, id);
    },
    'xray.recordVerdict': ({ custodyId, verdict, findings, notes, incidentType }, { session }) => {
      const id = ports.workOn(custodyId);
      recordXray(ports, id, operatorOf(session), verdict, findings, notes, incidentType);
      return answer(ports, id);
    },
    'xray.secondReview': ({ custodyId, verdict, notes, incidentType }, { session }) => {
      const id = ports.workOn(custodyId);
      secondReview(ports, id, operatorOf(session), verdict, notes, incidentType);
      return answer(ports, id);
    },
  }),
});
