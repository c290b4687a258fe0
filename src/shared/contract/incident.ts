import { z } from 'zod';
import { IncidentOutcome, IncidentType, SealNumber } from './workflow.ts';
import { Badge } from './operator.ts';
import { RecordMode } from './item.ts';
import { SiteStationId } from './siteStation.ts';

/** One protocol step as the station shows it: from the incident's SOP, with its acknowledgement. */
export const IncidentStepView = z.object({
  id: z.string(),
  title: z.string(),
  instructions: z.string(),
  kind: z.string(),
  critical: z.boolean(),
  requiresTwoPeople: z.boolean(),
  agency: z.string().nullable(),
  records: z.array(z.string()),
  acknowledgedBy: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  secondBy: z.string().nullable(),
  acknowledgedAt: z.iso.datetime().nullable(),
  note: z.string(),
  /** Seconds from the previous acknowledgement (or the incident's opening) to this one: drills show time per step. */
  secondsTaken: z.number().nullable(),
  /** What the SOP asks this step to leave on the record that is not there yet, in words (empty: nothing missing). */
  recordsMissing: z.array(z.string()),
  /** Why the step was done without its record, as the operator said it (null: done with its record, or not done). */
  couldNotBecause: z.string().nullable(),
});
export type IncidentStepView = z.infer<typeof IncidentStepView>;

export const PersonInvolvement = z.enum(['present', 'handled', 'both']);
export type PersonInvolvement = z.infer<typeof PersonInvolvement>;

export const IncidentPerson = z.object({ name: z.string(), involvement: PersonInvolvement, contact: z.string().nullable(), recordedAt: z.iso.datetime() });
export const IncidentNotification = z.object({
  agency: z.string(),
  notifiedAt: z.iso.datetime(),
  reference: z.string().nullable(),
  notes: z.string(),
  /** The notify step whose call this logs, when it was logged from that step. */
  stepId: z.string().optional(),
  recordedAt: z.iso.datetime(),
});
export const WitnessStatement = z.object({ witnessName: z.string(), statement: z.string(), recordedAt: z.iso.datetime() });
export const ResponderArrival = z.object({ agency: z.string(), names: z.string().nullable(), arrivedAt: z.iso.datetime(), recordedAt: z.iso.datetime() });

/** The DHS documentation fields and the other facts an incident report needs. */
export const IncidentDetails = z
  .object({
    location: z.string().max(500),
    substanceDescription: z.string().max(2000),
    mailPieceDescription: z.string().max(2000),
    addressee: z.string().max(500),
    mailer: z.string().max(500),
    evacuationDistanceMeters: z.number().min(0).max(5000),
    openedBeforeSuspect: z.boolean(),
    hvacShutDownAt: z.iso.datetime(),
  })
  .partial()
  .strict();
export type IncidentDetails = z.infer<typeof IncidentDetails>;

export const CustodyParty = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('operator'), operatorId: z.string(), name: z.string() }),
  z.object({ kind: z.literal('external'), name: z.string(), agency: z.string(), badgeNumber: z.string(), confirmedBy: z.string() }),
  z.object({ kind: z.literal('place'), name: z.string() }),
  /** Another station of the site (or the security office's): its receipt is in its own chain (custodyBetweenStations.ts). */
  z.object({ kind: z.literal('station'), station: z.string(), name: z.string() }),
]);
export type CustodyParty = z.infer<typeof CustodyParty>;

export const CustodyTransferView = z.object({
  id: z.number().int(),
  kind: z.enum(['quarantine', 'transfer', 'handOver', 'release', 'destroy']),
  releasedBy: CustodyParty,
  receivedBy: CustodyParty,
  reason: z.string(),
  sealNumbers: z.array(z.string()),
  sealIntact: z.boolean().nullable(),
  location: z.string().nullable(),
  secondBy: z.string().nullable(),
  at: z.iso.datetime(),
});
export type CustodyTransferView = z.infer<typeof CustodyTransferView>;

export const IncidentSummary = z.object({
  id: z.number().int(),
  number: z.string(),
  custodyId: z.string(),
  type: IncidentType,
  mode: RecordMode,
  openedAt: z.iso.datetime(),
  openedBy: z.string(),
  closedAt: z.iso.datetime().nullable(),
  outcome: IncidentOutcome.nullable(),
  stepsDone: z.number().int(),
  stepsTotal: z.number().int(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const IncidentView = IncidentSummary.extend({
  reason: z.string(),
  protocolTitle: z.string(),
  protocolVersion: z.string(),
  steps: z.array(IncidentStepView),
  details: IncidentDetails,
  persons: z.array(IncidentPerson),
  notifications: z.array(IncidentNotification),
  witnessStatements: z.array(WitnessStatement),
  responders: z.array(ResponderArrival),
  custody: z.array(CustodyTransferView),
  labReference: z.string().nullable(),
  correctiveActions: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedSecondBy: z.string().nullable(),
  evacuationDistanceMeters: z.number().nullable(),
  noRadioWithinMeters: z.number().nullable(),
});
export type IncidentView = z.infer<typeof IncidentView>;

export const CustodyReceiver = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('operator'), badge: Badge, pin: z.string().max(64) }).strict(),
  z
    .object({
      kind: z.literal('external'),
      name: z.string().trim().min(1).max(120),
      agency: z.string().trim().min(1).max(120),
      badgeNumber: z.string().trim().min(1).max(64),
      /** The operator confirms they checked the responder's identification. */
      identityChecked: z.literal(true, 'Confirm that you checked the responder’s identification'),
    })
    .strict(),
  /** Another station of the site: the item leaves this station, the receiving station records its receipt. */
  z
    .object({
      kind: z.literal('station'),
      station: SiteStationId,
      /** The operator sends to an ID not on the site's list of stations as this station last read it (a station that joined since): confirmed on purpose. */
      unlisted: z.literal(true).optional(),
    })
    .strict(),
]);
export type CustodyReceiver = z.infer<typeof CustodyReceiver>;

export const SealNumbers = z.array(SealNumber).max(20);
