import type Database from 'better-sqlite3';
import type { RecordMode } from '../../../shared/contract/index.ts';

/** One counted audit event of a day, with the item it is about as the item is now. */
export interface DailyLogEventRow<K extends string> {
  seq: number;
  at: string;
  actor: string;
  kind: K;
  custody_id: string;
  mode: RecordMode;
  carrier: string | null;
  tracking_number: string | null;
  item_type: string | null;
  recipient: string | null;
  state: string;
  incident_number: string | null;
}

export interface DailyLogQuery<K extends string> {
  startIso: string;
  endIso: string;
  station: string;
  kinds: readonly K[];
  modes: readonly RecordMode[];
}

/** What the daily screening log is made from. Reads only. */
export interface DailyLogReadModel {
  /** The item events of these kinds and modes recorded at this station in [startIso, endIso), in order. */
  itemEvents<K extends string>(query: DailyLogQuery<K>): Array<DailyLogEventRow<K>>;
}

export class SqliteDailyLogReadModel implements DailyLogReadModel {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  itemEvents<K extends string>({ startIso, endIso, station, kinds, modes }: DailyLogQuery<K>): Array<DailyLogEventRow<K>> {
    // `+e.subject_type`: without it SQLite walks the (barely selective) subject index over every item
    // event ever recorded instead of the time index over one day's events.
    return this.#db
      .prepare(
        `SELECT e.seq, e.at, e.actor, e.kind, e.subject_id AS custody_id, e.mode,
              i.carrier, i.tracking_number, i.item_type, i.recipient, i.state, inc.number AS incident_number
         FROM audit_events e
         JOIN items i ON i.custody_id = e.subject_id
         LEFT JOIN incidents inc ON inc.id = i.incident_id
        WHERE e.at >= ? AND e.at < ? AND e.station = ? AND +e.subject_type = 'item'
          AND e.kind IN (${kinds.map(() => '?').join(', ')})
          AND e.mode IN (${modes.map(() => '?').join(', ')})
        ORDER BY e.seq`,
      )
      .all(startIso, endIso, station, ...kinds, ...modes) as Array<DailyLogEventRow<K>>;
  }
}
