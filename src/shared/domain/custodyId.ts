/**
 * Our own custody ID for every item: 8 random Crockford base32 symbols and a Luhn mod 32 check symbol,
 * shown as XXX-XXX-XXX. Crockford's alphabet drops I, L, O and U so an ID read aloud or typed from a
 * label cannot be confused; the check symbol catches a mistyped symbol before it reaches a record.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;
const DATA_SYMBOLS = 8;
const SYMBOLS = DATA_SYMBOLS + 1;

/** Luhn mod N over the alphabet's symbol values: the symbol that makes the whole ID sum to 0 mod 32. */
function checkSymbol(data: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = data.length - 1; i >= 0; i--) {
    const addend = factor * ALPHABET.indexOf(data.charAt(i));
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET.charAt((N - (sum % N)) % N);
}

function display(symbols: string): string {
  return `${symbols.slice(0, 3)}-${symbols.slice(3, 6)}-${symbols.slice(6)}`;
}

/**
 * What an operator types, read the way Crockford intends: any case, spaces and hyphens anywhere,
 * I and L taken as 1, O as 0. Returns the 9 symbols, or null when the text cannot be an ID.
 */
function symbolsOf(text: string): string | null {
  const symbols = text
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (symbols.length !== SYMBOLS) return null;
  for (const char of symbols) if (!ALPHABET.includes(char)) return null;
  return symbols;
}

/**
 * A new custody ID. The random source is passed in because shared code has no crypto of its own:
 * callers pass node:crypto randomBytes or a wrapper around crypto.getRandomValues.
 */
export function newCustodyId(random: (bytes: number) => Uint8Array): string {
  const bytes = random(DATA_SYMBOLS);
  if (bytes.length < DATA_SYMBOLS) {
    throw new Error(`custody ID needs ${DATA_SYMBOLS} random bytes, the random source gave ${bytes.length}`);
  }
  let data = '';
  // 256 is a multiple of 32, so the low 5 bits of a uniform byte are a uniform symbol.
  for (let i = 0; i < DATA_SYMBOLS; i++) data += ALPHABET.charAt((bytes[i] ?? 0) & (N - 1));
  return display(data + checkSymbol(data));
}

/** The canonical XXX-XXX-XXX form of a typed or scanned ID, or null when it is malformed or its check symbol is wrong. */
export function parseCustodyId(text: string): string | null {
  const symbols = symbolsOf(text);
  if (symbols === null) return null;
  const data = symbols.slice(0, DATA_SYMBOLS);
  return checkSymbol(data) === symbols.slice(DATA_SYMBOLS) ? display(symbols) : null;
}

/** XXX-XXX-XXX in Crockford's alphabet: what every label prints under its barcode and encodes in it. */
const PRINTED = /^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/;

/**
 * The custody ID when the text is one exactly as the station prints it: the Code 128 and the QR
 * code of every custody and clearance label carry the displayed form, three groups of three
 * symbols joined by hyphens, with a valid check symbol (either case: a scanner may be set to
 * change case). Null otherwise, however loosely the text could be read as an ID: a ZIP+4
 * `10000-0499` reads loosely as 100-000-499, and 1 in 32 of all 9-symbol codes has a valid check
 * symbol, so only this form may be taken to mean "one of our items".
 */
export function printedCustodyId(text: string): string | null {
  const upper = text.toUpperCase();
  return PRINTED.test(upper) ? parseCustodyId(upper) : null;
}

/**
 * True when the text has the shape of a custody ID whatever its check symbol, so the caller can say
 * "check the ID for a typo" instead of treating it as some other code.
 */
export function isCustodyIdLike(text: string): boolean {
  return symbolsOf(text) !== null;
}
