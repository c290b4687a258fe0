// A serial scale driver on an in-memory serial port under fake timers: what each dialect's tests
// drive (test/unit/scale-serial-dialects.test.ts, and a new protocol's own test file beside its codec).
import { afterEach, beforeEach, vi } from 'vitest';
import { SerialScale, type SerialScaleOptions } from '../../src/hardware/devices/serialScale.ts';
import type { ScaleStatus } from '../../src/hardware/devices/scaleEvents.ts';
import { MemorySerialTransport } from '../../src/hardware/transports/memorySerialTransport.ts';
import type { SerialScaleConfigInput } from '../../src/shared/devices/serialScale.ts';
import type { ScaleReading } from '../../src/shared/contract/scale.ts';

export interface ScaleRig {
  transport: MemorySerialTransport;
  scale: SerialScale;
  readings: ScaleReading[];
  statuses: ScaleStatus[];
  /** What the driver wrote, as text, oldest first. */
  sent: () => string[];
}

/**
 * Fake timers for the file's tests, and a rig per test whose scales are stopped after it. Call once
 * at the top of a test file; what is checked is what the driver does at each poll and timeout, not
 * how long anything took.
 */
export function useScaleRigs(): { rig: (config: SerialScaleConfigInput, options?: Omit<SerialScaleOptions, 'transport'>) => ScaleRig; elapse: (ms: number) => Promise<unknown> } {
  const scales: SerialScale[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    for (const scale of scales.splice(0)) await scale.stop();
    vi.useRealTimers();
  });
  return {
    rig(config, options = {}) {
      const transport = new MemorySerialTransport();
      const scale = new SerialScale(config, { transport, reconnect: { initialMs: 50, maxMs: 50 }, ...options });
      scales.push(scale);
      const readings: ScaleReading[] = [];
      const statuses: ScaleStatus[] = [];
      scale.on('reading', (r) => readings.push(r));
      scale.on('status', (s) => statuses.push(s));
      return { transport, scale, readings, statuses, sent: () => transport.written.map((bytes) => Buffer.from(bytes).toString('latin1')) };
    },
    /** Lets the fake clock run: timers due in `ms` fire, and the promises they start settle. */
    elapse: (ms) => vi.advanceTimersByTimeAsync(ms),
  };
}
