import type { Carrier } from '../mailVocabulary.ts';
import type { ChecksumRule, Mod10Rule } from './checksums.ts';
import { S10_COUNTRY_CODES } from './s10Countries.ts';

/**
 * The tracking-number formats the station claims to recognize, with the rules of the
 * jkeen/tracking_number_data courier files (ids and names are the data set's, so a result can be traced
 * to its entry). The data set's patterns tolerate spaces; ours run on the normalized code and are anchored.
 */

/** One way of reading a code as a format: what the check digit covers and the digit itself. */
export type Reading = {
  /** The characters the check digit is computed over, after any serial_number_format rule. */
  readonly data: string;
  /** null for formats without a check digit. */
  readonly checkDigit: string | null;
};

export type TrackingFormat = {
  readonly id: string;
  readonly name: string;
  readonly carrier: Carrier;
  readonly checksum: ChecksumRule | null;
  /**
   * Every reading of the normalized code as this format. Usually zero or one; several when a routing
   * prefix can be split more than one way and only the check digit tells which split is right.
   */
  readonly read: (code: string) => readonly Reading[];
  /** A further rule beyond the check digit; returns why the reading fails it, or null. */
  readonly lookup?: (code: string) => string | null;
};

/** GS1 mod 10 as the data set spells it for an odd-length serial: weight 3 on the rightmost digit. */
const GS1_ODD_SERIAL: Mod10Rule = { name: 'mod10', modulo: 10, evensMultiplier: 3, oddsMultiplier: 1, reverse: false };
/** The same GS1 weighting for an even-length serial. */
const GS1_EVEN_SERIAL: Mod10Rule = { name: 'mod10', modulo: 10, evensMultiplier: 1, oddsMultiplier: 3, reverse: false };

/** A format whose regex captures the checked data as group 1 and the check digit as group 2. */
function byRegex(pattern: RegExp): (code: string) => readonly Reading[] {
  return (code) => {
    const match = pattern.exec(code);
    if (!match) return [];
    return [{ data: match[1] ?? '', checkDigit: match[2] ?? null }];
  };
}

/**
 * USPS codes may carry the routing prefix 420 + ZIP5 or 420 + ZIP+4 in front of the number. A 34-digit
 * code can be read as ZIP5 + 26 or ZIP+4 + 22, so every split allowed by the data set is returned.
 */
function withRoutingPrefix(
  body: (code: string) => Reading | null,
  allowedAfterZip5: (length: number) => boolean,
  allowedAfterZip9: (length: number) => boolean,
): (code: string) => readonly Reading[] {
  return (code) => {
    const readings: Reading[] = [];
    const plain = body(code);
    if (plain) readings.push(plain);
    if (/^420[0-9]{5}/.test(code)) {
      const afterZip5 = code.slice(8);
      const zip5 = allowedAfterZip5(afterZip5.length) ? body(afterZip5) : null;
      if (zip5) readings.push(zip5);
      const afterZip9 = code.slice(12);
      const zip9 = /^420[0-9]{9}/.test(code) && allowedAfterZip9(afterZip9.length) ? body(afterZip9) : null;
      if (zip9) readings.push(zip9);
    }
    return readings;
  };
}

function splitCheck(number: string): Reading {
  return { data: number.slice(0, -1), checkDigit: number.slice(-1) };
}

// The Mailer ID is 9 digits when it starts with 9, else 6; the package ID length depends on it.
const IMPB_N = /^94[0-9]{3}(?:9[0-9]{8}(?:[0-9]{15}|[0-9]{11}|[0-9]{7})|[0-8][0-9]{5}(?:[0-9]{14}|[0-9]{10}))[0-9]$/;
const IMPB_C =
  /^(?:92[0-9]{3}9[0-9]{8}(?:[0-9]{11}|[0-9]{7})|93[0-9]{3}[0-8][0-9]{5}(?:[0-9]{14}|[0-9]{10})|95[0-9]{3}(?:9[0-9]{8}(?:[0-9]{11}|[0-9]{7})|[0-8][0-9]{5}(?:[0-9]{14}|[0-9]{10})))[0-9]$/;
const USPS_LEGACY = /^(?:91)?[0-9]{20}$/;

const is22 = (length: number): boolean => length === 22;
const is22or26 = (length: number): boolean => length === 22 || length === 26;
const any = (): boolean => true;

/**
 * Carrier priority: when two formats accept the same code, the earlier entry wins (first a reading whose
 * check digit holds, else the first reading's failure is reported). Today the claimed formats overlap only
 * inside USPS (20 digits: USPS 20 or Legacy; 34 digits: two routing splits), and their lengths and
 * prefixes keep carriers apart: 10–11 digits DHL, 12 FedEx Express, 15 FedEx Ground, 22 starting 96
 * FedEx Ground, 22 starting 91–95 USPS. The order is the rule that will decide once a format that
 * shares digits with another is added (e.g. DHL eCommerce 14 or FedEx 34): FedEx before USPS before DHL.
 */
export const TRACKING_FORMATS: readonly TrackingFormat[] = [
  {
    id: 'ups',
    name: 'UPS',
    carrier: 'ups',
    checksum: { name: 'mod10', modulo: 10, evensMultiplier: 1, oddsMultiplier: 2, reverse: false },
    read: byRegex(/^1Z([A-Z0-9]{15})([0-9])$/),
  },
  {
    id: 'fedex_12',
    name: 'FedEx Express (12)',
    carrier: 'fedex',
    checksum: {
      name: 'sum_product_with_weightings_and_modulo',
      weightings: [3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1],
      modulo1: 11,
      modulo2: 10,
    },
    read: byRegex(/^([0-9]{11})([0-9])$/),
  },
  {
    id: 'fedex_ground',
    name: 'FedEx Ground',
    carrier: 'fedex',
    checksum: GS1_EVEN_SERIAL,
    read: byRegex(/^([0-9]{14})([0-9])$/),
  },
  {
    id: 'fedex_ground_96',
    name: 'FedEx Ground 96 (22)',
    carrier: 'fedex',
    // Only shipper ID + package ID are checked; 96, the SCNC and the service type are not.
    checksum: GS1_EVEN_SERIAL,
    read: byRegex(/^96[0-9]{2}[0-9]{3}([0-9]{14})([0-9])$/),
  },
  {
    id: 'usps_impb_n',
    name: 'USPS IMpb N',
    carrier: 'usps',
    // The data set says reverse: true here; for the odd-length IMpb serials it weighs the same digits.
    checksum: { name: 'mod10', modulo: 10, evensMultiplier: 3, oddsMultiplier: 1, reverse: true },
    read: withRoutingPrefix((body) => (IMPB_N.test(body) ? splitCheck(body) : null), is22or26, is22),
  },
  {
    id: 'usps_impb_c',
    name: 'USPS IMpb C',
    carrier: 'usps',
    checksum: GS1_ODD_SERIAL,
    read: withRoutingPrefix((body) => (IMPB_C.test(body) ? splitCheck(body) : null), any, is22),
  },
  {
    id: 'usps_legacy',
    name: 'USPS Legacy',
    carrier: 'usps',
    checksum: GS1_ODD_SERIAL,
    read: withRoutingPrefix(
      (body) => {
        if (!USPS_LEGACY.test(body)) return null;
        const reading = splitCheck(body);
        // The data set's serial_number_format: the check covers the 91 application identifier even
        // when the label leaves it out.
        return reading.data.startsWith('91') ? reading : { ...reading, data: `91${reading.data}` };
      },
      any,
      any,
    ),
  },
  {
    id: 'usps_20',
    name: 'USPS 20',
    carrier: 'usps',
    checksum: GS1_ODD_SERIAL,
    read: byRegex(/^([0-9]{19})([0-9])$/),
  },
  {
    id: 'dhl_express',
    name: 'DHL Express',
    carrier: 'dhl',
    checksum: { name: 'mod7', modulo: 7 },
    read: byRegex(/^([0-9]{9,10})([0-9])$/),
  },
  {
    id: 'amazon_logistics',
    name: 'Amazon Logistics',
    carrier: 'amazon',
    checksum: null,
    read: (code) => (/^TB[ACM][0-9]{12}$/.test(code) ? [{ data: code, checkDigit: null }] : []),
  },
  {
    id: 's10',
    name: 'S10',
    carrier: 's10',
    checksum: { name: 's10', weightings: [8, 6, 4, 2, 3, 5, 9, 7], modulo: 11 },
    read: byRegex(/^[A-Z]{2}([0-9]{8})([0-9])[A-Z]{2}$/),
    lookup: (code) => {
      const country = code.slice(-2);
      return S10_COUNTRY_CODES.has(country) ? null : `S10 country code ${country} is not a known UPU member`;
    },
  },
];

/** The longest code any claimed format accepts (USPS with 420 + ZIP+4 routing). */
export const MAX_TRACKING_LENGTH = 34;
