import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pin: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;

// scrypt with a per-operator salt: a stolen database does not give PINs away cheaply, and
// the async form keeps the station responsive while a login is checked.
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export interface PinHash {
  salt: string;
  hash: string;
}

export async function hashPin(pin: string): Promise<PinHash> {
  const salt = randomBytes(16);
  const key = await scryptAsync(pin, salt, KEY_LENGTH, PARAMS);
  return { salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** The key a PIN gives with a stored salt (base64, as hashes are stored): what the site console sends to be compared at the site. */
export async function pinKey(pin: string, salt: string): Promise<string> {
  return (await scryptAsync(pin, Buffer.from(salt, 'base64'), KEY_LENGTH, PARAMS)).toString('base64');
}

export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const key = await scryptAsync(pin, Buffer.from(stored.salt, 'base64'), KEY_LENGTH, PARAMS);
  const expected = Buffer.from(stored.hash, 'base64');
  return expected.length === key.length && timingSafeEqual(expected, key);
}

/**
 * What an unknown badge's PIN is checked against, so that a badge nobody has costs the same
 * scrypt as a real one and the answer's timing does not tell a stranger which badges exist. No PIN
 * matches it (its hash is all zeros, which scrypt does not give for this salt).
 */
export const NO_OPERATOR_PIN: PinHash = { salt: Buffer.alloc(16, 0x5a).toString('base64'), hash: Buffer.alloc(KEY_LENGTH).toString('base64') };

/** How PINs are hashed and checked; tests count the checks through it. */
export interface PinChecker {
  hash(pin: string): Promise<PinHash>;
  matches(pin: string, stored: PinHash): Promise<boolean>;
}

export const SCRYPT_PINS: PinChecker = { hash: hashPin, matches: pinMatches };
