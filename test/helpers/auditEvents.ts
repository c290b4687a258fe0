import type { AuditSubjectType, RecordMode } from '../../src/shared/contract/index.ts';
import type { NewAuditEvent } from '../../src/main/store/index.ts';

/**
 * An event the catalog does not describe (a stand-in kind, or a payload of another shape), for
 * tests of what the chain and its readers do with whatever an older or other version wrote: the
 * chain itself takes any kind. The station's own code cannot append one of these: it does not compile.
 */
export function uncatalogued(event: { actor: string; kind: string; subjectType: AuditSubjectType; subjectId: string; mode: RecordMode; payload: Record<string, unknown> }): NewAuditEvent {
  return event as unknown as NewAuditEvent;
}
