import type Database from 'better-sqlite3';

/** Where the station keeps the last site roster change it applied (station_meta; the events say what each did). */
export const ROSTER_CURSOR_KEY = 'site_roster_seq';

/** station_meta's key marking an operator as the site roster's (managed at the site); the value is the last change applied to them. */
const rosterOperatorKey = (operatorId: string) => `site_roster.operator.${operatorId}`;

/**
 * The station's bookkeeping of its copy of the site roster, in station_meta: how far it has read,
 * and which of its operators are the roster's. Written in the transaction that applies a change.
 */
export class RosterCopy {
  readonly #get: Database.Statement<[string], { value: string }>;
  readonly #set: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.#get = db.prepare('SELECT value FROM station_meta WHERE key = ?');
    this.#set = db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  /** The last roster change applied here (0: none yet). */
  cursor(): number {
    const seq = Number(this.#get.get(ROSTER_CURSOR_KEY)?.value ?? 0);
    return Number.isSafeInteger(seq) && seq >= 0 ? seq : 0;
  }

  /** The change `seq` was applied (or passed over); `operatorId` when it made them the roster's here. */
  applied(seq: number, operatorId: string | null): void {
    this.#set.run(ROSTER_CURSOR_KEY, String(seq));
    if (operatorId !== null) this.#set.run(rosterOperatorKey(operatorId), String(seq));
  }

  isRosterOperator(operatorId: string): boolean {
    return this.#get.get(rosterOperatorKey(operatorId)) !== undefined;
  }
}
