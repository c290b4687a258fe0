import { events, type EventName, type EventPayload } from '../../shared/contract/index.ts';
import { stderrLog, type Log } from '../log.ts';

export interface PublishedEvent {
  event: EventName;
  payload: unknown;
  /** For 'session' audience events: the one session that may see it. */
  sessionId: string | null;
}

type Listener = (published: PublishedEvent) => void;

/**
 * Fan-out of station events to the connected screens. In development and tests every payload is
 * checked against the contract, so a service cannot push a shape the renderer does not expect.
 */
export class EventBus {
  readonly #listeners = new Set<Listener>();
  readonly #validate: boolean;

  readonly #log: Log;

  constructor(validate: boolean, log: Log = stderrLog()) {
    this.#validate = validate;
    this.#log = log;
  }

  publish<E extends EventName>(event: E, payload: EventPayload<E>, sessionId: string | null = null): void {
    if (this.#validate) events[event].payload.parse(payload);
    for (const listener of [...this.#listeners]) {
      try {
        listener({ event, payload, sessionId });
      } catch (error) {
        // One broken screen must not stop the others from hearing about the event.
        this.#log.error(`event listener failed for ${event}:`, error);
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
