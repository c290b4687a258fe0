import { z } from 'zod';
import { command, ALL_ROLES, SUPERVISORS } from './commandSpec.ts';
import { CustodyId, Item } from './item.ts';
import { DirectoryPersonMatch } from './commands-directory.ts';

// The collection counter: a recipient (or their proxy) is found by badge or name, the cleared items
// waiting for them are listed, and each is handed over with the proof the site's policy asks for.

/** What the site's policy asks of one kind of proof at hand-over. */
export const ProofRequirement = z.enum(['required', 'optional', 'off']);
export type ProofRequirement = z.infer<typeof ProofRequirement>;

/** The site's collection policy (site setting `collection`). */
export const CollectionPolicy = z
  .object({
    signature: ProofRequirement,
    photo: ProofRequirement,
    idDocument: ProofRequirement,
    /** A proxy collects only with the recipient's authorisation (a standing proxy, or a department contact's word) when required. */
    proxyAuthorisation: z.enum(['required', 'optional']),
  })
  .strict();
export type CollectionPolicy = z.infer<typeof CollectionPolicy>;

export const DEFAULT_COLLECTION_POLICY: CollectionPolicy = { signature: 'required', photo: 'optional', idDocument: 'optional', proxyAuthorisation: 'required' };

/** The largest signature pad a screen sends (its canvas, in its own pixels). */
export const MAX_SIGNATURE_SIDE = 2000;
export const MAX_SIGNATURE_STROKES = 64;
export const MAX_SIGNATURE_POINTS = 4000;
/** A photo from the counter's camera: a JPEG of at most this many bytes (the web host takes 1 MB a message, base64 included). */
export const MAX_COLLECTION_PHOTO_BYTES = 400 * 1024;
const MAX_PHOTO_BASE64 = Math.ceil(MAX_COLLECTION_PHOTO_BYTES / 3) * 4;

const Coordinate = z.number().finite('A signature point must be a number').min(0).max(MAX_SIGNATURE_SIDE);
const Point = z.tuple([Coordinate, Coordinate]);

/** A signature as drawn: strokes of points in the pad's pixels, (0,0) top left. */
export const SignatureStrokes = z
  .object({
    width: z.number().int().min(50).max(MAX_SIGNATURE_SIDE),
    height: z.number().int().min(20).max(MAX_SIGNATURE_SIDE),
    strokes: z
      .array(z.array(Point).min(1).max(MAX_SIGNATURE_POINTS))
      .min(1, 'The signature is empty: ask the person to sign')
      .max(MAX_SIGNATURE_STROKES, `A signature has at most ${MAX_SIGNATURE_STROKES} strokes: clear the pad and sign again`),
  })
  .strict()
  .superRefine((signature, ctx) => {
    let points = 0;
    for (const stroke of signature.strokes) {
      points += stroke.length;
      if (stroke.some(([x, y]) => x > signature.width || y > signature.height)) {
        ctx.addIssue({ code: 'custom', message: 'A signature point lies outside the pad: clear the pad and sign again' });
        return;
      }
    }
    if (points > MAX_SIGNATURE_POINTS) ctx.addIssue({ code: 'custom', message: `A signature has at most ${MAX_SIGNATURE_POINTS} points: clear the pad and sign again` });
  });
export type SignatureStrokes = z.infer<typeof SignatureStrokes>;

const PersonKey = z.string().trim().min(1).max(200);
/** An ID document's number as typed or scanned: letters, digits and the separators documents print. */
const IdNumber = z
  .string()
  .trim()
  .min(2, 'Type or scan the ID document’s number')
  .max(40, 'An ID document number has at most 40 characters: type it again')
  .regex(/^[\p{L}\p{N} ./-]+$/u, 'An ID document number holds letters, digits, spaces, dots, dashes and slashes only: type it again');

/** On whose authority a proxy collects. */
export const ProxyAuthority = z.discriminatedUnion('kind', [
  /** The directory lists the proxy as a standing proxy of the recipient. */
  z.object({ kind: z.literal('standingProxy') }).strict(),
  /** One of the recipient's department's key contacts authorised it (by their e-mail address, as the directory lists it). */
  z.object({ kind: z.literal('departmentContact'), contactEmail: z.string().trim().min(3).max(254) }).strict(),
]);
export type ProxyAuthority = z.infer<typeof ProxyAuthority>;

/** Who takes the items: the recipient, or a proxy (a directory person, or a name typed) on some authority. */
export const Collector = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recipient') }).strict(),
  z
    .object({
      kind: z.literal('proxy'),
      proxyKey: PersonKey.optional(),
      proxyName: z.string().trim().min(1).max(200).optional(),
      authority: ProxyAuthority.optional(),
    })
    .strict(),
]);
export type Collector = z.infer<typeof Collector>;

export const WaitingItem = Item.pick({ custodyId: true, trackingNumber: true, carrier: true, itemType: true, receivedAt: true, updatedAt: true, mode: true });
export type WaitingItem = z.infer<typeof WaitingItem>;

export const collectionCommands = {
  'collection.waiting': command({
    summary:
      'The cleared items waiting for a recipient, found by directory person (personKey) or badge scanned: with the people who may collect for them, their department contacts and the policy of proof.',
    request: z.object({ personKey: PersonKey.optional(), badge: z.string().trim().min(1).max(128).optional() }).strict(),
    response: z.object({
      person: DirectoryPersonMatch,
      items: z.array(WaitingItem),
      /** The recipient's standing proxies. */
      proxies: z.array(DirectoryPersonMatch),
      /** The people this person is a standing proxy of (a proxy's badge scanned). */
      proxyFor: z.array(DirectoryPersonMatch),
      departmentContacts: z.array(z.object({ name: z.string(), email: z.string() })),
      policy: CollectionPolicy,
    }),
    roles: ALL_ROLES,
  }),
  'collection.handOver': command({
    summary:
      'Hand cleared items over to their recipient or a proxy, with the proof the site asks for (signature strokes, camera photo as base64 JPEG, ID number): each item delivered and the proof recorded in one step.',
    request: z
      .object({
        personKey: PersonKey,
        custodyIds: z.array(CustodyId).min(1, 'Choose the items handed over').max(50),
        collector: Collector,
        idNumber: IdNumber.optional(),
        signature: SignatureStrokes.optional(),
        photoJpegBase64: z
          .string()
          .max(MAX_PHOTO_BASE64, `The photo is larger than ${MAX_COLLECTION_PHOTO_BYTES / 1024} KB: take it again`)
          .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'The photo is not an image the camera took: take it again')
          .optional(),
      })
      .strict(),
    response: z.object({
      collectionId: z.string(),
      delivered: z.array(CustodyId),
      signatureSha256: z.string().nullable(),
      photoSha256: z.string().nullable(),
    }),
    roles: ALL_ROLES,
  }),
  'collection.checkIdNumber': command({
    summary:
      "Whether an ID document's number, read from the document in hand, is the one recorded at an item's hand-over at the counter (case, spaces, dots, dashes and slashes aside): checked against the salted hash its audit event holds, until the recipients retention removes the salt.",
    request: z.object({ custodyId: CustodyId, idNumber: IdNumber }).strict(),
    response: z.object({ matches: z.boolean() }),
    roles: SUPERVISORS,
  }),
  'collection.signature': command({
    summary: 'The signature image (SVG) recorded at a hand-over, by its SHA-256, for the receipt and the custody form.',
    request: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    response: z.object({ svg: z.string(), sha256: z.string() }),
    roles: ALL_ROLES,
  }),
} as const;
