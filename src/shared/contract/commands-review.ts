import { z } from 'zod';
import { ALL_ROLES, command, Empty, SUPERVISORS } from './commandSpec.ts';
import { CustodyId, RecordMode } from './item.ts';
import { IncidentType } from './workflow.ts';

// The remote second review (issue 13): the site's queue of other stations' inconclusive X-ray scans,
// a scan's image, a trained reviewer's answer, and what the scan's station did with the answers.

const StationId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'write the station ID as the station shows it (ST-…)');
const ScanRef = z.string().min(1).max(200);

/** An inconclusive scan of another station waiting for a second review. */
export const RemoteReviewScan = z.object({
  station: z.string(),
  verdictSeq: z.number().int().positive(),
  custodyId: z.string(),
  scanRef: z.string(),
  at: z.string(),
  mode: RecordMode,
  /** The first reviewer as that station's chain names them (`operator:<id>`). */
  firstReviewer: z.string(),
  findings: z.array(z.string()),
  notes: z.string(),
  imageSha256: z.string().nullable(),
  /** Answers its station refused so far (the scan still waits). */
  refused: z.number().int().nonnegative(),
});
export type RemoteReviewScan = z.infer<typeof RemoteReviewScan>;

/** An answer as the site holds it, with what the scan's station did with it (null: not yet). */
export const RemoteReviewAnswer = z.object({
  id: z.number().int(),
  station: z.string(),
  custodyId: z.string(),
  scanRef: z.string(),
  byStation: z.string().nullable(),
  reviewerName: z.string(),
  verdict: z.enum(['clear', 'suspect']),
  notes: z.string(),
  at: z.string(),
  /** `concurring`: the scan was reviewed already with the same verdict (site schema 12); `dissent`: with another. */
  outcome: z.enum(['written', 'dissent', 'concurring', 'refused']).nullable(),
  /** The station's reason (dissent, concurring, refused), or null. */
  reason: z.string().nullable(),
});
export type RemoteReviewAnswer = z.infer<typeof RemoteReviewAnswer>;

/** Why the site's reviews cannot be shown now: no site configured, or the site not reached. */
const Unavailable = z.string().nullable();

export const reviewCommands = {
  'review.siteQueue': command({
    summary: 'The site\'s queue: other stations\' inconclusive X-ray scans waiting for a second review, and this station\'s answers with their fate.',
    request: Empty,
    response: z.object({ unavailable: Unavailable, scans: z.array(RemoteReviewScan), given: z.array(RemoteReviewAnswer) }),
    roles: ALL_ROLES,
  }),
  'review.siteImage': command({
    summary: 'The image of another station\'s inconclusive scan, from the site (checked against its SHA-256).',
    request: z.object({ station: StationId, scanRef: ScanRef }).strict(),
    response: z.object({ dataUrl: z.string(), sha256: z.string() }),
    roles: ALL_ROLES,
  }),
  'review.answerSite': command({
    summary: 'Record the second review of another station\'s inconclusive scan (a trained reviewer of the site roster): it is written at that station, which stays the authority.',
    request: z
      .object({
        station: StationId,
        verdictSeq: z.number().int().positive(),
        custodyId: CustodyId,
        scanRef: ScanRef,
        verdict: z.enum(['clear', 'suspect']),
        notes: z.string().trim().max(2000).default(''),
        incidentType: IncidentType.optional(),
      })
      .strict(),
    response: z.object({ answer: RemoteReviewAnswer }),
    roles: ALL_ROLES,
  }),
  'review.siteDissent': command({
    summary: 'Second reviews of this station\'s scans answered through the site after the scan was reviewed: dissent (another verdict) or concurring (the same), for the coordinator.',
    request: Empty,
    response: z.object({ unavailable: Unavailable, dissent: z.array(RemoteReviewAnswer) }),
    roles: SUPERVISORS,
  }),
} as const;
