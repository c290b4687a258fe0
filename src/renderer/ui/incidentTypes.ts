import type { IncidentOutcome, IncidentType } from '../../shared/contract/index.ts';

/** Incident types in the words of the protocols' titles. */
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
