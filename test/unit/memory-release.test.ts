// The station gives pooled memory back at idle moments after work that took a lot (issue 15).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lastResortCollector, MemoryRelease } from '../../src/main/core/memoryRelease.ts';

const MB = 1024 * 1024;

function rig(options: { rssMb?: number } = {}) {
  let rss = (options.rssMb ?? 100) * MB;
  const collect = vi.fn(() => {
    rss = 100 * MB;
  });
  const release = new MemoryRelease({ collect, rss: () => rss, now: () => Date.now(), idleMs: 2000, growthBytes: 24 * MB, minIntervalMs: 60_000 });
  return { release, collect, grow: (mb: number) => (rss += mb * MB) };
}

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  vi.useRealTimers();
});

describe('memory given back at idle moments', () => {
  it('collects once the calls have stopped for a while after the resident set grew, never during a call', async () => {
    vi.useFakeTimers();
    const { release, collect, grow } = rig();
    stop = () => release.stop();
    release.callStarted();
    grow(80);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(collect).not.toHaveBeenCalled();
    release.callEnded();
    await vi.advanceTimersByTimeAsync(1999);
    expect(collect).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(release.releases).toBe(1);
  });

  it('waits for a quiet moment: calls every second keep it from running', async () => {
    vi.useFakeTimers();
    const { release, collect, grow } = rig();
    stop = () => release.stop();
    grow(80);
    for (let i = 0; i < 30; i += 1) {
      release.callStarted();
      release.callEnded();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(collect).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2000);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('does not pause the station for a small growth', async () => {
    vi.useFakeTimers();
    const { release, collect, grow } = rig();
    stop = () => release.stop();
    grow(10);
    release.callStarted();
    release.callEnded();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(collect).not.toHaveBeenCalled();
  });

  it('at most once a minute, and again after the next growth (the baseline is what the last release left)', async () => {
    vi.useFakeTimers();
    const { release, collect, grow } = rig();
    stop = () => release.stop();
    grow(80);
    await vi.advanceTimersByTimeAsync(2000);
    expect(collect).toHaveBeenCalledTimes(1);
    grow(80);
    release.callStarted();
    release.callEnded();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(collect).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('an idle station is still watched: growth from work that ends later (a check in worker threads) is released', async () => {
    vi.useFakeTimers();
    const { release, collect, grow } = rig();
    stop = () => release.stop();
    await vi.advanceTimersByTimeAsync(5000);
    grow(100);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('stopped, it leaves no timer behind and collects no more', async () => {
    vi.useFakeTimers();
    const { release, collect, grow } = rig();
    grow(80);
    release.stop();
    expect(vi.getTimerCount()).toBe(0);
    release.callEnded();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(collect).not.toHaveBeenCalled();
  });

  it("V8's collector is reached without exposing gc() to the station's own code", () => {
    const before = typeof (globalThis as { gc?: unknown }).gc;
    const collect = lastResortCollector();
    expect(collect).toBeTypeOf('function');
    collect!();
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(before);
  });
});
