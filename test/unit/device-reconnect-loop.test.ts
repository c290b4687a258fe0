// The one reconnect loop every driver runs (scanners, scales, printers, cabinets), with hooks
// that stand in for a transport: how many are open at once is what must never go wrong.
import { describe, expect, it, vi } from 'vitest';
import { ReconnectLoop } from '../../src/hardware/devices/reconnectLoop.ts';
import { waitFor } from '../helpers/wait.ts';

function fakeDevice(options: { available?: boolean; openDelayMs?: number } = {}) {
  const state = { available: options.available ?? true, open: 0, maxOpen: 0, attempts: 0, releasedLate: 0 };
  const hooks = {
    async connect(superseded: () => boolean): Promise<boolean> {
      state.attempts += 1;
      await new Promise((resolve) => setTimeout(resolve, options.openDelayMs ?? 1));
      if (!state.available) return false;
      state.open += 1;
      state.maxOpen = Math.max(state.maxOpen, state.open);
      if (superseded()) {
        state.open -= 1;
        state.releasedLate += 1;
        return false;
      }
      return true;
    },
    async disconnect(): Promise<void> {
      state.open = Math.max(0, state.open - 1);
    },
  };
  return { state, hooks };
}

describe('ReconnectLoop', () => {
  it('retries until the device is there, and stop() leaves nothing open', async () => {
    const { state, hooks } = fakeDevice({ available: false });
    const loop = new ReconnectLoop(hooks, { backoff: { initialMs: 5, maxMs: 20 } });
    loop.start();
    await waitFor('a few failed attempts', () => state.attempts >= 3);
    state.available = true;
    await waitFor('connected', () => state.open === 1);
    expect(await loop.stop()).toBe(true);
    expect(state.open).toBe(0);
  });

  it('releases an open that finishes after stop(), and start() right after stop() never opens twice', async () => {
    const { state, hooks } = fakeDevice({ openDelayMs: 30 });
    const loop = new ReconnectLoop(hooks, { backoff: { initialMs: 5, maxMs: 20 } });
    loop.start();
    const stopped = loop.stop();
    loop.start(); // before the first open has finished
    expect(await stopped).toBe(false);
    await waitFor('connected by the second start', () => state.open === 1 && state.attempts === 2);
    expect(state.releasedLate).toBe(1);
    expect(state.maxOpen).toBe(1);
    await loop.stop();
    expect(state.open).toBe(0);
  });

  it('ignores a loss reported for an earlier start(), and retries a loss reported during an attempt', async () => {
    const { state, hooks } = fakeDevice({ openDelayMs: 20 });
    const loop = new ReconnectLoop(hooks, { backoff: { initialMs: 5, maxMs: 20 } });
    loop.start();
    const first = loop.generation;
    await waitFor('connected', () => state.open === 1);
    await loop.stop();
    loop.start();
    loop.lost(first); // stale: must not schedule a second, parallel open
    await waitFor('connected again', () => state.open === 1);
    expect(state.attempts).toBe(2);

    state.open = 0; // the connection drops while a new attempt is opening
    loop.lost();
    await waitFor('reconnected', () => state.open === 1 && state.attempts === 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.attempts).toBe(3);
    expect(state.maxOpen).toBe(1);
    await loop.stop();
  });

  // Fake timers: what is checked is which delay the loop schedules, not how long anything took.
  it.each([
    ['connect', 10],
    ['confirmed', 40],
  ] as const)("resetBackoffOn '%s': after three opens that nobody answered, the next try comes after %i ms", async (mode, delayMs) => {
    vi.useFakeTimers();
    try {
      let attempts = 0;
      const loop = new ReconnectLoop(
        { connect: async () => ((attempts += 1), true), disconnect: async () => undefined },
        { backoff: { initialMs: 10, maxMs: 80 }, resetBackoffOn: mode },
      );
      loop.start();
      await vi.advanceTimersByTimeAsync(0);
      for (let i = 0; i < 2; i += 1) {
        loop.lost();
        await vi.advanceTimersByTimeAsync(80);
      }
      expect(attempts).toBe(3);
      loop.lost();
      await vi.advanceTimersByTimeAsync(delayMs - 1);
      expect(attempts).toBe(3);
      await vi.advanceTimersByTimeAsync(1);
      expect(attempts).toBe(4);
      await loop.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
