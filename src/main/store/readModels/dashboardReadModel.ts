import type Database from 'better-sqlite3';
import { COUNTED_EVENTS_TERMS } from './countedEvents.ts';

/** Items received, cleared and marked suspect on one local day. */
export interface ItemEventsOnDay {
  day: string;
  received: number;
  cleared: number;
  suspect: number;
}

/** One local day and where it starts and ends in UTC (the daily log's own bounds). */
export interface LocalDay {
  day: string;
  startIso: string;
  endIso: string;
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
  /** Live items received, cleared and marked suspect, on each of these local days. */
  itemEventsPerDay(days: readonly LocalDay[]): ItemEventsOnDay[];
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

  itemEventsPerDay(days: readonly LocalDay[]): ItemEventsOnDay[] {
    // A count per day, each read off the counted events' index alone: no local date worked out per
    // event and no grouping (a month at 1M items: ~120,000 events), and the day's bounds are the
    // daily log's, so the dashboard and the papers never disagree about what "Tuesday" held.
    const count = this.#db.prepare<[string, string], { received: number | null; cleared: number | null; suspect: number | null }>(
      `SELECT sum(kind = 'item.received') AS received, sum(kind = 'item.cleared') AS cleared, sum(kind = 'item.markedSuspect') AS suspect
         FROM audit_events
        WHERE at >= ? AND at < ? AND ${COUNTED_EVENTS_TERMS} AND +subject_type = 'item'
          AND kind IN ('item.received', 'item.cleared', 'item.markedSuspect')`,
    );
    return days.map(({ day, startIso, endIso }) => {
      const row = count.get(startIso, endIso);
      return { day, received: row?.received ?? 0, cleared: row?.cleared ?? 0, suspect: row?.suspect ?? 0 };
    });
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
