// The station's values in the operator's words, for the screens and the papers alike.
export { CARRIER_NAMES, ITEM_STATE_NAMES, ITEM_TYPE_NAMES, ITEM_TYPES, carrierName, carrierNameOf, itemStateName, itemTypeName } from './itemWords.ts';
export {
  CUSTODY_KIND_NAMES,
  INCIDENT_OUTCOME_NAMES,
  INCIDENT_TYPE_NAMES,
  NOTIFY_AGENCY_NAMES,
  PERSON_INVOLVEMENT_NAMES,
  notifyAgencyName,
} from './incidentWords.ts';
