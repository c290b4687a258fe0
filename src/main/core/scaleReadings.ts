import type { ScaleReading } from '../../shared/contract/index.ts';
import type { EventBus } from './eventBus.ts';
import type { ScaleSource } from './screeningService.ts';

/** The latest reading of every scale: what the weigh step captures from, and what the screen shows live. */
export class ScaleReadings implements ScaleSource {
  readonly #latest = new Map<string, ScaleReading>();
  readonly #bus: EventBus;

  constructor(bus: EventBus) {
    this.#bus = bus;
  }

  report(reading: ScaleReading): void {
    this.#latest.set(reading.deviceId, reading);
    this.#bus.publish('scale.reading', reading);
  }

  all(): ScaleReading[] {
    return [...this.#latest.values()];
  }

  /** The named scale's reading, or with no name the most recent reading of any scale. */
  latestReading(deviceId?: string): ScaleReading | null {
    if (deviceId) return this.#latest.get(deviceId) ?? null;
    let newest: ScaleReading | null = null;
    for (const reading of this.#latest.values()) if (!newest || reading.at > newest.at) newest = reading;
    return newest;
  }
}
