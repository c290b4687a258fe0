import type { Dimensions, ItemType, WeightFlag } from '../../shared/contract/index.ts';

// Class limits as USPS states them: a letter up to 3.5 oz (99 g), a flat up to 13 oz (368 g).
const LETTER_LIMIT_G = 99.2;
const FLAT_LIMIT_G = 368.5;
// The UK heuristic: a letter bomb is unlikely under 3 mm or 43 g. It informs; it never clears.
const LETTER_BOMB_MIN_G = 43;
const LETTER_BOMB_MIN_MM = 3;
// Paper is about 0.7-1.2 g/cm3; mail denser than ~1.5 g/cm3 (metal, batteries, liquids in bulk) is worth a look.
const DENSITY_FLAG_G_PER_CM3 = 1.5;

/** Flags about an item's weight that deserve the operator's attention. None of them clears anything. */
export function weightFlags(grams: number, itemType: ItemType | null, dimensions: Dimensions | null): WeightFlag[] {
  const flags: WeightFlag[] = [];
  if (itemType === 'letter' && grams > LETTER_LIMIT_G) {
    flags.push({ code: 'letterOverClassLimit', message: `A letter weighing ${grams} g is heavier than a letter may be (99 g / 3.5 oz).` });
  }
  if (itemType === 'flat' && grams > FLAT_LIMIT_G) {
    flags.push({ code: 'flatOverClassLimit', message: `A flat weighing ${grams} g is heavier than a flat may be (368 g / 13 oz).` });
  }
  if (dimensions) {
    const volumeCm3 = (dimensions.lengthMm * dimensions.widthMm * dimensions.thicknessMm) / 1000;
    if (volumeCm3 > 0 && grams / volumeCm3 > DENSITY_FLAG_G_PER_CM3) {
      flags.push({ code: 'densityOutOfProportion', message: `Weight out of proportion to size: ${(grams / volumeCm3).toFixed(2)} g/cm³ (paper is about 1).` });
    }
  }
  if (itemType === 'letter' || itemType === 'flat' || itemType === 'padded-envelope') {
    const thin = dimensions ? dimensions.thicknessMm < LETTER_BOMB_MIN_MM : false;
    if (grams < LETTER_BOMB_MIN_G || thin) {
      flags.push({ code: 'letterBombHeuristicBelow', message: 'Under 43 g or 3 mm: a letter bomb is unlikely (UK guidance). This informs; it does not clear the item.' });
    } else {
      flags.push({ code: 'letterBombHeuristicAbove', message: 'Over 43 g and 3 mm: heavy and thick enough to hold a device. Inspect with care.' });
    }
  }
  return flags;
}
