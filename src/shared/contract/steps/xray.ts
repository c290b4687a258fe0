import { z } from 'zod';
import { ALL_ROLES } from '../commandSpec.ts';
import { auditSpec, maybeText, sha256, step, text } from '../auditSpec.ts';
import { IncidentType } from '../workflow.ts';
import { XrayFinding, XrayVerdict } from '../xray.ts';
import { ItemRef, Notes, stepCommand, stepContract } from './stepContract.ts';

// The X-ray: a scan asked of the cabinet, its image, the verdict and, when inconclusive, a second review.

/** Where a second review answered through the site came from: the site's answer number, the answering station (null: a console), the role that sent it. */
export const RemoteReviewOrigin = z.object({ answer: z.number().int().positive(), station: z.string().nullable(), by: z.string() }).strict();
export type RemoteReviewOrigin = z.infer<typeof RemoteReviewOrigin>;

export const XrayScanRecord = z.object({
  id: z.number().int(),
  deviceId: z.string(),
  scanRef: z.string(),
  imageSha256: z.string().nullable(),
  imageFile: z.string().nullable(),
  verdict: XrayVerdict.nullable(),
  findings: z.array(XrayFinding),
  notes: z.string(),
  reviewerId: z.string().nullable(),
  secondVerdict: XrayVerdict.nullable(),
  secondReviewerId: z.string().nullable(),
  secondNotes: z.string().nullable(),
  requestedBy: z.string(),
  requestedAt: z.iso.datetime(),
});
export type XrayScanRecord = z.infer<typeof XrayScanRecord>;

export const xrayContract = stepContract({
  name: 'xray',
  commands: {
    'xray.requestScan': stepCommand({
      summary: 'Ask the X-ray cabinet for a scan of this item (the cabinet may refuse).',
      request: ItemRef.extend({ deviceId: z.string().min(1).optional() }).strict(),
      roles: ALL_ROLES,
    }),
    'xray.recordVerdict': stepCommand({
      summary: 'Record the X-ray verdict and findings.',
      request: ItemRef.extend({
        verdict: XrayVerdict,
        findings: z.array(XrayFinding).max(10).default([]),
        notes: Notes,
        incidentType: IncidentType.optional(),
      }).strict(),
      roles: ALL_ROLES,
    }),
    'xray.secondReview': stepCommand({
      summary: 'A second operator reviews an inconclusive X-ray: clear or suspect.',
      request: ItemRef.extend({ verdict: XrayVerdict.exclude(['inconclusive']), notes: Notes, incidentType: IncidentType.optional() }).strict(),
      roles: ALL_ROLES,
    }),
  },
  audit: {
    'xray.scanRequested': auditSpec(['item'], z.object({ ...step, scanRef: text, deviceId: text })),
    'xray.scanRefused': auditSpec(['item'], z.object({ scanRef: text, reason: text })),
    'xray.imageCaptured': auditSpec(['item'], z.object({ scanRef: text, sha256, file: text })),
    'xray.verdictRecorded': auditSpec(['item'], z.object({ ...step, verdict: text, findings: z.array(text), notes: z.string(), scanRef: maybeText })),
    // remote: answered through the site, at another station or the console (since issue 13).
    'xray.secondReview': auditSpec(['item'], z.object({ ...step, verdict: text, notes: z.string(), scanRef: maybeText, firstReviewer: maybeText, remote: RemoteReviewOrigin.optional() })),
  },
  detail: {
    xrayScans: z.array(XrayScanRecord),
  },
});
