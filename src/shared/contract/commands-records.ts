import { z } from 'zod';
import { command, Empty, SUPERVISORS, ADMIN, ALL_ROLES } from './commandSpec.ts';
import { CustodyId, Item } from './item.ts';
import { ItemState } from './lifecycle.ts';

const Why = z.string().trim().min(3, 'Say why, in a few words').max(500);
const DateOrTime = z.string().trim().max(40);
/** Days a record class is kept after its disposition; null keeps it for ever. */
const RetentionDays = z.number().int().min(0).max(36_500).nullable();

export const RecordClass = z.enum(['items', 'incidents', 'images', 'recipients']);
export type RecordClass = z.infer<typeof RecordClass>;

/** `recipients`: the recipient's personal data (notices, and the hand-over's ID number, signature and photo); the custody record stays. */
export const RetentionPolicyView = z.object({ items: RetentionDays, incidents: RetentionDays, images: RetentionDays, recipients: RetentionDays });
export type RetentionPolicyView = z.infer<typeof RetentionPolicyView>;

export const LegalHoldView = z.object({
  id: z.number().int(),
  subjectType: z.enum(['item', 'incident']),
  subjectId: z.string(),
  reason: z.string(),
  placedBy: z.string(),
  /** The operator's name where the actor is an operator: any screen can say who placed it. */
  placedByName: z.string().nullable(),
  placedAt: z.iso.datetime(),
  releasedBy: z.string().nullable(),
  releasedByName: z.string().nullable(),
  releasedAt: z.iso.datetime().nullable(),
  releaseReason: z.string().nullable(),
});
export type LegalHoldView = z.infer<typeof LegalHoldView>;

export const ItemSearchRequest = z
  .object({
    /** Free text: a custody ID (typed loosely), a tracking number or scanned code, or recipient words. */
    query: z.string().max(200).optional(),
    trackingNumber: z.string().max(512).optional(),
    /** Any case, with or without hyphens; I/L read as 1 and O as 0. */
    custodyId: z.string().max(40).optional(),
    /** Recipient words, each matched as the start of a word. */
    recipient: z.string().max(200).optional(),
    /** Received from (inclusive): 2026-03-14 or an ISO date-time. */
    from: DateOrTime.optional(),
    /** Received up to: a date includes that whole day (UTC). */
    to: DateOrTime.optional(),
    states: z.array(ItemState).max(ItemState.options.length).optional(),
    limit: z.number().int().min(1).max(500),
    cursor: z.string().max(512).nullable().optional(),
  })
  .strict();
export type ItemSearchRequest = z.infer<typeof ItemSearchRequest>;

export const BackupSummary = z.object({
  ok: z.boolean(),
  folder: z.string(),
  counts: z.object({ items: z.number().int(), incidents: z.number().int(), auditEvents: z.number().int(), images: z.number().int() }),
  chainHead: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  imagesMismatched: z.array(z.string()),
  ms: z.number(),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

export const PurgePreview = z.object({
  policy: RetentionPolicyView,
  cutoffs: z.object({ items: z.string().nullable(), incidents: z.string().nullable(), images: z.string().nullable(), recipients: z.string().nullable() }),
  items: z.number().int(),
  incidents: z.number().int(),
  images: z.number().int(),
  /** Items whose recipient's personal data would go (the items themselves stay). */
  recipients: z.number().int(),
  /** The personal data that would go, by either class: with the items purged whole, or from the items the recipients class reaches. */
  personal: z.object({ idNumbers: z.number().int(), notices: z.number().int(), signatures: z.number().int(), photos: z.number().int() }),
  /** The first records that would go, to check before purging. */
  sample: z.object({ custodyIds: z.array(z.string()), incidents: z.array(z.string()) }),
});
export type PurgePreview = z.infer<typeof PurgePreview>;

export const recordsCommands = {
  'search.items': command({
    summary: 'Find items by tracking number, custody ID, recipient, date received and state; newest first, a page at a time.',
    request: ItemSearchRequest,
    response: z.object({ items: z.array(Item.extend({ recipient: z.string().nullable() })), nextCursor: z.string().nullable() }),
    roles: ALL_ROLES,
  }),
  'records.legalHold': command({
    summary: 'Place or release a legal hold on an item or incident (nothing under a hold is purged), or list the active holds.',
    request: z.discriminatedUnion('action', [
      z
        .object({
          action: z.literal('place'),
          subject: z.discriminatedUnion('type', [
            z.object({ type: z.literal('item'), custodyId: CustodyId }).strict(),
            z.object({ type: z.literal('incident'), incidentId: z.number().int().positive() }).strict(),
          ]),
          reason: Why,
        })
        .strict(),
      z.object({ action: z.literal('release'), holdId: z.number().int().positive(), reason: Why }).strict(),
      z.object({ action: z.literal('list') }).strict(),
    ]),
    response: z.object({ holds: z.array(LegalHoldView) }),
    roles: SUPERVISORS,
  }),
  'records.retention': command({
    summary: 'Read or change how many days each record class is kept after its disposition (null: for ever).',
    request: z.discriminatedUnion('action', [
      z.object({ action: z.literal('get') }).strict(),
      z.object({ action: z.literal('set'), policy: RetentionPolicyView.partial().strict() }).strict(),
    ]),
    response: z.object({ policy: RetentionPolicyView }),
    roles: ADMIN,
  }),
  'records.backupNow': command({
    summary: 'Back up the database and image store now, to the configured backup folder.',
    request: Empty,
    response: BackupSummary,
    roles: ADMIN,
  }),
  'records.purgePreview': command({
    summary: 'What a purge would remove under the current retention policy (nothing is removed).',
    request: Empty,
    response: PurgePreview,
    roles: ADMIN,
  }),
} as const;
