// GS1 element strings: what GS1-128 (`]C1`), GS1 DataMatrix (`]d2`), GS1 QR (`]Q3`) and GS1
// DataBar (`]e0`) carry. A string is a run of (application identifier, value) pairs; values of a
// predefined length follow each other directly, a variable-length value ends at GS (0x1D, the
// scanner's rendering of FNC1) or at the end of the data. Pure and total: bad input is a result
// with the elements read so far, never an exception (scans are untrusted input).

export const GS = '\u001d';

type Format = 'n' | 'x';

interface AiSpec {
  title: string;
  format: Format;
  /** Fixed length of the value, or the maximum of a variable one. */
  length: number;
  fixed: boolean;
  checkDigit?: boolean;
  date?: boolean;
  /** Value starts with an ISO 3166 numeric country code (AI 421, 422). */
  country?: boolean;
  /** The AI's last digit is the decimal point position (31nn-36nn measures). */
  decimals?: boolean;
}

const fixed = (title: string, format: Format, length: number, extra: Partial<AiSpec> = {}): AiSpec => ({ title, format, length, fixed: true, ...extra });
const variable = (title: string, format: Format, max: number, extra: Partial<AiSpec> = {}): AiSpec => ({ title, format, length: max, fixed: false, ...extra });

/** The AIs the station meets on mail and parcels (GS1 General Specifications §3.2). */
const TABLE = new Map<string, AiSpec>([
  ['00', fixed('SSCC', 'n', 18, { checkDigit: true })],
  ['01', fixed('GTIN', 'n', 14, { checkDigit: true })],
  ['02', fixed('CONTENT', 'n', 14, { checkDigit: true })],
  ['10', variable('BATCH/LOT', 'x', 20)],
  ['11', fixed('PROD DATE', 'n', 6, { date: true })],
  ['12', fixed('DUE DATE', 'n', 6, { date: true })],
  ['13', fixed('PACK DATE', 'n', 6, { date: true })],
  ['15', fixed('BEST BEFORE or BEST BY', 'n', 6, { date: true })],
  ['16', fixed('SELL BY', 'n', 6, { date: true })],
  ['17', fixed('USE BY or EXPIRY', 'n', 6, { date: true })],
  ['20', fixed('VARIANT', 'n', 2)],
  ['21', variable('SERIAL', 'x', 20)],
  ['22', variable('CPV', 'x', 20)],
  ['30', variable('VAR. COUNT', 'n', 8)],
  ['37', variable('COUNT', 'n', 8)],
  ['400', variable("ORDER NUMBER", 'x', 30)],
  ['401', variable('GINC', 'x', 30)],
  ['402', fixed('GSIN', 'n', 17, { checkDigit: true })],
  ['403', variable('ROUTE', 'x', 30)],
  ['410', fixed('SHIP TO LOC', 'n', 13, { checkDigit: true })],
  ['411', fixed('BILL TO', 'n', 13, { checkDigit: true })],
  ['412', fixed('PURCHASE FROM', 'n', 13, { checkDigit: true })],
  ['413', fixed('SHIP FOR LOC', 'n', 13, { checkDigit: true })],
  ['414', fixed('LOC No.', 'n', 13, { checkDigit: true })],
  ['415', fixed('PAY TO', 'n', 13, { checkDigit: true })],
  ['416', fixed('PROD/SERV LOC', 'n', 13, { checkDigit: true })],
  ['417', fixed('PARTY', 'n', 13, { checkDigit: true })],
  ['420', variable('SHIP TO POST', 'x', 20)],
  ['421', variable('SHIP TO POST', 'x', 12, { country: true })],
  ['422', fixed('ORIGIN', 'n', 3, { country: true })],
  ['90', variable('INTERNAL', 'x', 30)],
  ...['91', '92', '93', '94', '95', '96', '97', '98', '99'].map((ai): [string, AiSpec] => [ai, variable('INTERNAL', 'x', 90)]),
  ...['310', '320', '330', '340'].flatMap((base) =>
    ['0', '1', '2', '3', '4', '5'].map((d): [string, AiSpec] => [
      base + d,
      fixed({ '310': 'NET WEIGHT (kg)', '320': 'NET WEIGHT (lb)', '330': 'GROSS WEIGHT (kg)', '340': 'GROSS WEIGHT (lb)' }[base] ?? 'MEASURE', 'n', 6, { decimals: true }),
    ]),
  ),
]);

/**
 * AIs whose length is predefined by their first two digits: no GS follows them even when they
 * are not last (GS1 General Specifications, figure 5.10.1-2). Any other AI needs a GS unless last.
 */
const PREDEFINED_LENGTH_PREFIXES = new Set(['00', '01', '02', '03', '04', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '31', '32', '33', '34', '35', '36', '41']);

/** GS1 AI encodable character set 82. */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

export interface Gs1Element {
  ai: string;
  title: string;
  value: string;
  /** For dates (YYMMDD): ISO `YYYY-MM-DD` (day 00 means the last day of the month, shown as 00). */
  date?: string;
  /** For AI 421/422: the ISO 3166 numeric country code. */
  country?: string;
  /** For 31nn-34nn measures: the value as a decimal string, e.g. "1.250". */
  decimal?: string;
}

export type Gs1Result =
  | { ok: true; elements: Gs1Element[] }
  | { ok: false; error: string; at: number; elements: Gs1Element[] };

/** GS1 mod-10 check digit over all digits but the last. */
export function gs1CheckDigitValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i += 1) {
    const weight = (body.length - i) % 2 === 1 ? 3 : 1;
    sum += Number(body[i]) * weight;
  }
  return (10 - (sum % 10)) % 10 === Number(digits.slice(-1));
}

function lookup(data: string, at: number): { ai: string; spec: AiSpec } | null {
  // The AI space is prefix-free, so trying 2, 3 then 4 digits finds at most one.
  for (const len of [2, 3, 4]) {
    const ai = data.slice(at, at + len);
    if (!/^\d+$/.test(ai) || ai.length !== len) return null;
    const spec = TABLE.get(ai);
    if (spec) return { ai, spec };
  }
  return null;
}

function dateOf(value: string): string | null {
  const yy = Number(value.slice(0, 2));
  const mm = Number(value.slice(2, 4));
  const dd = Number(value.slice(4, 6));
  if (mm < 1 || mm > 12 || dd > 31) return null;
  // GS1's sliding century window is anchored to "now"; 2000-2099 is right for mail for decades.
  return `${2000 + yy}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
}

function validate(ai: string, spec: AiSpec, value: string): { element: Gs1Element } | { error: string } {
  if (spec.fixed ? value.length !== spec.length : value.length < 1 || value.length > spec.length) {
    return { error: `AI (${ai}) ${spec.title}: ${spec.fixed ? `needs exactly ${spec.length}` : `needs 1 to ${spec.length}`} characters, got ${value.length}` };
  }
  if (spec.format === 'n' ? !/^\d+$/.test(value) : !CSET82.test(value)) {
    return { error: `AI (${ai}) ${spec.title}: ${spec.format === 'n' ? 'digits only' : 'a character outside the GS1 set'}` };
  }
  const element: Gs1Element = { ai, title: spec.title, value };
  if (spec.checkDigit && !gs1CheckDigitValid(value)) return { error: `AI (${ai}) ${spec.title}: check digit is wrong` };
  if (spec.date) {
    const date = dateOf(value);
    if (!date) return { error: `AI (${ai}) ${spec.title}: ${value} is not a YYMMDD date` };
    element.date = date;
  }
  if (spec.country) {
    if (!/^\d{3}/.test(value) || (ai === '421' && value.length < 4)) return { error: `AI (${ai}) ${spec.title}: must start with a 3-digit ISO country code` };
    element.country = value.slice(0, 3);
    if (ai === '421') {
      element.value = value.slice(3);
    }
  }
  if (spec.decimals) {
    const places = Number(ai.slice(-1));
    element.decimal = places === 0 ? String(Number(value)) : `${Number(value.slice(0, 6 - places))}.${value.slice(6 - places)}`;
  }
  return { element };
}

/**
 * Splits a GS1 element string into its elements. Leading FNC1/GS (some scanners send one after
 * the AIM identifier) and a GS after a predefined-length value are tolerated.
 */
export function parseGs1ElementString(input: string): Gs1Result {
  const elements: Gs1Element[] = [];
  let at = 0;
  while (input[at] === GS) at += 1;
  if (at >= input.length) return { ok: false, error: 'no GS1 data', at, elements };
  while (at < input.length) {
    const found = lookup(input, at);
    if (!found) return { ok: false, error: `unknown or unsupported application identifier at position ${at}`, at, elements };
    const { ai, spec } = found;
    const start = at + ai.length;
    let end: number;
    if (spec.fixed) {
      end = start + spec.length;
      if (end > input.length) return { ok: false, error: `AI (${ai}) ${spec.title}: the data ends early`, at, elements };
    } else {
      const gs = input.indexOf(GS, start);
      end = gs < 0 ? input.length : gs;
    }
    const result = validate(ai, spec, input.slice(start, end));
    if ('error' in result) {
      const hint = !spec.fixed && end - start > spec.length ? ' (a missing GS separator?)' : '';
      return { ok: false, error: result.error + hint, at, elements };
    }
    elements.push(result.element);
    at = end;
    if (input[at] === GS) {
      at += 1;
    } else if (at < input.length && !spec.fixed) {
      return { ok: false, error: `AI (${ai}): expected a GS separator`, at, elements };
    } else if (at < input.length && !PREDEFINED_LENGTH_PREFIXES.has(ai.slice(0, 2))) {
      return { ok: false, error: `AI (${ai}) is not of predefined length, so a GS separator must follow it`, at, elements };
    }
  }
  return { ok: true, elements };
}

/** The AIM identifiers whose data is a GS1 element string (docs/protocols/aim.md, "GS1 data"). */
export function isGs1Aim(aim: string | null): boolean {
  return aim !== null && /^\](C1|d2|d5|Q3|Q4|e0|z[147A])$/.test(aim);
}
