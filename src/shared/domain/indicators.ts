import { z } from 'zod';
import type { HazardType } from './sop.ts';

/**
 * The suspicious-mail indicator catalog a screener ticks during inspection: USPS Poster 84
 * (reference §1.1, source S2) plus the extended grouped checklist (reference §1.2).
 *
 * Codes are recorded in inspections and audit events that must stay readable for years, so a code
 * is NEVER renumbered and NEVER reused for a different meaning. An indicator that is no longer
 * wanted is retired (`retired: true`): it stays in the catalog and in `IndicatorCode` so old records
 * still parse, and the checklist stops offering it. New indicators get the next free number in
 * their group.
 *
 * Where a §1.2 line says the same thing as a Poster 84 item, the Poster 84 code covers it (listed in
 * `referenceIds`) rather than giving one observation two codes. Poster 84 items take the §1.2 group
 * of the line they stand for, so the checklist can show one grouped list.
 *
 * No indicator or combination of indicators clears an item (design invariant 7); `hazardHint` only
 * suggests which incident protocol to open when the screener raises the item as suspect.
 */

export const INDICATOR_GROUPS = [
  { id: 'sender', codePrefix: 'SENDER', label: 'Sender / return address' },
  { id: 'addressing', codePrefix: 'ADDR', label: 'Addressee / addressing' },
  { id: 'postage', codePrefix: 'POST', label: 'Postage / postmark' },
  { id: 'markings', codePrefix: 'MARK', label: 'Markings / endorsements' },
  { id: 'sealing', codePrefix: 'SEAL', label: 'Sealing / wrapping' },
  { id: 'shape', codePrefix: 'SHAPE', label: 'Shape / weight / feel' },
  { id: 'substance', codePrefix: 'SUBST', label: 'Stains / residues / substance' },
  { id: 'device', codePrefix: 'DEVICE', label: 'Device signs' },
  { id: 'delivery', codePrefix: 'DELIV', label: 'Delivery circumstances' },
  { id: 'opening', codePrefix: 'OPEN', label: 'Found when opening' },
] as const;
export type IndicatorGroupId = (typeof INDICATOR_GROUPS)[number]['id'];
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

/** Every code ever issued, in checklist order. Append only; see the note at the top of the file. */
export const INDICATOR_CODES = [
  'P84-01',
  'P84-02',
  'P84-03',
  'P84-04',
  'P84-05',
  'P84-06',
  'P84-07',
  'P84-08',
  'P84-09',
  'P84-10',
  'P84-11',
  'P84-12',
  'P84-13',
  'P84-14',
  'P84-15',
  'EXT-SENDER-01',
  'EXT-SENDER-02',
  'EXT-SENDER-03',
  'EXT-ADDR-01',
  'EXT-ADDR-02',
  'EXT-ADDR-03',
  'EXT-POST-01',
  'EXT-POST-02',
  'EXT-POST-03',
  'EXT-MARK-01',
  'EXT-MARK-02',
  'EXT-MARK-03',
  'EXT-SEAL-01',
  'EXT-SEAL-02',
  'EXT-SEAL-03',
  'EXT-SEAL-04',
  'EXT-SHAPE-01',
  'EXT-SHAPE-02',
  'EXT-DEVICE-01',
  'EXT-DEVICE-02',
  'EXT-DEVICE-03',
  'EXT-DELIV-01',
  'EXT-OPEN-01',
] as const;

/** A stable indicator code, as stored in an inspection record. */
export const IndicatorCode = z.enum(INDICATOR_CODES);
export type IndicatorCode = z.infer<typeof IndicatorCode>;

export interface Indicator {
  readonly code: IndicatorCode;
  /** What the checklist shows: readable at a glance, at most 60 characters. */
  readonly label: string;
  /** What to look for, with the reference's examples. */
  readonly description: string;
  readonly group: IndicatorGroupId;
  /** 'poster84': an item of USPS Poster 84; 'extended': only in the §1.2 extended list. */
  readonly source: 'poster84' | 'extended';
  /** Source IDs from the reference's source register (S2 = Poster 84, S8 = CDC, …). */
  readonly sourceTags: readonly string[];
  /** The reference's own line numbers this code stands for (§1.1 item, §1.2 group+number). */
  readonly referenceIds: readonly string[];
  /** The incident protocol the indicator points to, if any. A hint: the operator chooses. */
  readonly hazardHint: HazardType | null;
  readonly retired: boolean;
}

type Entry = Omit<Indicator, 'code' | 'retired'> & { readonly retired?: boolean };

// Hazard hints follow the reference's own grouping: §1.2 G is headed "(CBR)" and H "Device signs";
// F4 and D4 are stated for mail bombs. The shape/weight hints (F) and the threatening-language hint
// are inferred. Everything else suggests no particular protocol.
const CATALOG = {
  'P84-01': {
    label: 'No return address',
    description: 'The item has no return address.',
    group: 'sender',
    source: 'poster84',
    sourceTags: ['S2', 'S8', 'S10', 'S12'],
    referenceIds: ['1.1-1', 'A1'],
    hazardHint: null,
  },
  'P84-02': {
    label: 'Restrictive markings',
    description:
      'Restrictive endorsements such as "Personal", "Confidential", "Private", "Eyes Only", "Special Delivery", "To be opened only by addressee" or "Do not X-ray".',
    group: 'markings',
    source: 'poster84',
    sourceTags: ['S2', 'S8', 'S13'],
    referenceIds: ['1.1-2', 'D1'],
    hazardHint: null,
  },
  'P84-03': {
    label: 'Sealed with tape',
    description: 'The item is sealed with tape.',
    group: 'sealing',
    source: 'poster84',
    sourceTags: ['S2'],
    referenceIds: ['1.1-3'],
    hazardHint: null,
  },
  'P84-04': {
    label: 'Misspelled words',
    description: 'Misspelling of common words, names, titles or locations.',
    group: 'addressing',
    source: 'poster84',
    sourceTags: ['S2', 'S8'],
    referenceIds: ['1.1-4', 'B7'],
    hazardHint: null,
  },
  'P84-05': {
    label: 'Badly typed or written',
    description: 'Handwritten or poorly typed address, distorted handwriting, or cut-and-paste lettering.',
    group: 'addressing',
    source: 'poster84',
    sourceTags: ['S2', 'S8', 'S12'],
    referenceIds: ['1.1-5', 'B6'],
    hazardHint: null,
  },
  'P84-06': {
    label: 'Unknown powder or suspicious substance',
    description:
      'Powder on the item or felt through it; powder or liquid coming out; wrapping stained by leakage. Not only white powder: crystalline, oily, waxy or liquid material counts too.',
    group: 'substance',
    source: 'poster84',
    sourceTags: ['S2', 'S8', 'S13', 'S16'],
    referenceIds: ['1.1-6', 'G2', 'G4'],
    hazardHint: 'suspiciousSubstance',
  },
  'P84-07': {
    label: 'Possibly mailed from a foreign country',
    description: 'The return address or origin is foreign, or an origin you would not expect.',
    group: 'sender',
    source: 'poster84',
    sourceTags: ['S2', 'S11', 'S13'],
    referenceIds: ['1.1-7', 'A4'],
    hazardHint: null,
  },
  'P84-08': {
    label: 'Excessive postage',
    description: 'More stamps or postage than the size and weight of the item need.',
    group: 'postage',
    source: 'poster84',
    sourceTags: ['S2', 'S8', 'S13'],
    referenceIds: ['1.1-8', 'C1'],
    hazardHint: null,
  },
  'P84-09': {
    label: 'Oily stains, discoloration or crystals on wrapper',
    description: 'Oily or greasy stains, discoloration, or crystallization on the wrapper.',
    group: 'substance',
    source: 'poster84',
    sourceTags: ['S2', 'S13'],
    referenceIds: ['1.1-9', 'G1'],
    hazardHint: 'suspiciousSubstance',
  },
  'P84-10': {
    label: 'Excessive tape',
    description: 'Excessive tape, string or other securing material.',
    group: 'sealing',
    source: 'poster84',
    sourceTags: ['S2', 'S8', 'S11'],
    referenceIds: ['1.1-10', 'E1'],
    hazardHint: null,
  },
  'P84-11': {
    label: 'Strange odor',
    description: 'A strange smell, for example of shoe polish or almonds. Do not sniff the item to check.',
    group: 'substance',
    source: 'poster84',
    sourceTags: ['S2', 'S12'],
    referenceIds: ['1.1-11', 'G3'],
    hazardHint: 'suspiciousSubstance',
  },
  'P84-12': {
    label: 'Incorrect title or addressed to title only',
    description: 'Addressed to a title only (a title but no name), or to a wrong title with a name.',
    group: 'addressing',
    source: 'poster84',
    sourceTags: ['S2', 'S8', 'S9'],
    referenceIds: ['1.1-12', 'B1', 'B2', 'B3'],
    hazardHint: null,
  },
  'P84-13': {
    label: 'Rigid or bulky',
    description: 'Rigid or bulky; a stiff envelope containing cardboard, metal or plastic.',
    group: 'shape',
    source: 'poster84',
    sourceTags: ['S2', 'S24'],
    referenceIds: ['1.1-13', 'F1'],
    hazardHint: 'possibleExplosive',
  },
  'P84-14': {
    label: 'Lopsided or uneven',
    description: 'Lopsided, uneven or oddly shaped.',
    group: 'shape',
    source: 'poster84',
    sourceTags: ['S2', 'S13'],
    referenceIds: ['1.1-14', 'F2'],
    hazardHint: 'possibleExplosive',
  },
  'P84-15': {
    label: 'Protruding wires',
    description: 'Wires or aluminium foil sticking out of the item.',
    group: 'device',
    source: 'poster84',
    sourceTags: ['S2', 'S8'],
    referenceIds: ['1.1-15', 'H1'],
    hazardHint: 'possibleExplosive',
  },
  'EXT-SENDER-01': {
    label: 'Return address cannot be verified or is fictitious',
    description: 'The return address cannot be verified as legitimate, or is fictitious.',
    group: 'sender',
    source: 'extended',
    sourceTags: ['S8', 'S12', 'S14'],
    referenceIds: ['A2'],
    hazardHint: null,
  },
  'EXT-SENDER-02': {
    label: 'Return address nonsensical, incomplete or unusual',
    description: 'The return address is nonsensical or unknown, or illogical, incomplete or unusual.',
    group: 'sender',
    source: 'extended',
    sourceTags: ['S11', 'S24'],
    referenceIds: ['A3'],
    hazardHint: null,
  },
  'EXT-SENDER-03': {
    label: 'Unknown sender or unexpected item',
    description: 'The sender is unknown or the item is not expected, especially if it was hand delivered.',
    group: 'sender',
    source: 'extended',
    sourceTags: ['S8', 'S13', 'S14'],
    referenceIds: ['A5'],
    hazardHint: null,
  },
  'EXT-ADDR-01': {
    label: 'Addressed to someone who has left',
    description: 'Addressed to someone no longer at the organisation, or otherwise out of date.',
    group: 'addressing',
    source: 'extended',
    sourceTags: ['S8', 'S14'],
    referenceIds: ['B4'],
    hazardHint: null,
  },
  'EXT-ADDR-02': {
    label: 'Not addressed to a specific person',
    description: 'The item is not addressed to a specific person.',
    group: 'addressing',
    source: 'extended',
    sourceTags: ['S8'],
    referenceIds: ['B5'],
    hazardHint: null,
  },
  'EXT-ADDR-03': {
    label: 'Inaccurate address or unusual printing',
    description: 'Poorly or inaccurately addressed; address printed unevenly or unusually; unfamiliar writing or an unusual style.',
    group: 'addressing',
    source: 'extended',
    sourceTags: ['S13'],
    referenceIds: ['B8'],
    hazardHint: null,
  },
  'EXT-POST-01': {
    label: 'No postage, or postage not cancelled',
    description: 'The item carries no postage, or its postage has not been cancelled.',
    group: 'postage',
    source: 'extended',
    sourceTags: ['S11', 'S12'],
    referenceIds: ['C2'],
    hazardHint: null,
  },
  'EXT-POST-02': {
    label: 'Postmark does not match return address',
    description: 'The postmark city or state does not match the return address.',
    group: 'postage',
    source: 'extended',
    sourceTags: ['S8'],
    referenceIds: ['C3'],
    hazardHint: null,
  },
  'EXT-POST-03': {
    label: 'Unusual postmark or no postmark',
    description: 'The postmark is unusual, or there is none.',
    group: 'postage',
    source: 'extended',
    sourceTags: ['S13'],
    referenceIds: ['C4'],
    hazardHint: null,
  },
  'EXT-MARK-01': {
    label: 'Threatening language on the item',
    description: 'Threatening language or messages written on the item.',
    group: 'markings',
    source: 'extended',
    sourceTags: ['S8', 'S12'],
    referenceIds: ['D2'],
    hazardHint: 'threatLetter',
  },
  'EXT-MARK-02': {
    label: 'Marked to be opened at one end or one way',
    description: 'Labelling or sealing that encourages opening at a particular end or in a particular way.',
    group: 'markings',
    source: 'extended',
    sourceTags: ['S13'],
    referenceIds: ['D3'],
    hazardHint: 'possibleExplosive',
  },
  'EXT-MARK-03': {
    label: 'Marked "Fragile", "Rush" or "Handle with Care"',
    description: 'Wording such as "Fragile", "Rush" or "Handle with Care", which has been seen on mail bombs.',
    group: 'markings',
    source: 'extended',
    sourceTags: ['S24'],
    referenceIds: ['D4'],
    hazardHint: 'possibleExplosive',
  },
  'EXT-SEAL-01': {
    label: 'Envelope flap stuck down completely',
    description: 'The flap is stuck down along its whole length; gummed flaps normally leave small gaps at the edges.',
    group: 'sealing',
    source: 'extended',
    sourceTags: ['S13'],
    referenceIds: ['E2'],
    hazardHint: null,
  },
  'EXT-SEAL-02': {
    label: 'Inner envelope, or contents hard to remove',
    description: 'An additional inner envelope, or contents that look difficult to remove.',
    group: 'sealing',
    source: 'extended',
    sourceTags: ['S13'],
    referenceIds: ['E3'],
    hazardHint: null,
  },
  'EXT-SEAL-03': {
    label: 'Padded envelope or other bulky package',
    description: 'A padded envelope ("Jiffy bag") or another bulky package.',
    group: 'sealing',
    source: 'extended',
    sourceTags: ['S13'],
    referenceIds: ['E4'],
    hazardHint: null,
  },
  'EXT-SEAL-04': {
    label: 'Torn, opened or damaged',
    description: 'The envelope or wrapping is torn or opened, or the item is damaged.',
    group: 'sealing',
    source: 'extended',
    sourceTags: ['S24'],
    referenceIds: ['E5'],
    hazardHint: null,
  },
  'EXT-SHAPE-01': {
    label: 'Too heavy for its size, or uneven weight',
    description: 'Excessive weight, weight out of proportion to the size, or weight unevenly distributed.',
    group: 'shape',
    source: 'extended',
    sourceTags: ['S8', 'S13'],
    referenceIds: ['F3'],
    hazardHint: 'possibleExplosive',
  },
  'EXT-SHAPE-02': {
    label: 'Letter at least 3 mm thick and 43 g (letter-bomb size)',
    description:
      'UK postal-bomb heuristic: a letter bomb is unlikely to be thinner than 3 mm (1/8") or lighter than 43 g (1 oz). Tick it for a letter at or above both. Being below them does not clear an item.',
    group: 'shape',
    source: 'extended',
    sourceTags: ['S15'],
    referenceIds: ['F4'],
    hazardHint: 'possibleExplosive',
  },
  'EXT-DEVICE-01': {
    label: 'Ticking, buzzing, clicking or vibration',
    description: 'Ticking, buzzing, clicking, an electronic buzz, vibration or any other sound from the item.',
    group: 'device',
    source: 'extended',
    sourceTags: ['S8', 'S11', 'S24'],
    referenceIds: ['H2', 'H4'],
    hazardHint: 'possibleExplosive',
  },
  'EXT-DEVICE-02': {
    label: 'Small holes in the envelope or wrapping',
    description: 'One or more small holes in the envelope or wrapping.',
    group: 'device',
    source: 'extended',
    sourceTags: ['S13'],
    referenceIds: ['H3'],
    hazardHint: 'possibleExplosive',
  },
  'EXT-DEVICE-03': {
    label: 'Liquid sloshing inside',
    description: 'Liquid can be felt or heard sloshing inside the item. Do not shake it to check.',
    group: 'device',
    source: 'extended',
    sourceTags: ['S24'],
    referenceIds: ['H4'],
    hazardHint: 'possibleExplosive',
  },
  'EXT-DELIV-01': {
    label: 'Hand-delivered or delivered unusually',
    description: 'Hand-delivered, or delivered unusually: outside working hours, or by someone not from a parcel service.',
    group: 'delivery',
    source: 'extended',
    sourceTags: ['S13', 'S24'],
    referenceIds: ['I1'],
    hazardHint: null,
  },
  'EXT-OPEN-01': {
    label: 'Unexpected material found inside',
    description:
      'Found when opening: powder of any colour, soil, sand, liquid, oily or soapy residue, sticky substance, flakes, crystals or fibres.',
    group: 'opening',
    source: 'extended',
    sourceTags: ['S12'],
    referenceIds: ['J'],
    hazardHint: 'suspiciousSubstance',
  },
} as const satisfies Record<IndicatorCode, Entry>;

/** The whole catalog in checklist order, retired codes included (filter on `retired` to offer). */
export const INDICATORS: readonly Indicator[] = INDICATOR_CODES.map((code): Indicator => {
  const entry: Entry = CATALOG[code];
  return { ...entry, code, retired: entry.retired ?? false };
});

const BY_CODE = new Map<string, Indicator>(INDICATORS.map((indicator) => [indicator.code, indicator]));

/** The indicator for a code, or undefined for a string that is not a code. */
export function indicatorByCode(code: IndicatorCode): Indicator;
export function indicatorByCode(code: string): Indicator | undefined;
export function indicatorByCode(code: string): Indicator | undefined {
  return BY_CODE.get(code);
}

/** The indicators the checklist offers under one group heading, in catalog order. */
export function indicatorsInGroup(group: IndicatorGroupId): readonly Indicator[] {
  return INDICATORS.filter((indicator) => indicator.group === group && !indicator.retired);
}
