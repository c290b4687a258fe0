import type { CustodyTransferView, IncidentOutcome, IncidentType, PersonInvolvement } from '../contract/index.ts';
import type { NotifyAgency } from '../domain/index.ts';

/** Incident types in the words of the protocols' titles: the incident screen and the papers. */
export const INCIDENT_TYPE_NAMES: Readonly<Record<IncidentType, string>> = {
  possibleExplosive: 'Possible explosive device',
  suspiciousSubstance: 'Suspicious powder or substance',
  radiological: 'Possible radiological item',
  threatLetter: 'Threat letter (no substance)',
  other: 'Other suspicion',
};

export const INCIDENT_OUTCOME_NAMES: Readonly<Record<IncidentOutcome, string>> = {
  hoax: 'Hoax',
  benign: 'Benign (harmless)',
  confirmed: 'Confirmed threat',
};

/** Who a notify step tells, as the operator says it on the phone log. */
export const NOTIFY_AGENCY_NAMES: Readonly<Record<NotifyAgency, string>> = {
  '911': '911 (police, fire, hazmat)',
  coordinator: 'Mail center security coordinator',
  supervisor: 'Supervisor',
  'building-security': 'Building security',
  USPIS: 'U.S. Postal Inspection Service',
  FPS: 'Federal Protective Service',
  FBI: 'FBI',
  police: 'Police',
  'fire-hazmat': 'Fire / hazmat',
  'public-health': 'Local public health',
  'health-safety-rep': 'Health & safety representative',
};

/** An agency named by a step, in words (an agency this version does not know is shown as written). */
export function notifyAgencyName(agency: string): string {
  return Object.hasOwn(NOTIFY_AGENCY_NAMES, agency) ? NOTIFY_AGENCY_NAMES[agency as NotifyAgency] : agency;
}

/** Each kind of custody transfer: the custody chain on screen and on the papers. */
export const CUSTODY_KIND_NAMES: Readonly<Record<CustodyTransferView['kind'], string>> = {
  quarantine: 'Quarantined',
  transfer: 'Transferred',
  handOver: 'Handed over to responders',
  release: 'Released',
  destroy: 'Destroyed',
};

export const PERSON_INVOLVEMENT_NAMES: Readonly<Record<PersonInvolvement, string>> = { present: 'Was present', handled: 'Handled the item', both: 'Present and handled it' };
