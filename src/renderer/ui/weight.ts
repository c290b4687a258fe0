import type { DisplayUnit } from '../../shared/contract/index.ts';

/** Grams per display unit. Weights stay in grams everywhere else; only the screen converts. */
export const GRAMS_PER_UNIT: Readonly<Record<DisplayUnit, number>> = {
  g: 1,
  kg: 1000,
  oz: 28.349523125,
  lb: 453.59237,
};

const DIGITS: Readonly<Record<DisplayUnit, number>> = { g: 0, kg: 3, oz: 2, lb: 3 };

/** "1,250 g", "1.250 kg", "44.09 oz": the site's display unit, at a precision a letter scale shows. */
export function formatWeight(grams: number, unit: DisplayUnit): string {
  const value = grams / GRAMS_PER_UNIT[unit];
  const digits = DIGITS[unit];
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

/** A typed weight in the display unit, in grams; null when it is not a positive number. */
export function parseWeight(text: string, unit: DisplayUnit): number | null {
  const normalized = text.trim().replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(normalized)) return null;
  const value = Number(normalized);
  if (!(value > 0)) return null;
  // Grams to a tenth: finer than any letter scale, and it keeps 0.1 oz from becoming 2.8349523125 g.
  return Math.round(value * GRAMS_PER_UNIT[unit] * 10) / 10;
}
