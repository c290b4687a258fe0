import type { Carrier } from '../../shared/contract/index.ts';

/** Carrier names as the labels on the mail print them. */
export const CARRIER_NAMES: Readonly<Record<Carrier, string>> = {
  ups: 'UPS',
  fedex: 'FedEx',
  usps: 'USPS',
  dhl: 'DHL',
  amazon: 'Amazon',
  s10: 'UPU S10 (international post)',
};

export function carrierName(carrier: Carrier | null): string {
  return carrier === null ? 'No carrier number' : CARRIER_NAMES[carrier];
}
