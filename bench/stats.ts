/** Percentiles of a list of durations in milliseconds. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export interface LatencySummary {
  n: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `once` n times in sequence, timing each, and summarises. */
export async function measure(n: number, once: (i: number) => unknown): Promise<LatencySummary> {
  const times: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) {
    const t0 = process.hrtime.bigint();
    await once(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { n, perSecond: Math.round((n / totalMs) * 1000), p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) };
}

export function ratio(ours: number, baseline: number): number {
  return Math.round((ours / baseline) * 100) / 100;
}
