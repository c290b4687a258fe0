import { randomUUID } from 'node:crypto';
import type { Operator } from '../../shared/contract/index.ts';

/** Who is logged in on one screen. Main holds it; the renderer only ever sees a copy. */
export class Session {
  readonly id = randomUUID();
  #operator: Operator | null = null;
  #lastActivity = Date.now();

  get operator(): Operator | null {
    return this.#operator;
  }

  get lastActivity(): number {
    return this.#lastActivity;
  }

  touch(): void {
    this.#lastActivity = Date.now();
  }

  logIn(operator: Operator): void {
    this.#operator = operator;
    this.touch();
  }

  logOut(): void {
    this.#operator = null;
  }
}
