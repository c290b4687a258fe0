import { SkippableStep, type IncidentSummary, type ItemDetail, type StepRequirement } from '../../shared/contract/index.ts';
import { stepRequirement } from '../workflow/index.ts';
import { allowedActions, nextSteps } from '../workflow/index.ts';
import { stepDetails } from './steps/index.ts';
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
  const incidentRow = extras.incidentId !== null ? ctx.incidents.byId(extras.incidentId) : null;
  return {
    item,
    ...stepDetails(ctx, item, extras),
    incident: incidentRow ? incidentSummary(ctx, incidentRow) : null,
    custody: ctx.custody.forItem(custodyId),
    requirements: requirements(SkippableStep.options, (step) => stepRequirement(policy.policy, policy.riskLevel, item.itemType, step, facts.indicatorCount)),
    nextSteps: nextSteps(facts, policy),
    allowedActions: allowedActions(facts, policy),
  };
}

/** What the policy asks of each step it may let be skipped. */
function requirements(steps: readonly SkippableStep[], requirement: (step: SkippableStep) => StepRequirement): Record<SkippableStep, StepRequirement> {
  return Object.fromEntries(steps.map((step) => [step, requirement(step)])) as Record<SkippableStep, StepRequirement>;
}
