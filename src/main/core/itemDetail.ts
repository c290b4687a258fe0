import { readAuditEvent, type IncidentSummary, type InspectionRecord, type ItemDetail } from '../../shared/contract/index.ts';
import { stepRequirement } from '../workflow/index.ts';
import { allowedActions, nextSteps } from '../workflow/index.ts';
import { weightFlags } from '../workflow/index.ts';
import type { WorkflowContext } from './workflowContext.ts';
import type { IncidentRow } from '../store/index.ts';

export function incidentSummary(ctx: WorkflowContext, row: IncidentRow): IncidentSummary {
  const protocol = row.protocol;
  return {
    id: row.id,
    number: row.number,
    custodyId: row.custody_id,
    type: row.type,
    mode: row.mode,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    closedAt: row.closed_at,
    outcome: row.outcome,
    stepsDone: ctx.incidents.acknowledgements(row.id).length,
    stepsTotal: protocol.steps.length,
  };
}

/**
 * The item's inspection: the latest `item.inspected`, or else the indicators ticked on the SUSPECT
 * form when the item became suspect before its inspection was recorded. Those are kept only by the
 * `item.markedSuspect` event (the inspections table is a projection of `item.inspected`), so without
 * this the item page said "Not inspected" and the incident report "None recorded" for indicators
 * that are in the audit log.
 */
function inspectionOf(ctx: WorkflowContext, custodyId: string, hasIncident: boolean): InspectionRecord | null {
  const recorded = ctx.records.inspection(custodyId);
  if (recorded !== null || !hasIncident) return recorded;
  for (const stored of ctx.store.audit.eventsFor('item', custodyId).reverse()) {
    if (stored.kind !== 'item.markedSuspect') continue;
    const reading = readAuditEvent(stored);
    if (!reading.ok || reading.event.kind !== 'item.markedSuspect') return null;
    const indicators = reading.event.payload.indicators ?? [];
    if (indicators.length === 0) return null;
    const reason = reading.event.payload.reason ?? '';
    return {
      indicators,
      notes: reason === '' ? 'Ticked when the item was marked suspect' : `Ticked when the item was marked suspect: ${reason}`,
      operatorId: stored.actor.startsWith('operator:') ? stored.actor.slice('operator:'.length) : stored.actor,
      at: stored.at,
    };
  }
  return null;
}

/** Everything recorded about an item, with what the policy requires of it and what is next. */
export function itemDetail(ctx: WorkflowContext, custodyId: string): ItemDetail {
  const item = ctx.item(custodyId);
  const extras = ctx.store.items.extras(custodyId)!;
  const facts = ctx.facts(item);
  const policy = ctx.policyContext();
  const weights = ctx.records.weights(custodyId);
  const latest = weights.at(-1);
  const incidentRow = extras.incidentId !== null ? ctx.incidents.byId(extras.incidentId) : null;
  return {
    item,
    recipient: extras.recipient,
    sender: extras.sender,
    dimensions: extras.dimensions,
    weights,
    weightFlags: latest ? weightFlags(latest.grams, item.itemType, extras.dimensions) : [],
    skips: ctx.records.skips(custodyId),
    inspection: inspectionOf(ctx, custodyId, extras.incidentId !== null),
    xrayScans: ctx.records.scans(custodyId),
    screened: extras.screened,
    disposition: extras.disposition,
    incident: incidentRow ? incidentSummary(ctx, incidentRow) : null,
    custody: ctx.custody.forItem(custodyId),
    requirements: {
      weigh: stepRequirement(policy.policy, policy.riskLevel, item.itemType, 'weigh', facts.indicatorCount),
      xray: stepRequirement(policy.policy, policy.riskLevel, item.itemType, 'xray', facts.indicatorCount),
    },
    nextSteps: nextSteps(facts, policy),
    allowedActions: allowedActions(facts, policy),
  };
}
