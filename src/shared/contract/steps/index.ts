// The registry of screening steps, the contract's side: each step is one module holding its
// commands, its audit events and its part of the item's detail (records included). The contract's
// command list (commands-workflow.ts), audit catalog (auditEvents.ts) and ItemDetail read them from
// here, in this order (the order of the detail's fields and of the catalog). A new step is one module
// and one line in SCREENING_STEP_CONTRACTS; its names (state, next step, actions) are in ../lifecycle.ts.
import type { Joined } from '../../domain/index.ts';
import { clearContract } from './clear.ts';
import { detailsContract } from './details.ts';
import { dispositionContract } from './disposition.ts';
import { inspectContract } from './inspect.ts';
import { skipContract } from './skip.ts';
import { weighContract } from './weigh.ts';
import { xrayContract } from './xray.ts';

export const SCREENING_STEP_CONTRACTS = [detailsContract, weighContract, skipContract, inspectContract, xrayContract, clearContract, dispositionContract] as const;

export type ScreeningStepContract = (typeof SCREENING_STEP_CONTRACTS)[number];
export type ScreeningStepName = ScreeningStepContract['name'];

function joined<K extends 'commands' | 'audit' | 'detail'>(part: K): Joined<ScreeningStepContract[K]> {
  return Object.assign({}, ...SCREENING_STEP_CONTRACTS.map((contract) => contract[part])) as Joined<ScreeningStepContract[K]>;
}

/** Every step's commands, each answering with the item's detail (commands-workflow.ts gives them their response). */
export const STEP_COMMANDS = joined('commands');
/** Every step's audit events: their part of the catalog. */
export const STEP_AUDIT_EVENTS = joined('audit');
/** Every step's fields of the item's detail. */
export const STEP_DETAIL_SHAPE = joined('detail');

export { answeredWith, ItemRef, Notes, type StepCommandSpec, type StepContract } from './stepContract.ts';
// Each step's contract (main's step modules are typed from it) and its records' schemas.
export { detailsContract, ItemDetailsInput } from './details.ts';
export { weighContract, WeightFlag, WeightRecord } from './weigh.ts';
export { skipContract, StepSkip } from './skip.ts';
export { inspectContract, InspectionRecord } from './inspect.ts';
export { RemoteReviewOrigin, xrayContract, XrayScanRecord } from './xray.ts';
export { clearContract, ScreenedRecord } from './clear.ts';
export { dispositionContract, Recipient } from './disposition.ts';
