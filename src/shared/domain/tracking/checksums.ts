/**
 * Check-digit algorithms of the carrier tracking-number formats, parameterised the way the
 * jkeen/tracking_number_data courier files describe them, so a format's rule reads like its data-set entry.
 * Each function returns the check digit the data should carry, or null when the data holds a
 * character the algorithm cannot weigh.
 */

/** Weighted sum mod 10 (GS1 mod 10 and the UPS variant). */
export type Mod10Rule = {
  readonly name: 'mod10';
  readonly modulo: number;
  /** Multiplier of the characters at even 0-based index (counted from the right when reverse). */
  readonly evensMultiplier: number;
  readonly oddsMultiplier: number;
  readonly reverse: boolean;
};

/** Σ digit × weight, then mod modulo1, then mod modulo2 (FedEx Express 3-1-7). */
export type WeightedRule = {
  readonly name: 'sum_product_with_weightings_and_modulo';
  readonly weightings: readonly number[];
  readonly modulo1: number;
  readonly modulo2: number;
};

/** The serial read as one integer, mod 7 (DHL Express). */
export type Mod7Rule = { readonly name: 'mod7'; readonly modulo: number };

/** UPU S10: r = 11 − Σ%11, where 10 becomes 0 and 11 becomes 5. */
export type S10Rule = { readonly name: 's10'; readonly weightings: readonly number[]; readonly modulo: number };

export type ChecksumRule = Mod10Rule | WeightedRule | Mod7Rule | S10Rule;

const DIGITS = /^[0-9]+$/;

/** UPS puts letters into the mod 10 sum as (ASCII − 3) mod 10, so A=2 … I=0 … Z=7. */
function mod10Value(char: string): number | null {
  const code = char.charCodeAt(0);
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x5a) return (code - 3) % 10;
  return null;
}

function mod10(rule: Mod10Rule, data: string): number | null {
  let total = 0;
  for (let i = 0; i < data.length; i++) {
    const char = rule.reverse ? data.charAt(data.length - 1 - i) : data.charAt(i);
    const value = mod10Value(char);
    if (value === null) return null;
    total += value * (i % 2 === 0 ? rule.evensMultiplier : rule.oddsMultiplier);
  }
  return (rule.modulo - (total % rule.modulo)) % rule.modulo;
}

function weightedSum(weightings: readonly number[], data: string): number | null {
  if (!DIGITS.test(data) || data.length !== weightings.length) return null;
  let total = 0;
  for (let i = 0; i < data.length; i++) total += Number(data.charAt(i)) * (weightings[i] ?? 0);
  return total;
}

function mod7(rule: Mod7Rule, data: string): number | null {
  if (!DIGITS.test(data)) return null;
  // Digit by digit, so a serial longer than 2^53 still gets an exact remainder.
  let remainder = 0;
  for (const char of data) remainder = (remainder * 10 + Number(char)) % rule.modulo;
  return remainder;
}

function s10(rule: S10Rule, data: string): number | null {
  const total = weightedSum(rule.weightings, data);
  if (total === null) return null;
  const r = rule.modulo - (total % rule.modulo);
  if (r === 10) return 0;
  if (r === 11) return 5;
  return r;
}

export function expectedCheckDigit(rule: ChecksumRule, data: string): number | null {
  switch (rule.name) {
    case 'mod10':
      return mod10(rule, data);
    case 'sum_product_with_weightings_and_modulo': {
      const total = weightedSum(rule.weightings, data);
      return total === null ? null : (total % rule.modulo1) % rule.modulo2;
    }
    case 'mod7':
      return mod7(rule, data);
    case 's10':
      return s10(rule, data);
  }
}
