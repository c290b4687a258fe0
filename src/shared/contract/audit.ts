import { z } from 'zod';
import { RecordMode } from './item.ts';

export const AuditSubjectType = z.enum(['item', 'operator', 'incident', 'device', 'station', 'print-job', 'webhook', 'notice', 'person', 'department']);
export type AuditSubjectType = z.infer<typeof AuditSubjectType>;

/**
 * One entry of the append-only, hash-chained audit log. `hash` = SHA-256 over `prevHash` followed
 * by the canonical JSON (RFC 8785) of every other field; every other table's history can be
 * replayed from these.
 */
export const AuditEvent = z.object({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  actor: z.string(),
  station: z.string(),
  kind: z.string(),
  subjectType: AuditSubjectType,
  subjectId: z.string(),
  mode: RecordMode,
  payload: z.record(z.string(), z.unknown()),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const GENESIS_HASH = '0'.repeat(64);
