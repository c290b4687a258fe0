import { z } from 'zod';
import { command, SUPERVISORS, ALL_ROLES } from './commandSpec.ts';
import { CustodyId } from './item.ts';
import { IsoDate } from './workflow.ts';

// Reports carry names of people and of recipients: only the people who answer for the records get them.

/** The audit event that records the file leaving the station, and the file's own fingerprint. */
const RecordedAs = z.object({ auditSeq: z.number().int().positive().nullable(), fileSha256: z.string().regex(/^[0-9a-f]{64}$/) });
const PdfFile = z.object({ fileName: z.string(), pdfBase64: z.string(), recordedAs: RecordedAs });

/** The papers and files the station produces (issue "Labels, reports and records"). */
export const reportCommands = {
  'report.incident': command({
    summary: 'The incident / after-action report as a PDF.',
    request: z.object({ incidentId: z.number().int().positive() }).strict(),
    response: PdfFile,
    roles: SUPERVISORS,
  }),
  'report.custodyForm': command({
    summary: 'The chain-of-custody form that travels with the item, as a PDF.',
    request: z.object({ custodyId: CustodyId }).strict(),
    response: PdfFile,
    // Whoever isolates or hands over the item must be able to print the paper that goes with it.
    roles: ALL_ROLES,
  }),
  'report.dailyLog': command({
    summary: 'The daily screening log of live records for a date, as PDF or CSV.',
    request: z
      .object({
        date: IsoDate,
        format: z.enum(['pdf', 'csv']),
        /** live: real mail only; training: live plus demo records, marked as such. Drills are never in the log. */
        mode: z.enum(['live', 'training']).default('live'),
      })
      .strict(),
    response: z.object({ fileName: z.string(), contentBase64: z.string(), mimeType: z.enum(['application/pdf', 'text/csv']), recordedAs: RecordedAs }),
    roles: SUPERVISORS,
  }),
  'audit.export': command({
    summary: 'Export the audit events of a period as JSON lines with the chain head; the export is itself audited.',
    request: z
      .object({ from: IsoDate, to: IsoDate })
      .strict()
      .refine((r) => r.from <= r.to, { message: 'The period must start on or before its end (from <= to)', path: ['to'] }),
    response: z.object({
      fileName: z.string(),
      contentBase64: z.string(),
      events: z.number().int().nonnegative(),
      headHash: z.string().regex(/^[0-9a-f]{64}$/),
      recordedAs: RecordedAs,
    }),
    roles: SUPERVISORS,
  }),
} as const;
