import type { IncidentView, PersonInvolvement } from '../../shared/contract/index.ts';
import type { IncidentRecordField, SopStep } from '../../shared/domain/index.ts';
import { notifyAgencyName, NOTIFY_AGENCY_NAMES } from '../../shared/words/index.ts';

/** What of the incident's record a step's requirement is checked against. */
export type IncidentRecordSoFar = Pick<IncidentView, 'persons' | 'notifications' | 'witnessStatements' | 'responders' | 'details' | 'custody'>;

const PRESENT: readonly PersonInvolvement[] = ['present', 'both'];
const HANDLED: readonly PersonInvolvement[] = ['handled', 'both'];

/** Agency text compared loosely: "U.S. Postal Inspection Service", "uspis" and "USPIS" are one agency. */
function agencyKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function calledAgency(step: Extract<SopStep, { kind: 'notify' }>, record: IncidentRecordSoFar): boolean {
  const names = new Set([agencyKey(step.agency), agencyKey(NOTIFY_AGENCY_NAMES[step.agency])]);
  return record.notifications.some((n) => n.stepId === step.id || names.has(agencyKey(n.agency)));
}

const DOCUMENTATION_FIELDS = ['location', 'substanceDescription', 'mailPieceDescription', 'addressee', 'mailer'] as const;

/** Each record field a step may ask for: whether the incident holds it, and what to say when it does not. */
const FIELD_RECORDED: Readonly<Record<IncidentRecordField, { recorded(record: IncidentRecordSoFar): boolean; missing: string }>> = {
  personsPresent: { recorded: (r) => r.persons.some((p) => PRESENT.includes(p.involvement)), missing: 'at least one person who was present' },
  personsHandled: { recorded: (r) => r.persons.some((p) => HANDLED.includes(p.involvement)), missing: 'at least one person who handled the item' },
  notifications: { recorded: (r) => r.notifications.length > 0, missing: 'at least one notification logged' },
  evacuationDistance: { recorded: (r) => r.details.evacuationDistanceMeters !== undefined, missing: 'the evacuation distance' },
  documentation: { recorded: (r) => DOCUMENTATION_FIELDS.some((field) => (r.details[field] ?? '').trim() !== ''), missing: 'the documentation of the item (where it is, what it looks like)' },
  witnessStatements: { recorded: (r) => r.witnessStatements.length > 0, missing: 'at least one witness statement' },
  responderArrival: { recorded: (r) => r.responders.length > 0, missing: 'the responders’ arrival' },
  seal: { recorded: (r) => r.custody.some((t) => t.sealNumbers.length > 0), missing: 'a seal number (record the custody with its seal)' },
};

/**
 * What the SOP asks a step to leave on the record that the incident does not hold yet, in the
 * operator's words: a notify step its logged call, a record step each of its fields. Empty when
 * the step asks for nothing or everything is there. A step with something missing is done only
 * with a "could not, because …" reason (IncidentService.acknowledgeStep).
 */
export function missingStepRecords(step: SopStep, record: IncidentRecordSoFar): string[] {
  switch (step.kind) {
    case 'notify':
      return calledAgency(step, record) ? [] : [`a logged call to ${notifyAgencyName(step.agency)}`];
    case 'record':
      return step.records.filter((field) => !FIELD_RECORDED[field].recorded(record)).map((field) => FIELD_RECORDED[field].missing);
    case 'action':
    case 'decision':
      return [];
  }
}
