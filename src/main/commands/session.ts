import { randomUUID } from 'node:crypto';
import { StationFailure, type Operator } from '../../shared/contract/index.ts';

/** Who is logged in on one screen. Main holds it; the renderer only ever sees a copy. */
export class Session {
  readonly id = randomUUID();
  readonly #now: () => Date;
  #operator: Operator | null = null;
  #lastActivity: number;
  #checkingPin = false;

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

  /**
   * Runs a badge-and-PIN check (a login, a first-run setup or a second person's signature) for this
   * screen, one at a time: a script on one connection cannot run thousands of scrypt checks at
   * once, and a second one while the first is under way is refused, not queued.
   */
  async checkingPin<T>(check: () => Promise<T>): Promise<T> {
    if (this.#checkingPin) {
      throw new StationFailure('CONFLICT', 'A badge and PIN from this screen is being checked right now. Wait for that answer, then try again.');
    }
    this.#checkingPin = true;
    try {
      return await check();
    } finally {
      this.#checkingPin = false;
    }
  }
}
