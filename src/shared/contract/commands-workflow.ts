import { z } from 'zod';
import { command, Empty, Ack, COORDINATOR, SUPERVISORS, ADMIN, ALL_ROLES } from './commandSpec.ts';
import { Item } from './item.ts';
import { CollectionPolicy } from './commands-collection.ts';
import { Badge, Operator, OperatorName, Pin } from './operator.ts';
import { Role as RoleSchema } from './roles.ts';
import { DisplayUnit } from './scale.ts';
import { AuditEvent } from './audit.ts';
import { IncidentOutcome, IncidentType, IsoDate, Reason, RiskLevel, SecondOperator, TrainingKind } from './workflow.ts';
import { ItemActionKind, NextStep, SkippableStep, StepRequirement } from './lifecycle.ts';
import { answeredWith, ItemRef, Notes, STEP_COMMANDS, STEP_DETAIL_SHAPE } from './steps/index.ts';
import {
  CustodyReceiver,
  CustodyTransferView,
  IncidentDetails,
  IncidentSummary,
  IncidentView,
  PersonInvolvement,
  SealNumbers,
} from './incident.ts';
import { IndicatorCode } from '../domain/index.ts';

const IncidentRef = z.object({ incidentId: z.number().int().positive() });

export const TrainingRecordView = z.object({
  id: z.number().int(),
  operatorId: z.string(),
  kind: TrainingKind,
  completedOn: IsoDate,
  expiresOn: IsoDate,
  trainer: z.string().nullable(),
  current: z.boolean(),
});
export type TrainingRecordView = z.infer<typeof TrainingRecordView>;

export const OperatorView = Operator.extend({
  /** A deactivated operator is listed (their records name them) but can neither log in nor sign. */
  active: z.boolean(),
  /** An admin set their PIN (a reset, a promotion): they choose their own at the next login. */
  pinToChange: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
  training: z.array(TrainingRecordView),
});
export type OperatorView = z.infer<typeof OperatorView>;

/** The highest hotFolderMaxMegabytes an admin can set: the viewer gets the image whole, as one message. */
export const HOT_FOLDER_MAX_MEGABYTES_LIMIT = 256;

export const SiteSettings = z.object({
  riskLevel: RiskLevel,
  autoLockMinutes: z.number().int().min(1).max(240),
  displayUnit: DisplayUnit,
  lockoutMinutes: z.number().int().min(1).max(1440),
  siteName: z.string().max(120),
  /** Free space in the data folder under which the station warns (GB, 10^9 bytes). */
  diskWarningGigabytes: z.number().int().min(1).max(100_000),
  /** The largest X-ray image file taken from a cabinet's hot folder; a bigger one is refused and audited. */
  hotFolderMaxMegabytes: z.number().int().min(1).max(HOT_FOLDER_MAX_MEGABYTES_LIMIT),
  /** What proof a hand-over at the collection counter asks for. */
  collection: CollectionPolicy,
});
export type SiteSettings = z.infer<typeof SiteSettings>;

/** What the policy asks of each step it may let be skipped: required, or optional (skippable with a reason). */
const StepRequirements = z.object(Object.fromEntries(SkippableStep.options.map((step) => [step, StepRequirement])) as Record<SkippableStep, typeof StepRequirement>);

export const ItemDetail = z.object({
  item: Item,
  // Each screening step's records, in the registry's order (steps/index.ts).
  ...STEP_DETAIL_SHAPE,
  incident: IncidentSummary.nullable(),
  custody: z.array(CustodyTransferView),
  requirements: StepRequirements,
  nextSteps: z.array(NextStep),
  /** What the item's state and record allow now (main still decides each command). */
  allowedActions: z.array(ItemActionKind),
});
export type ItemDetail = z.infer<typeof ItemDetail>;

const ItemDetailResponse = z.object({ detail: ItemDetail });
const IncidentResponse = z.object({ incident: IncidentView });

/** The screening workflow's commands (issue "The screening workflow"). */
export const workflowCommands = {
  'operator.create': command({
    summary: 'Add an operator with a badge, a role and a first PIN.',
    request: z.object({ badge: Badge, name: OperatorName, role: RoleSchema, pin: Pin }).strict(),
    response: z.object({ operator: Operator }),
    roles: ADMIN,
  }),
  'operator.list': command({
    summary: 'Every operator with their lock state and training records.',
    request: Empty,
    response: z.object({ operators: z.array(OperatorView) }),
    roles: SUPERVISORS,
  }),
  'operator.unlock': command({
    summary: 'Lift a badge lock after too many wrong PINs.',
    request: z.object({ operatorId: z.string().min(1) }).strict(),
    response: Ack,
    roles: SUPERVISORS,
  }),
  'operator.deactivate': command({
    summary: 'Deactivate an operator: they can no longer log in or sign, their open sessions end; their records stay. Never the last active admin.',
    request: z.object({ operatorId: z.string().min(1) }).strict(),
    response: z.object({ operator: Operator }),
    roles: ADMIN,
  }),
  'operator.reactivate': command({
    summary: 'Let a deactivated operator log in again.',
    request: z.object({ operatorId: z.string().min(1) }).strict(),
    response: z.object({ operator: Operator }),
    roles: ADMIN,
  }),
  'operator.changeRole': command({
    summary: 'Give an operator another role; their open sessions end. Never demotes the last active admin.',
    request: z.object({ operatorId: z.string().min(1), role: RoleSchema }).strict(),
    response: z.object({ operator: Operator, pinChangeRequired: z.boolean() }),
    roles: ADMIN,
  }),
  'operator.resetPin': command({
    summary: 'Set a new PIN for an operator who forgot theirs (it lifts a lockout); they must change it at their next login.',
    request: z.object({ operatorId: z.string().min(1), pin: Pin }).strict(),
    response: z.object({ operator: Operator }),
    roles: ADMIN,
  }),
  'training.record': command({
    summary: 'Record a completed training with its expiry date.',
    request: z
      .object({ operatorId: z.string().min(1), kind: TrainingKind, completedOn: IsoDate, expiresOn: IsoDate, trainer: z.string().trim().max(120).nullable().optional() })
      .strict(),
    response: z.object({ record: TrainingRecordView }),
    roles: SUPERVISORS,
  }),
  'site.settings': command({
    summary: 'The site policy: risk level, auto-lock, display unit.',
    request: Empty,
    response: z.object({ settings: SiteSettings, policy: z.record(z.string(), z.unknown()) }),
    roles: ALL_ROLES,
  }),
  'site.update': command({
    summary: 'Change the site policy (risk level, auto-lock time, display unit).',
    request: SiteSettings.partial().strict(),
    response: z.object({ settings: SiteSettings }),
    roles: ADMIN,
  }),
  'item.get': command({
    summary: 'Everything recorded about one item, and what is next for it.',
    request: ItemRef,
    response: ItemDetailResponse,
    roles: ALL_ROLES,
  }),
  'item.history': command({
    summary: 'The item’s audit events, oldest first.',
    request: ItemRef,
    /** actorName: the operator's name where the actor is an operator, so any screen can say who did what. */
    response: z.object({ events: z.array(AuditEvent.extend({ actorName: z.string().nullable() })) }),
    roles: ALL_ROLES,
  }),
  // The screening steps' own commands (steps/), each answering with the item's detail.
  ...answeredWith(STEP_COMMANDS, ItemDetailResponse),
  'item.markSuspect': command({
    summary: 'Stop: mark the item suspect and open an incident of this type.',
    request: ItemRef.extend({ incidentType: IncidentType, reason: Reason, indicators: z.array(IndicatorCode).max(100).default([]) }).strict(),
    response: z.object({ detail: ItemDetail, incident: IncidentView }),
    roles: ALL_ROLES,
  }),
  'incident.list': command({
    summary: 'Incidents, open first.',
    request: z.object({ includeClosed: z.boolean().default(true) }).strict(),
    response: z.object({ incidents: z.array(IncidentSummary) }),
    roles: ALL_ROLES,
  }),
  'incident.get': command({
    summary: 'An incident with its protocol, records and custody chain.',
    request: IncidentRef.strict(),
    response: IncidentResponse,
    roles: ALL_ROLES,
  }),
  'incident.acknowledgeStep': command({
    summary: 'Acknowledge one protocol step as done.',
    request: IncidentRef.extend({
      stepId: z.string().min(1).max(80),
      note: Notes,
      secondOperator: SecondOperator.optional(),
      /** Why the record the step asks for could not be made: required when it is missing. */
      couldNotBecause: z.string().trim().min(3).max(500).optional(),
    }).strict(),
    response: IncidentResponse,
    roles: ALL_ROLES,
  }),
  'incident.addPerson': command({
    summary: 'Add a person who was present or handled the item.',
    request: IncidentRef.extend({ name: z.string().trim().min(1).max(120), involvement: PersonInvolvement, contact: z.string().trim().max(200).nullable().default(null) }).strict(),
    response: IncidentResponse,
    roles: ALL_ROLES,
  }),
  'incident.addNotification': command({
    summary: 'Record a notification made (agency, time, reference number).',
    request: IncidentRef.extend({
      agency: z.string().trim().min(1).max(120),
      notifiedAt: z.iso.datetime().optional(),
      reference: z.string().trim().max(120).nullable().default(null),
      notes: Notes,
      /** The notify step this call is logged for. */
      stepId: z.string().min(1).max(80).optional(),
    }).strict(),
    response: IncidentResponse,
    roles: ALL_ROLES,
  }),
  'incident.addWitnessStatement': command({
    summary: 'Record a witness’s written observations.',
    request: IncidentRef.extend({ witnessName: z.string().trim().min(1).max(120), statement: z.string().trim().min(1).max(10_000) }).strict(),
    response: IncidentResponse,
    roles: ALL_ROLES,
  }),
  'incident.recordResponders': command({
    summary: 'Record the responders’ arrival.',
    request: IncidentRef.extend({ agency: z.string().trim().min(1).max(120), names: z.string().trim().max(500).nullable().default(null), arrivedAt: z.iso.datetime().optional() }).strict(),
    response: IncidentResponse,
    roles: ALL_ROLES,
  }),
  'incident.recordDetails': command({
    summary: 'Record the documentation fields (location, descriptions, addressee, mailer, evacuation distance).',
    request: IncidentRef.extend({ details: IncidentDetails }).strict(),
    response: IncidentResponse,
    roles: ALL_ROLES,
  }),
  'incident.setOutcome': command({
    summary: 'Record the outcome and the corrective actions for the after-action report.',
    request: IncidentRef.extend({ outcome: IncidentOutcome, labReference: z.string().trim().max(120).nullable().default(null), correctiveActions: z.string().trim().max(10_000).default('') }).strict(),
    response: IncidentResponse,
    roles: SUPERVISORS,
  }),
  'incident.close': command({
    summary: 'Close the incident: the coordinator and a second operator sign.',
    request: IncidentRef.extend({ secondOperator: SecondOperator }).strict(),
    response: IncidentResponse,
    roles: COORDINATOR,
  }),
  'custody.quarantine': command({
    summary: 'Record the suspect item as isolated: where it is, its seals, who took custody.',
    request: ItemRef.extend({ location: z.string().trim().min(1).max(300), sealNumbers: SealNumbers, reason: Reason }).strict(),
    response: ItemDetailResponse,
    roles: ALL_ROLES,
  }),
  'custody.transfer': command({
    summary: 'Transfer custody of a quarantined item to another operator or hand it over to a responder.',
    request: ItemRef.extend({ receivedBy: CustodyReceiver, reason: Reason, sealNumbers: SealNumbers, sealIntact: z.boolean() }).strict(),
    response: ItemDetailResponse,
    roles: ALL_ROLES,
  }),
  'custody.release': command({
    summary: 'Release a quarantined item found harmless: two operators sign.',
    request: ItemRef.extend({ reason: Reason, secondOperator: SecondOperator, sealIntact: z.boolean() }).strict(),
    response: ItemDetailResponse,
    roles: COORDINATOR,
  }),
  'custody.destroy': command({
    summary: 'Record a quarantined item as destroyed: two operators sign.',
    request: ItemRef.extend({ reason: Reason, secondOperator: SecondOperator }).strict(),
    response: ItemDetailResponse,
    roles: COORDINATOR,
  }),
  'drill.start': command({
    summary: 'Start a drill: a DRILL item and incident from a scenario, kept out of real records.',
    request: z.object({ scenario: IncidentType, description: z.string().trim().max(500).default('') }).strict(),
    response: z.object({ detail: ItemDetail, incident: IncidentView }),
    roles: COORDINATOR,
  }),
} as const;

