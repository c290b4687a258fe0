import type Database from 'better-sqlite3';
import { COUNTED_EVENTS_TERMS } from './countedEvents.ts';

/** Item events of one kind recorded on one local day. */
export interface ItemEventsOnDay {
  day: string;
  kind: string;
  n: number;
}

export interface IncidentCount {
  type: string;
  mode: string;
  outcome: string | null;
  open: boolean;
  n: number;
}

/** What the dashboard counts, for a period [fromIso, toIso). Reads only. */
export interface DashboardReadModel {
  /** Live items received, cleared and marked suspect, per local day. */
  itemEventsPerDay(fromIso: string, toIso: string): ItemEventsOnDay[];
  /** Live items received in the period, by the state they are in now. */
  itemStates(fromIso: string, toIso: string): Array<{ state: string; n: number }>;
  /** Incidents opened in the period, by type, mode, outcome and whether still open. */
  incidentCounts(fromIso: string, toIso: string): IncidentCount[];
}

export class SqliteDashboardReadModel implements DashboardReadModel {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  itemEventsPerDay(fromIso: string, toIso: string): ItemEventsOnDay[] {
    // Read off the counted events' index alone (not the period's audit rows, payloads and all).
    return this.#db
      .prepare(
        `SELECT date(at, 'localtime') AS day, kind, count(*) AS n FROM audit_events
        WHERE at >= ? AND at < ? AND ${COUNTED_EVENTS_TERMS} AND +subject_type = 'item'
          AND kind IN ('item.received', 'item.cleared', 'item.markedSuspect')
        GROUP BY day, kind`,
      )
      .all(fromIso, toIso) as ItemEventsOnDay[];
  }

  itemStates(fromIso: string, toIso: string): Array<{ state: string; n: number }> {
    return this.#db
      .prepare("SELECT state, count(*) AS n FROM items WHERE received_at >= ? AND received_at < ? AND mode = 'live' GROUP BY state")
      .all(fromIso, toIso) as Array<{ state: string; n: number }>;
  }

  incidentCounts(fromIso: string, toIso: string): IncidentCount[] {
    const rows = this.#db
      .prepare('SELECT type, mode, outcome, closed_at IS NULL AS open, count(*) AS n FROM incidents WHERE opened_at >= ? AND opened_at < ? GROUP BY type, mode, outcome, open')
      .all(fromIso, toIso) as Array<{ type: string; mode: string; outcome: string | null; open: number; n: number }>;
    return rows.map((r) => ({ ...r, open: r.open === 1 }));
  }
}
