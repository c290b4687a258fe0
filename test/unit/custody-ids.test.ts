import { describe, expect, it } from 'vitest';
import { unusedCustodyId } from '../../src/main/core/custodyIds.ts';
import { parseCustodyId } from '../../src/shared/domain/index.ts';

describe('custody IDs drawn from the pooled random source', () => {
  it('are valid IDs, spread over the alphabet, and not repeated across many refills of the pool', () => {
    const drawn = Array.from({ length: 5000 }, () => unusedCustodyId(() => false)); // 8 bytes each: ten pools
    for (const id of drawn) expect(parseCustodyId(id)).toBe(id);
    expect(new Set(drawn).size).toBe(drawn.length);
    // Every one of the 32 symbols turns up in each data position: the bytes are used, not a fixed pattern.
    const symbolsAt = (position: number) => new Set(drawn.map((id) => id.replace(/-/g, '')[position]));
    for (let position = 0; position < 8; position += 1) expect(symbolsAt(position).size).toBe(32);
  });

  it('draws again when an ID is taken, and gives up after eight taken in a row', () => {
    const taken: string[] = [];
    const id = unusedCustodyId((candidate) => {
      taken.push(candidate);
      return taken.length < 3;
    });
    expect(taken).toHaveLength(3);
    expect(id).toBe(taken[2]);
    let asked = 0;
    expect(() =>
      unusedCustodyId(() => {
        asked += 1;
        return true;
      }),
    ).toThrow('could not draw an unused custody ID');
    expect(asked).toBe(8);
  });
});
