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

export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const key = await scryptAsync(pin, Buffer.from(stored.salt, 'base64'), KEY_LENGTH, PARAMS);
  const expected = Buffer.from(stored.hash, 'base64');
  return expected.length === key.length && timingSafeEqual(expected, key);
}
