// Carrier names: one table for the screens and the papers (src/shared/words).
export { CARRIER_NAMES, carrierName } from '../../shared/words/index.ts';
