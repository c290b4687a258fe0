import type { NextStep, SkippableStep } from '../../shared/contract/index.ts';
import { clearStep } from './ClearStep.tsx';
import { deliverStep } from './DeliverStep.tsx';
import { detailsStep } from './DetailsStep.tsx';
import { inspectStep } from './InspectStep.tsx';
import type { WorkspaceStep } from './workspaceStep.ts';
import { weighStep } from './WeighStep.tsx';
import { xrayStep } from './XrayStep.tsx';

/**
 * The item workspace's steps, in the rail's order: a new step is its module and one line here. The
 * rail, the screen shown, the summary before clearing and the skipped steps' words all iterate this.
 */
export const WORKSPACE_STEPS = [detailsStep, weighStep, inspectStep, xrayStep, clearStep, deliverStep] as const satisfies readonly WorkspaceStep[];

export type StepId = (typeof WORKSPACE_STEPS)[number]['id'];

/** The next steps of an item in an incident: the incident screen answers them, not a workspace step. */
export const INCIDENT_NEXT_STEPS = ['quarantine', 'hand-over-release-or-destroy'] as const satisfies readonly NextStep[];

/** What the compiler says when a union is not covered: the missing members, by name. */
export type Covers<All, Got, Missing extends string> = [Exclude<All, Got>] extends [never] ? true : { [K in Missing]: Exclude<All, Got> };

export type NextStepsAnswered<Steps extends readonly WorkspaceStep[]> = Covers<NextStep, Steps[number]['answers'][number] | (typeof INCIDENT_NEXT_STEPS)[number], 'no step answers'>;
export type SkippableStepsCovered<Steps extends readonly WorkspaceStep[]> = Covers<SkippableStep, NonNullable<Steps[number]['skip']>['step'], 'no step stands for the skipped'>;

// A next step of the contract that no step answers (it would show the item as done), or a step the
// policy may skip that no step stands for (its skip would have no words), does not compile here.
const _everyNextStepAnswered: NextStepsAnswered<typeof WORKSPACE_STEPS> = true;
const _everySkippableStepCovered: SkippableStepsCovered<typeof WORKSPACE_STEPS> = true;

/** The step whose screen answers each next step the station can name ('incident': the incident screen). */
export const SCREEN_FOR_NEXT_STEP: Readonly<Record<NextStep, StepId | 'incident'>> = Object.fromEntries([
  ...INCIDENT_NEXT_STEPS.map((next) => [next, 'incident'] as const),
  ...WORKSPACE_STEPS.flatMap((step) => step.answers.map((next) => [next, step.id] as const)),
]) as Record<NextStep, StepId | 'incident'>;

export const WORKSPACE_STEP: Readonly<Record<StepId, WorkspaceStep>> = Object.fromEntries(WORKSPACE_STEPS.map((step): [StepId, WorkspaceStep] => [step.id, step])) as Record<StepId, WorkspaceStep>;

/** The steps the site policy may let be skipped, in operator words ("Skip weighing", "Skipped X-ray"). */
export const SKIPPABLE_STEP_NAMES: Readonly<Record<SkippableStep, string>> = Object.fromEntries(
  WORKSPACE_STEPS.flatMap((step) => (step.skip === null ? [] : [[step.skip.step, step.skip.words] as const])),
) as Record<SkippableStep, string>;
