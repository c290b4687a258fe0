// Exact decimal arithmetic for weights. Scales send decimal text (or an integer and a power of ten);
// a binary float cannot hold 0.1 or 28.349523125, and a record of "12.3 oz" must convert to the same
// grams every time. So values stay decimal strings, conversions multiply integers (BigInt) and only
// the final gram figure becomes a number, rounded once by Number() from its exact decimal text.
// Why: docs/protocols/weights.md.

import type { WeightUnit } from '../../shared/contract/index.ts';

interface Decimal {
  negative: boolean;
  /** All digits without the point, as an integer. */
  digits: bigint;
  /** How many of those digits are after the point. */
  scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return null;
  const whole = match[2] ?? '';
  const fraction = match[3] ?? '';
  if (whole.length + fraction.length === 0) return null;
  return { negative: match[1] === '-', digits: BigInt(`${whole}${fraction}` || '0'), scale: fraction.length };
}

function decimalToText({ negative, digits, scale }: Decimal): string {
  const padded = digits.toString().padStart(scale + 1, '0');
  const text = scale === 0 ? padded : `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  return negative && digits !== 0n ? `-${text}` : text;
}

/**
 * The canonical text of a decimal a scale sent: sign and zero padding of the integer part dropped
 * ("-0001.25" -> "-1.25"), digits after the point kept because they carry the resolution
 * ("100.00" stays). Never "-0". Null if the text is not a plain decimal number.
 */
export function normalizeDecimal(text: string): string | null {
  const parsed = parseDecimal(text);
  return parsed ? decimalToText(parsed) : null;
}

/** `magnitude * 10^exponent` as exact text: (123, -1) -> "12.3", (5, -3) -> "0.005", (12, 2) -> "1200". */
export function scaledDecimal(magnitude: number, exponent: number, negative = false): string {
  const digits = BigInt(magnitude);
  if (exponent >= 0) return decimalToText({ negative, digits: digits * 10n ** BigInt(exponent), scale: 0 });
  return decimalToText({ negative, digits, scale: -exponent });
}

/** One step of a power-of-ten scale: -1 -> "0.1", 0 -> "1", 2 -> "100". */
export function resolutionForExponent(exponent: number): string {
  return scaledDecimal(1, exponent);
}

/** The step implied by the digits sent: "100.00" -> "0.01", "1234" -> "1". Null if not a decimal. */
export function resolutionOfDecimal(text: string): string | null {
  const parsed = parseDecimal(text);
  return parsed ? resolutionForExponent(-parsed.scale) : null;
}

// Exact definitions: the international pound (1959) is 0.45359237 kg, the ounce 1/16 of it, the
// grain 1/7000 of it; the troy ounce is 480 grains, the pennyweight 24 grains, the metric carat
// 200 mg. "Avoir ton" (HID POS) is taken as the short ton of 2000 lb. The tael has no single value
// (37.5 g, 37.8 g, 50 g by region), so it gets no grams rather than a guess.
const GRAMS_PER_UNIT: Readonly<Record<WeightUnit, string | null>> = {
  mg: '0.001',
  g: '1',
  kg: '1000',
  ct: '0.2',
  tael: null,
  gr: '0.06479891',
  dwt: '1.55517384',
  t: '1000000',
  ton: '907184.74',
  ozt: '31.1034768',
  oz: '28.349523125',
  lb: '453.59237',
  'lb-oz': null,
  unknown: null,
};

function multiply(a: Decimal, b: Decimal): Decimal {
  return { negative: a.negative !== b.negative, digits: a.digits * b.digits, scale: a.scale + b.scale };
}

function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  const signed = (d: Decimal): bigint => (d.negative ? -1n : 1n) * d.digits * 10n ** BigInt(scale - d.scale);
  const sum = signed(a) + signed(b);
  return { negative: sum < 0n, digits: sum < 0n ? -sum : sum, scale };
}

function gramsExact(value: Decimal, unit: WeightUnit): Decimal | null {
  const factor = GRAMS_PER_UNIT[unit];
  const parsedFactor = factor === null ? null : parseDecimal(factor);
  return parsedFactor ? multiply(value, parsedFactor) : null;
}

/** The lb-oz text this layer produces: "2lb 3.5oz", "-0lb 4oz"; the sign applies to both parts. */
const LB_OZ_TEXT = /^(-?)(\d+)lb (\d+(?:\.\d+)?)oz$/;

/** Formats pounds and ounces as the value string of a 'lb-oz' reading. */
export function lbOzText(negative: boolean, pounds: string, ounces: string): string | null {
  const lb = normalizeDecimal(pounds);
  const oz = normalizeDecimal(ounces);
  if (lb === null || oz === null || lb.includes('.') || lb.startsWith('-') || oz.startsWith('-')) return null;
  const zero = /^[0.]+$/.test(lb) && /^[0.]+$/.test(oz);
  return `${negative && !zero ? '-' : ''}${lb}lb ${oz}oz`;
}

/**
 * A reading's value in grams, or null when the unit has no defined gram equivalent or the value is
 * not a decimal. lb-oz values ("2lb 3.5oz") are the sum of both parts.
 */
export function toGrams(value: string, unit: WeightUnit): number | null {
  let exact: Decimal | null;
  if (unit === 'lb-oz') {
    const match = LB_OZ_TEXT.exec(value);
    if (!match) return null;
    const lb = gramsExact(parseDecimal(match[2] ?? '') ?? { negative: false, digits: 0n, scale: 0 }, 'lb');
    const oz = gramsExact(parseDecimal(match[3] ?? '') ?? { negative: false, digits: 0n, scale: 0 }, 'oz');
    if (!lb || !oz) return null;
    exact = add(lb, oz);
    if (match[1] === '-') exact = { ...exact, negative: !exact.negative };
  } else {
    const parsed = parseDecimal(value);
    exact = parsed ? gramsExact(parsed, unit) : null;
  }
  if (!exact) return null;
  const grams = Number(decimalToText(exact));
  return Object.is(grams, -0) ? 0 : grams;
}
