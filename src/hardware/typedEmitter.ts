import { EventEmitter } from 'node:events';

/**
 * A node:events emitter whose event names and payloads are checked by the compiler. Each event
 * carries one payload object so that adding a field never changes a listener's signature.
 * Event names must not be 'error': EventEmitter throws when 'error' has no listener, and a device
 * reports its troubles as status, never by throwing at whoever happens to be emitting.
 */
export class TypedEmitter<Events extends { [K in keyof Events]: object }> {
  readonly #emitter = new EventEmitter();

  /** Subscribes; returns the matching unsubscribe so callers need not keep the listener around. */
  on<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): () => void {
    this.#emitter.on(event, listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): void {
    this.#emitter.off(event, listener);
  }

  once<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): () => void {
    this.#emitter.once(event, listener);
    return () => this.off(event, listener);
  }

  listenerCount(event: keyof Events & string): number {
    return this.#emitter.listenerCount(event);
  }

  /**
   * Calls every listener even if one throws: a bug in one consumer must not lose the frame for the
   * others or leave the device half-updated. The error is rethrown on a later tick, so it still
   * surfaces as an uncaught exception instead of being swallowed.
   */
  protected emit<K extends keyof Events & string>(event: K, payload: Events[K]): void {
    for (const listener of this.#emitter.rawListeners(event) as Array<(payload: Events[K]) => void>) {
      try {
        listener(payload);
      } catch (err) {
        setImmediate(() => {
          throw err;
        });
      }
    }
  }
}
