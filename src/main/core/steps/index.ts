// The registry of screening steps, main's side: each step is one module holding its work (decided by
// the lifecycle through ctx.itemStep), its commands' handlers, what its records tell the lifecycle
// (facts), its records in the item's detail and its lines in the incident report. The workflow
// context, the item's detail, the item handlers and the report sources iterate SCREENING_STEPS
// instead of naming each step. A new step is one module and one line here, in the order of the
// contract's registry (src/shared/contract/steps/index.ts); the compiler refuses a step whose
// commands have no handler, whose detail fields are missing, or a fact of ItemFacts no step tells.
import type { Joined } from '../../../shared/domain/index.ts';
import type { Item } from '../../../shared/contract/index.ts';
import type { IncidentItemField } from '../../reports/index.ts';
import { clearStep } from './clear.ts';
import { detailsStep } from './details.ts';
import { dispositionStep } from './disposition.ts';
import { inspectStep } from './inspect.ts';
import type { ItemExtras, StepContext, StepPorts } from './screeningStep.ts';
import { skipStep } from './skip.ts';
import { weighStep } from './weigh.ts';
import { xrayStep } from './xray.ts';

export const SCREENING_STEPS = [detailsStep, weighStep, skipStep, inspectStep, xrayStep, clearStep, dispositionStep] as const;

type Step = (typeof SCREENING_STEPS)[number];

/** What the steps' records tell the lifecycle: every fact of ItemFacts but the item's own state and type. */
export function stepFacts(ctx: StepContext, item: Item): Joined<ReturnType<Step['facts']>> {
  return Object.assign({}, ...SCREENING_STEPS.map((step) => step.facts(ctx, item))) as Joined<ReturnType<Step['facts']>>;
}

/** Each step's records in the item's detail, in the registry's order. */
export function stepDetails(ctx: StepContext, item: Item, extras: ItemExtras): Joined<ReturnType<Step['detail']>> {
  return Object.assign({}, ...SCREENING_STEPS.map((step) => step.detail(ctx, item, extras))) as Joined<ReturnType<Step['detail']>>;
}

/** The handlers of every step's commands. */
export function stepHandlers(ports: StepPorts): Joined<ReturnType<Step['handlers']>> {
  return Object.assign({}, ...SCREENING_STEPS.map((step) => step.handlers(ports))) as Joined<ReturnType<Step['handlers']>>;
}

/** The steps' lines in the incident report's "The item", in the registry's order. */
export function stepReportFields(detail: Parameters<NonNullable<Step['report']>>[0]): IncidentItemField[] {
  return SCREENING_STEPS.flatMap((step) => ('report' in step && step.report ? step.report(detail) : []));
}

export { attachXrayImage, remoteSecondReview } from './xray.ts';
export { stepRegistryProblems, type StepModuleView, type StepTargets } from './registryCheck.ts';
export type { CabinetControl, ItemStepRequest, ScaleSource, ScreeningStepModule, StepContext, StepPorts, SuspectIncidents } from './screeningStep.ts';
