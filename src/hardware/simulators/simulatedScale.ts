import { ScaleModel } from './scaleModel.ts';
import type { ScaleModelOptions, SimulatedCondition } from './scaleModel.ts';

/**
 * The hands-on side every scale simulator offers a test or the demo drawer (put a load on, take it
 * off, force a condition), kept in one place so the HID and serial simulators cannot drift apart.
 * Each subclass encodes the model's samples in its own protocol.
 */
export abstract class SimulatedScale {
  protected readonly model: ScaleModel;

  constructor(options: ScaleModelOptions) {
    this.model = new ScaleModel(options);
  }

  place(grams: number): void {
    this.model.place(grams);
  }

  remove(): void {
    this.model.remove();
  }

  setCondition(condition: SimulatedCondition | null): void {
    this.model.setCondition(condition);
  }
}
