import { z } from 'zod';
import type { AuditEvent } from './audit.ts';
import { auditSpec as spec, maybeText, sha256, step, text, type AuditSpec as Spec } from './auditSpec.ts';
import { custodyBetweenStationsAudit } from './custodyBetweenStations.ts';
import { RemoteReviewOrigin, STEP_AUDIT_EVENTS } from './steps/index.ts';

// The catalog of audit event kinds: for each, the subject it is about and its payload's schema.
// `AuditLog.append` is typed from it (a payload that does not fit its kind does not compile) and
// validates with it; every reader (verify's replay, the history, the CLI) reads stored payloads
// through `readAuditEvent` instead of casting them.
//
// A schema here is what the code writes today: `append` requires its every field. A stored event
// is for ever, so reading is lenient where writing is strict: any top-level field may be absent
// (an older version did not write it: it is "not recorded"), but a field that is there must have
// its type, and a field's type is never narrowed. Schemas only check (no defaults, transforms or
// coercion), so a payload that passes is used exactly as stored. Each screening step's events are
// in its own module (steps/), joined in below.

/** A party to a custody transfer, as the transfer recorded it (see CustodyParty in incident.ts). */
const custodyParty = z.looseObject({ kind: text, name: maybeText.optional() });

/** Every custody event is one whole transfer. */
const custodyTransfer = z.object({
  ...step,
  incidentNumber: maybeText,
  kind: text,
  releasedBy: custodyParty,
  receivedBy: custodyParty,
  reason: text,
  sealNumbers: z.array(text),
  sealIntact: z.boolean().nullable(),
  location: maybeText,
  secondBy: maybeText,
});

/** A device warning of the X-ray cabinet (`xray.<warning kind>`), kept with its scan and image when it has them. */
const cabinetWarning = z.object({ detail: text, scanRef: maybeText, path: maybeText, sha256: maybeText });

/** A print job's content: the ZPL stays in print_jobs, the chain holds its hash. */
const printContent = {
  printerId: text,
  template: text,
  subject: z.unknown(),
  reprintOf: z.number().nullable(),
  zplSha256: sha256,
  zplBytes: z.number(),
};

const xrayReview = z.looseObject({ review: z.enum(['first', 'second']), scanRef: maybeText.optional(), verdict: text, findings: z.array(text).optional(), notes: maybeText.optional() });

/** Where a directory person came from. */
const directorySource = z.enum(['csv', 'ldap']);
/** A directory person's columns, as their events carry them. */
const directoryPerson = { name: text, email: maybeText, department: maybeText, location: maybeText, employeeId: maybeText, badge: maybeText };

export const auditEventCatalog = {
  'station.initialized': spec(['station'], z.object({ stationId: text, schemaVersion: z.number() })),

  // ---- an item's lifecycle ------------------------------------------------------------------
  'item.received': spec(
    ['item'],
    z.object({
      scannedCode: text,
      symbology: maybeText.optional(),
      trackingNumber: maybeText.optional(),
      carrier: maybeText.optional(),
      trackingCheck: z.unknown().optional(),
      source: text.optional(),
      state: text.optional(),
      /** Since the verify branch: what a rescan matches on, as intake made it. */
      matchKey: text.optional(),
      /** Since issue 12: the code failed its carrier's check digit and the operator took it in as typed. */
      asTyped: z.boolean().optional(),
    }),
  ),
  'drill.started': spec(
    ['item'],
    z.object({ scenario: text, description: text, /** Since the verify branch. */ scannedCode: text.optional(), matchKey: text.optional() }),
  ),
  // The screening steps' own events (steps/).
  ...STEP_AUDIT_EVENTS,
  'item.markedSuspect': spec(
    ['item'],
    z.object({
      ...step,
      incidentNumber: text,
      reason: text,
      indicators: z.array(text),
      /** An X-ray verdict that made the item suspect (it has no event of its own); since issue 10. */
      xray: xrayReview.optional(),
      /** A second reviewer's suspect judgment answered through the site after the scan was cleared (a clear does not outvote it); since issue 13. */
      remote: RemoteReviewOrigin.optional(),
    }),
  ),

  // ---- custody ------------------------------------------------------------------------------
  'custody.quarantined': spec(['item'], custodyTransfer),
  'custody.transferred': spec(['item'], custodyTransfer),
  'custody.handedOver': spec(['item'], custodyTransfer),
  'custody.released': spec(['item'], custodyTransfer),
  'custody.destroyed': spec(['item'], custodyTransfer),
  ...custodyBetweenStationsAudit,

  // ---- incidents ----------------------------------------------------------------------------
  'incident.opened': spec(
    ['incident'],
    z.object({
      custodyId: text,
      type: text,
      reason: text,
      protocol: z.object({ title: text, version: z.union([text, z.number()]), steps: z.array(text) }),
      /** Since issue 10: the whole SOP in force, fingerprinted. */
      protocolSha256: sha256.optional(),
    }),
  ),
  'incident.stepAcknowledged': spec(
    ['incident'],
    /** couldNotBecause since issue 12: why a step was done without the record its SOP asks for. */
    z.object({ stepId: text, title: text, note: maybeText, secondBy: maybeText, couldNotBecause: maybeText.optional() }),
  ),
  'incident.personRecorded': spec(['incident'], z.object({ name: text, involvement: text, contact: maybeText })),
  'incident.notificationRecorded': spec(
    ['incident'],
    /** stepId since issue 12: the notify step the call was logged from. */
    z.object({ agency: text, notifiedAt: text, reference: maybeText, notes: z.string(), stepId: text.optional() }),
  ),
  'incident.witnessStatementRecorded': spec(['incident'], z.object({ witnessName: text, statement: text })),
  'incident.respondersArrived': spec(['incident'], z.object({ agency: text, names: maybeText, arrivedAt: text })),
  /** The details it set, merged into the incident's. */
  'incident.detailsRecorded': spec(['incident'], z.record(z.string(), z.unknown())),
  'incident.outcomeRecorded': spec(['incident'], z.object({ outcome: text, labReference: maybeText, correctiveActions: z.string() })),
  'incident.closed': spec(['incident'], z.object({ outcome: maybeText, secondBy: text })),

  // ---- operators ----------------------------------------------------------------------------
  'operator.created': spec(['operator'], z.object({ badge: text, name: text, role: text, via: text, /** Since the verify branch. */ pinRecord: sha256.optional() })),
  'operator.loggedIn': spec(['operator'], z.object({})),
  'operator.confirmed': spec(['operator'], z.object({ purpose: text })),
  'operator.loginRefused': spec(['operator'], z.object({ failedAttempts: z.number(), purpose: text.optional(), /** Since operator management: why a right PIN was refused. */ reason: text.optional() })),
  'operator.lockedOut': spec(
    ['operator'],
    z.object({ lockedUntil: text, failedAttempts: z.number(), purpose: text.optional(), lockoutMinutes: z.number().optional(), consecutiveLockouts: z.number().optional() }),
  ),
  'operator.loggedOut': spec(['operator'], z.object({ reason: text })),
  'operator.unlocked': spec(['operator'], z.object({ via: z.enum(['admin', 'cli']).optional(), wasLockedUntil: maybeText.optional(), consecutiveLockouts: z.number().optional() })),
  // Managing operators: each event carries the columns it sets (active, role, pinRecord,
  // pinToChange: the operator's state after it), so the operators table replays from them; `via`
  // says who did it (admin, the CLI on the station itself, the operator at the lock screen). The
  // sessions a change ends are each an `operator.loggedOut` with reason 'ended by admin'.
  'operator.deactivated': spec(['operator'], z.object({ active: z.literal(false), via: text })),
  'operator.reactivated': spec(['operator'], z.object({ active: z.literal(true), via: text })),
  'operator.roleChanged': spec(['operator'], z.object({ role: text, previousRole: text, pinToChange: z.boolean(), via: text })),
  'operator.pinReset': spec(['operator'], z.object({ pinRecord: sha256, pinToChange: z.literal(true), via: text })),
  'operator.pinChanged': spec(['operator'], z.object({ pinRecord: sha256, pinToChange: z.literal(false), via: text })),
  'training.recorded': spec(['operator'], z.object({ operatorId: text, kind: text, completedOn: text, expiresOn: text, trainer: maybeText.optional() })),

  // ---- the station --------------------------------------------------------------------------
  /** The settings it set, by key, with their new values. */
  'site.settingsChanged': spec(['station'], z.record(z.string(), z.unknown())),
  'devices.reconfigured': spec(['station'], z.object({ devices: z.record(z.string(), z.unknown()) })),
  'report.generated': spec(
    ['item', 'incident', 'station'],
    // A report adds what identifies it (its day, its incident): open beyond the common fields.
    z.looseObject({ report: text, fileName: text, sha256, bytes: z.number() }),
  ),
  'audit.exported': spec(
    ['station'],
    z.object({
      from: text,
      to: text,
      periodStart: text,
      periodEnd: text,
      events: z.number(),
      firstSeq: z.number().nullable(),
      lastSeq: z.number().nullable(),
      headHash: text,
      fileName: text.optional(),
      sha256: sha256.optional(),
    }),
  ),
  'records.holdPlaced': spec(['item', 'incident'], z.object({ holdId: z.number(), reason: text })),
  'records.holdReleased': spec(['item', 'incident'], z.object({ holdId: z.number(), reason: text })),
  'records.retentionChanged': spec(['station'], z.object({ before: z.record(z.string(), z.number().nullable()), after: z.record(z.string(), z.number().nullable()) })),
  'records.purged': spec(
    ['station'],
    z.object({
      recordClasses: z.array(text),
      policy: z.unknown(),
      cutoffs: z.unknown(),
      items: z.looseObject({ count: z.number(), custodyIds: z.array(text) }).optional(),
      incidents: z.looseObject({ count: z.number(), numbers: z.array(text) }).optional(),
      images: z.looseObject({ count: z.number(), sha256: z.array(z.string().nullable()) }).optional(),
      /** Items whose recipient's personal data went (the items stay): their ID numbers and finished notices. */
      recipients: z.looseObject({ count: z.number(), custodyIds: z.array(text), idNumbers: z.number(), notices: z.number() }).optional(),
      /** Signatures and photos whose bytes went (their rows keep the fingerprint) or, with their items, whose rows went. */
      proof: z.looseObject({ signatures: z.array(sha256), photos: z.array(sha256) }).optional(),
      auditEventsKept: z.boolean(),
    }),
  ),
  'records.backedUp': spec(
    ['station'],
    z.object({
      folder: text,
      manifestSha256: sha256,
      databaseSha256: sha256,
      counts: z.unknown(),
      chainHead: z.unknown(),
      imagesMismatched: z.array(text),
      imagesRefused: z.array(text).optional(),
      pruned: z.unknown(),
    }),
  ),
  'records.backupFailed': spec(['station'], z.object({ to: text, error: text })),
  /**
   * The alarm of the site link (since issue 13): the site holds a chain for this station that this
   * database is behind (`behind`) or differs from (`differs`), or it refused a batch (`refused`).
   * Publishing stopped; the site's head is what it held then.
   */
  'site.chainRefused': spec(
    ['station'],
    z.object({ problem: z.enum(['behind', 'differs', 'refused']), localSeq: z.number(), siteSeq: z.number().nullable(), siteHash: maybeText, atSeq: z.number().nullable(), detail: text }),
  ),

  // ---- the recipient directory (notify/directory) ---------------------------------------------
  // A person's events carry the columns they set, so directory_people replays from them; the
  // subject is the person's key (the employee ID or the LDAP entry's UUID).
  'directory.personAdded': spec(['person'], z.object({ source: directorySource, ...directoryPerson })),
  /** Only the fields that changed: their new values (`set`) and what they were (`was`). */
  'directory.personChanged': spec(['person'], z.object({ source: directorySource, set: z.object(directoryPerson).partial(), was: z.object(directoryPerson).partial() })),
  /** No longer in its source: kept (items still name the person), marked removed. */
  'directory.personRemoved': spec(['person'], z.object({ source: directorySource })),
  /** One import or sync applied: what it read (a file's name and SHA-256) and what it changed. */
  'directory.imported': spec(
    ['station'],
    z.object({
      source: directorySource,
      fileName: maybeText,
      sha256: maybeText,
      rows: z.number(),
      added: z.number(),
      changed: z.number(),
      removed: z.number(),
      unchanged: z.number(),
    }),
  ),
  /** A department's key contacts, all of them (an empty list: none). */
  'directory.departmentContactsSet': spec(['department'], z.object({ contacts: z.array(z.object({ name: text, email: text })) })),
  /** A standing proxy given (allowed) or withdrawn: proxyKey may collect the person's items. */
  /** A scheduled LDAP sync that was not applied (the last good directory stays): why, in words and as a problem code. */
  'directory.syncFailed': spec(['station'], z.object({ problem: text, reason: text })),
  'directory.proxySet': spec(['person'], z.object({ proxyKey: text, allowed: z.boolean() })),
  /** The item's recipient: a directory person (personKey) or a name typed by the screener (personKey null). */
  'item.recipientChosen': spec(['item'], z.object({ personKey: maybeText, name: text })),
  /**
   * An ID document's number checked against the item's hand-over at the counter (an access to the
   * recipient's personal data): by whom (the actor), which hand-over, whether it matched. Never
   * the number typed: the chain is kept past every retention.
   */
  'collection.idNumberChecked': spec(['item'], z.object({ collectionId: maybeText, matches: z.boolean() })),
  /** A suspect item's alert acknowledged on a security coordinator's screen (the actor): it stays on their screens until then. */
  'incident.alertAcknowledged': spec(['incident'], z.object({ custodyId: text })),

  // ---- printing -----------------------------------------------------------------------------
  'print.queued': spec(['print-job'], z.object(printContent)),
  'print.reprinted': spec(['print-job'], z.object({ ...printContent, originalState: text })),
  'print.started': spec(['print-job'], z.object({ ...step, attempt: z.number() })),
  'print.printed': spec(['print-job'], z.object({ ...step, attempt: z.number() })),
  'print.retrying': spec(['print-job'], z.object({ ...step, attempt: z.number(), error: text, retryInMs: z.number() })),
  'print.failed': spec(['print-job'], z.object({ ...step, attempts: z.number(), error: text })),
  'print.resumed': spec(['print-job'], z.object({ ...step, attempts: z.number() })),

  // ---- webhooks: notices to the site's other systems (subject: the delivery) --------------------
  /** What is sent, where and about what: the body itself stays in webhook_jobs, the chain holds its hash. */
  'webhook.queued': spec(['webhook'], z.object({ endpoint: text, event: text, subject: text, format: text, bodySha256: sha256 })),
  'webhook.sending': spec(['webhook'], z.object({ ...step, attempt: z.number() })),
  'webhook.sent': spec(['webhook'], z.object({ ...step, attempt: z.number() })),
  'webhook.retrying': spec(['webhook'], z.object({ ...step, attempt: z.number(), error: text, retryInMs: z.number() })),
  'webhook.failed': spec(['webhook'], z.object({ ...step, attempts: z.number(), error: text })),
  'webhook.resumed': spec(['webhook'], z.object({ ...step, attempts: z.number() })),

  // ---- e-mail notices (subject: the notice; its addressees stay in notice_jobs) -----------------
  'notice.queued': spec(['notice'], z.object({ custodyId: text, notice: text, recipients: z.number(), messageSha256: sha256 })),
  'notice.sending': spec(['notice'], z.object({ ...step, attempt: z.number() })),
  'notice.sent': spec(['notice'], z.object({ ...step, attempt: z.number() })),
  'notice.retrying': spec(['notice'], z.object({ ...step, attempt: z.number(), error: text, retryInMs: z.number() })),
  /** The mail server refused the address: not tried again. */
  'notice.bounced': spec(['notice'], z.object({ ...step, attempts: z.number(), error: text })),
  'notice.failed': spec(['notice'], z.object({ ...step, attempts: z.number(), error: text })),
  'notice.resumed': spec(['notice'], z.object({ ...step, attempts: z.number() })),

  // ---- the X-ray cabinet's warnings (subject: the device) -------------------------------------
  /** A hot-folder file the station refused: its escaped name and why, never its content. */
  'xray.fileRefused': spec(['device'], z.object({ file: text, reason: text })),
  'xray.file-refused': spec(['device'], cabinetWarning),
  'xray.unclaimed-image': spec(['device'], cabinetWarning),
  'xray.scan-failed': spec(['device'], cabinetWarning),
  'xray.scan-timeout': spec(['device'], cabinetWarning),
  'xray.image-error': spec(['device'], cabinetWarning),
  'xray.protocol': spec(['device'], cabinetWarning),
} as const satisfies Record<string, Spec>;

type Catalog = typeof auditEventCatalog;
export type AuditKind = keyof Catalog;
export const AuditKind = z.enum(Object.keys(auditEventCatalog) as [AuditKind, ...AuditKind[]]);

/** What an event of kind K carries when the code writes it: every field its schema names. */
export type AuditPayload<K extends AuditKind> = z.input<Catalog[K]['payload']>;
/** What a stored event of kind K carries: any field may be missing (written before it existed). */
export type StoredAuditPayload<K extends AuditKind> = Partial<z.output<Catalog[K]['payload']>>;
/** The subject types an event of kind K may be about. */
export type AuditSubjectOf<K extends AuditKind> = Catalog[K]['subjectTypes'][number];

/** A stored event whose kind is catalogued and whose payload fits it: switch on `kind` to get its payload's type. */
export type CataloguedAuditEvent = {
  [K in AuditKind]: Omit<AuditEvent, 'kind' | 'subjectType' | 'payload'> & { kind: K; subjectType: AuditSubjectOf<K>; payload: StoredAuditPayload<K> };
}[AuditKind];

/** The catalogued events of one kind. */
export type AuditEventOf<K extends AuditKind> = Extract<CataloguedAuditEvent, { kind: K }>;

/**
 * A stored event read with the catalog. `ok` with the typed event; or, for an event this version
 * does not know or whose payload does not fit (an old database, a hand-edited row), the reason in
 * one line naming seq and kind — the event itself stays as it was stored, to be shown raw.
 * `unchecked` names optional fields that did not fit: they are left out of `event`, which is
 * otherwise readable (a reader treats them as not recorded).
 */
export type AuditReading =
  | { ok: true; event: CataloguedAuditEvent; unchecked: string[] }
  | { ok: false; problem: string; unknownKind: boolean };

/** The kinds that are a step of an item's lifecycle: the station stamps each with the item's move (`from`, `to`). */
export type ItemStepKind = {
  [K in AuditKind]: 'item' extends AuditSubjectOf<K> ? (AuditPayload<K> extends { from: string; to: string } ? K : never) : never;
}[AuditKind];
/** What the code taking an item step gives its event: all but the move. */
export type ItemStepPayload<K extends ItemStepKind> = Omit<AuditPayload<K>, 'from' | 'to'>;

/** The print job's moves between states: the queue stamps each with `from` and `to`. */
export type PrintMoveKind = 'print.started' | 'print.printed' | 'print.retrying' | 'print.failed' | 'print.resumed';
/** A print job's content as the chain keeps it (its ZPL's hash and size, not the ZPL). */
export type PrintJobContent = AuditPayload<'print.queued'>;

/** The X-ray review an `item.markedSuspect` carries when a suspect verdict opened the incident. */
export type SuspectXrayReview = NonNullable<AuditPayload<'item.markedSuspect'>['xray']>;

// Reading: the same schemas with every top-level field optional.
const storedPayloadSchemas = new Map<string, z.ZodType<Record<string, unknown>>>(
  Object.entries(auditEventCatalog).map(([kind, entry]: [string, Spec]) => [kind, entry.payload instanceof z.ZodObject ? entry.payload.partial() : entry.payload]),
);

export function isAuditKind(kind: string): kind is AuditKind {
  return Object.hasOwn(auditEventCatalog, kind);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
}

export function readAuditEvent(event: AuditEvent): AuditReading {
  const at = `event ${event.seq} (${event.kind})`;
  if (!isAuditKind(event.kind)) return { ok: false, unknownKind: true, problem: `${at}: a kind this version does not know` };
  const entry: Spec = auditEventCatalog[event.kind];
  if (!entry.subjectTypes.includes(event.subjectType)) {
    return { ok: false, unknownKind: false, problem: `${at}: its subject type is ${event.subjectType}, but this kind's is ${entry.subjectTypes.join(' or ')}` };
  }
  const schema = storedPayloadSchemas.get(event.kind)!;
  const parsed = schema.safeParse(event.payload);
  if (parsed.success) return { ok: true, event: event as CataloguedAuditEvent, unchecked: [] };
  // A field that does not fit is left out, not fatal: the event stays readable, and what it said
  // of that field is treated as not recorded (verify leaves what it would check unchecked).
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path[0]).filter((key): key is string => typeof key === 'string'))];
  if (fields.length > 0) {
    const rest = Object.fromEntries(Object.entries(event.payload).filter(([key]) => !fields.includes(key)));
    if (schema.safeParse(rest).success) return { ok: true, event: { ...event, payload: rest } as CataloguedAuditEvent, unchecked: fields };
  }
  return { ok: false, unknownKind: false, problem: `${at}: its payload does not fit the catalog (${describeIssues(parsed.error)})` };
}
