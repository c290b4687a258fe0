import { randomUUID } from 'node:crypto';
import type { Operator } from '../../shared/contract/index.ts';

/** Who is logged in on one screen. Main holds it; the renderer only ever sees a copy. */
export class Session {
  readonly id = randomUUID();
  readonly #now: () => Date;
  #operator: Operator | null = null;
  #lastActivity: number;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
    this.#lastActivity = now().getTime();
  }

  get operator(): Operator | null {
    return this.#operator;
  }

  get lastActivity(): number {
    return this.#lastActivity;
  }

  touch(): void {
    this.#lastActivity = this.#now().getTime();
  }

  logIn(operator: Operator): void {
    this.#operator = operator;
    this.touch();
  }

  logOut(): void {
    this.#operator = null;
  }
}
