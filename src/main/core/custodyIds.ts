import { randomFillSync } from 'node:crypto';
import { newCustodyId } from '../../shared/domain/index.ts';

/**
 * Random bytes for custody IDs, drawn from the CSPRNG a pool at a time and each handed out once:
 * a randomBytes call per scan cost about 10 µs in the intake path (bench/intake-profile.ts), more
 * than drawing the ID and checking it is unused together. The IDs are printed on labels, not
 * secrets; what they need is to be uniform, which the pool's bytes are.
 */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let nextByte = POOL_BYTES;

function pooledRandomBytes(count: number): Uint8Array {
  if (count > POOL_BYTES) throw new RangeError(`custody IDs draw at most ${POOL_BYTES} random bytes at a time, not ${count}`);
  if (nextByte + count > POOL_BYTES) {
    randomFillSync(pool);
    nextByte = 0;
  }
  const bytes = pool.slice(nextByte, nextByte + count); // a copy: the pool's bytes are never handed out twice
  nextByte += count;
  return bytes;
}

/**
 * A custody ID no item has yet. 40 random bits: a collision is rare but possible over years of mail,
 * so each draw is checked before use; eight collisions in a row mean the random source is broken.
 */
export function unusedCustodyId(exists: (custodyId: string) => boolean): string {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const id = newCustodyId(pooledRandomBytes);
    if (!exists(id)) return id;
  }
  throw new Error('could not draw an unused custody ID');
}
