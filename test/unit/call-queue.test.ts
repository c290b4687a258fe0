import { describe, expect, it } from 'vitest';
import { CallScheduler } from '../../src/main/core/callQueue.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import { makeStation } from '../helpers/station.ts';

const done = (value: unknown): Promise<CommandResult<unknown>> => Promise.resolve({ ok: true, value });

describe('per-connection call lanes', () => {
  it('refuses a call beyond the bound at once with BUSY, and runs nothing for it', async () => {
    const scheduler = new CallScheduler({ maxPending: 3, maxInFlight: 1 });
    const lane = scheduler.lane();
    const ran: number[] = [];
    const answers = [1, 2, 3, 4, 5].map((n) => lane.submit(() => (ran.push(n), done(n))));
    const results = await Promise.all(answers);
    expect(results.slice(0, 3).every((r) => r.ok)).toBe(true);
    expect(results.slice(3)).toEqual([
      { ok: false, error: { code: 'BUSY', message: expect.stringMatching(/Slow down/) } },
      { ok: false, error: { code: 'BUSY', message: expect.stringMatching(/Slow down/) } },
    ]);
    expect(ran).toEqual([1, 2, 3]);
    // The bound is on what is waiting, not a quota: once answered, the lane takes calls again.
    expect(await lane.submit(() => done(6))).toEqual({ ok: true, value: 6 });
  });

  it('serves lanes in turn: a lane with 50 calls waiting does not hold up another lane’s one call', async () => {
    const scheduler = new CallScheduler({ maxPending: 64, maxInFlight: 1 });
    const flood = scheduler.lane();
    const other = scheduler.lane();
    const order: string[] = [];
    const floodDone = Array.from({ length: 50 }, (_, i) => flood.submit(() => (order.push(`flood-${i}`), done(i))));
    const otherDone = other.submit(() => (order.push('other'), done('info')));
    await Promise.all([...floodDone, otherDone]);
    expect(order.indexOf('other')).toBeLessThanOrEqual(1);
  });

  it('runs at most maxInFlight of a lane’s calls at once', async () => {
    const scheduler = new CallScheduler({ maxPending: 64, maxInFlight: 2 });
    const lane = scheduler.lane();
    let running = 0;
    let most = 0;
    const slow = () => {
      running += 1;
      most = Math.max(most, running);
      return new Promise<CommandResult<unknown>>((resolve) => setTimeout(() => {
        running -= 1;
        resolve({ ok: true, value: null });
      }, 5));
    };
    await Promise.all(Array.from({ length: 10 }, () => lane.submit(slow)));
    expect(most).toBe(2);
  });

  it('does not run the calls of a connection that closed; they are answered UNAVAILABLE', async () => {
    const scheduler = new CallScheduler({ maxPending: 64, maxInFlight: 1 });
    const lane = scheduler.lane();
    const ran: number[] = [];
    const answers = Array.from({ length: 20 }, (_, n) => lane.submit(() => (ran.push(n), done(n))));
    lane.close();
    const results = await Promise.all(answers);
    expect(ran).toEqual([]);
    expect(results.every((r) => !r.ok && r.error.code === 'UNAVAILABLE')).toBe(true);
    expect(lane.pending).toBe(0);
    expect(await lane.submit(() => done('late'))).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('a station connection is bounded the same way (both hosts go through connect())', async () => {
    const station = makeStation({ callLimits: { maxPending: 8, maxInFlight: 2 } });
    try {
      const screen = station.connect();
      const results = await Promise.all(Array.from({ length: 30 }, () => screen.call('station.info', {})));
      expect(results.filter((r) => r.ok)).toHaveLength(8);
      expect(results.filter((r) => !r.ok && r.error.code === 'BUSY')).toHaveLength(22);
      screen.close();
    } finally {
      station.close();
    }
  });
});
