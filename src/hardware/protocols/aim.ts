// AIM symbology identifiers (ISO/IEC 15424): a scanner programmed to transmit them prefixes every
// read with `]` + a code character (the symbology family) + a modifier character (its variant).
// Mapping per docs/protocols/aim.md (NielsLeenheer/BarcodeParser `src/aim.js`).

export interface AimSplit {
  /** The three-character identifier as received, e.g. `]C1`; null when the data carries none. */
  aim: string | null;
  /** A human name for the symbology; null when there is no identifier or we do not know it. */
  symbology: string | null;
  /** The barcode data with the identifier removed. */
  data: string;
}

// A real identifier has a letter as its code and a letter or digit as its modifier. Anything else
// after a `]` is treated as data, so a barcode that merely starts with `]` is passed through whole.
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/** Families whose every modifier names the same symbology (the `]X?` rows of the table). */
const FAMILY: ReadonlyMap<string, string> = new Map(Object.entries({
  A: 'Code 39',
  F: 'Codabar',
  G: 'Code 93',
  H: 'Code 11',
  I: 'Interleaved 2 of 5',
  L: 'PDF417',
  U: 'MaxiCode',
}));

/** Identifiers whose modifier changes the meaning (GS1 variants, model numbers). */
const EXACT: ReadonlyMap<string, string> = new Map(Object.entries({
  C0: 'Code 128',
  C1: 'GS1-128',
  E4: 'EAN-8',
  e0: 'GS1 DataBar',
  Q0: 'QR Code Model 1',
  Q1: 'QR Code',
  Q2: 'QR Code',
  Q3: 'GS1 QR Code',
  Q4: 'GS1 QR Code',
  Q5: 'QR Code',
  Q6: 'QR Code',
  d0: 'Data Matrix',
  d1: 'Data Matrix',
  d2: 'GS1 DataMatrix',
  d3: 'Data Matrix',
  d4: 'Data Matrix',
  d5: 'GS1 DataMatrix',
  d6: 'Data Matrix',
}));

const AZTEC_GS1_MODIFIERS = new Set(['1', '4', '7', 'A']);
const AZTEC_MODIFIERS = new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C']);

/** `]E0` covers the whole EAN/UPC family; the digit count is what tells them apart (§3.3). */
function eanUpcName(data: string): string {
  if (!/^\d+$/.test(data)) return 'EAN/UPC';
  switch (data.length) {
    case 13:
      return 'EAN-13';
    case 12:
      return 'UPC-A';
    case 8:
      return 'UPC-E';
    default:
      return 'EAN/UPC';
  }
}

/** The symbology an identifier names, or null when it is not in the table (`]X?` is "other"). */
export function symbologyOf(aim: string, data: string): string | null {
  const code = aim.charAt(1);
  const modifier = aim.charAt(2);
  const exact = EXACT.get(code + modifier);
  if (exact !== undefined) return exact;
  const family = FAMILY.get(code);
  if (family !== undefined) return family;
  if (code === 'E' && modifier === '0') return eanUpcName(data);
  if (code === 'z' && AZTEC_MODIFIERS.has(modifier)) {
    return AZTEC_GS1_MODIFIERS.has(modifier) ? 'GS1 Aztec' : 'Aztec';
  }
  return null;
}

/** Splits a leading AIM identifier off a decoded scan. Pure and total: never throws. */
export function splitAimIdentifier(data: string): AimSplit {
  if (!AIM_PREFIX.test(data)) return { aim: null, symbology: null, data };
  const aim = data.slice(0, 3);
  const rest = data.slice(3);
  return { aim, symbology: symbologyOf(aim, rest), data: rest };
}
