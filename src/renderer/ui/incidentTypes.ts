// Incident types and outcomes: one table for the screens and the papers (src/shared/words).
export { INCIDENT_OUTCOME_NAMES, INCIDENT_TYPE_NAMES } from '../../shared/words/index.ts';
