import { z } from 'zod';

/**
 * The format of an SOP file: the incident protocol an operator follows, step by step, when an item
 * is raised as suspect. Sites edit these files (reference §3.3 and §7.8: where guidance diverges,
 * the site's SOP decides, not the code), so the schema is strict: an unknown key is far more likely
 * a misspelling that would silently drop a step's meaning than a harmless extra.
 */

export const INCIDENT_TYPES = ['possibleExplosive', 'suspiciousSubstance', 'radiological', 'threatLetter', 'other'] as const;
export const IncidentType = z.enum(INCIDENT_TYPES);
export type IncidentType = z.infer<typeof IncidentType>;

/** The incident types an indicator can point to; 'other' is what the operator picks when none fits. */
export type HazardType = Exclude<IncidentType, 'other'>;

/** Who a notify step tells (reference §3.0). The notification log keys on these. */
export const NOTIFY_AGENCIES = [
  '911',
  'coordinator',
  'supervisor',
  'building-security',
  'USPIS',
  'FPS',
  'FBI',
  'police',
  'fire-hazmat',
  'public-health',
  'health-safety-rep',
] as const;
export const NotifyAgency = z.enum(NOTIFY_AGENCIES);
export type NotifyAgency = z.infer<typeof NotifyAgency>;

/** The incident fields a record step asks the operator to fill (reference §5.2). */
export const INCIDENT_RECORD_FIELDS = [
  'personsPresent',
  'personsHandled',
  'notifications',
  'evacuationDistance',
  'documentation',
  'witnessStatements',
  'responderArrival',
  'seal',
] as const;
export const IncidentRecordField = z.enum(INCIDENT_RECORD_FIELDS);
export type IncidentRecordField = z.infer<typeof IncidentRecordField>;

/** Stable step IDs: acknowledgements in incident records refer to them across SOP revisions. */
const StepId = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug such as "call-911" (letters, digits, single hyphens)');

/** Where a step's guidance comes from: a reference source ID (S16) or the site's own document. */
const Sources = z.array(z.string().trim().min(1).max(120)).min(1);

const stepBase = {
  id: StepId,
  /** Imperative and short: it is read at a glance, under stress, on a screen across the room. */
  title: z.string().trim().min(1).max(80),
  instructions: z.string().trim().min(1).max(2000),
  /** A critical step is never skipped silently: it is done, or marked not applicable with a reason. */
  critical: z.boolean(),
  requiresTwoPeople: z.boolean().optional(),
  sources: Sources.optional(),
};

export const SopActionStep = z.object({ ...stepBase, kind: z.literal('action') }).strict();
export const SopDecisionStep = z.object({ ...stepBase, kind: z.literal('decision') }).strict();
export const SopNotifyStep = z.object({ ...stepBase, kind: z.literal('notify'), agency: NotifyAgency }).strict();
export const SopRecordStep = z
  .object({
    ...stepBase,
    kind: z.literal('record'),
    records: z
      .array(IncidentRecordField)
      .min(1)
      .refine((fields) => new Set(fields).size === fields.length, 'lists a field more than once'),
  })
  .strict();

export const SopStep = z.discriminatedUnion('kind', [SopActionStep, SopNotifyStep, SopRecordStep, SopDecisionStep]);
export type SopStep = z.infer<typeof SopStep>;
export type SopStepKind = SopStep['kind'];

export const SopContact = z
  .object({
    agency: NotifyAgency,
    name: z.string().trim().min(1).max(120),
    phone: z.string().trim().min(1).max(60).optional(),
    notes: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type SopContact = z.infer<typeof SopContact>;

export const Sop = z
  .object({
    schemaVersion: z.literal(1),
    incidentType: IncidentType,
    title: z.string().trim().min(1).max(120),
    summary: z.string().trim().min(1).max(2000),
    /** The site's own revision string, shown on the incident record so it says which text was followed. */
    version: z.string().trim().min(1).max(60),
    approvedBy: z.string().trim().min(1).max(120).optional(),
    effectiveDate: z.iso.date().optional(),
    sources: Sources.optional(),
    steps: z.array(SopStep).min(1),
    evacuationDistanceMeters: z.number().positive().max(10_000).optional(),
    noRadioWithinMeters: z.number().positive().max(10_000).optional(),
    contacts: z.array(SopContact).optional(),
  })
  .strict()
  .superRefine((sop, ctx) => {
    const firstIndex = new Map<string, number>();
    sop.steps.forEach((step, index) => {
      const earlier = firstIndex.get(step.id);
      if (earlier === undefined) {
        firstIndex.set(step.id, index);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'id'],
          message: `duplicate step id "${step.id}" (already used by steps[${earlier}]); step ids must be unique`,
        });
      }
    });
  });
export type Sop = z.infer<typeof Sop>;

/** The step with this id, or undefined. */
export function stepById(sop: Sop, id: string): SopStep | undefined {
  return sop.steps.find((step) => step.id === id);
}

/** Agencies that notify steps name but the contact list does not: the admin screen flags them. */
export function sopAgenciesWithoutContact(sop: Sop): NotifyAgency[] {
  const listed = new Set((sop.contacts ?? []).map((contact) => contact.agency));
  const missing = new Set<NotifyAgency>();
  for (const step of sop.steps) {
    if (step.kind === 'notify' && step.agency !== '911' && !listed.has(step.agency)) missing.add(step.agency);
  }
  return [...missing];
}
