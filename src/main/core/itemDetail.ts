import type { IncidentSummary, ItemDetail } from '../../shared/contract/index.ts';
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
    inspection: ctx.records.inspection(custodyId),
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
