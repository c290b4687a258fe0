import { z } from 'zod';
import type { AuditSubjectType } from './audit.ts';

// What an entry of the audit catalog is made of, in a leaf of its own: the catalog (auditEvents.ts)
// and each screening step's module (steps/) write their entries with it.

export const text = z.string();
export const maybeText = z.string().nullable();
export const sha256 = z.string();
/** A lifecycle step's move, stamped by the station on every item step. */
export const step = { from: text, to: text };

/** The kind's subject types: most have one; a hold or a report is on whatever it holds or reports. */
export type AuditSpec = { readonly subjectTypes: readonly AuditSubjectType[]; readonly payload: z.ZodType<Record<string, unknown>> };

/** One catalog entry, keeping its exact subject types and payload schema. */
export const auditSpec = <const S extends readonly AuditSubjectType[], P extends z.ZodType<Record<string, unknown>>>(subjectTypes: S, payload: P) => ({ subjectTypes, payload });
