import type Database from 'better-sqlite3';
import { COUNTED_EVENTS_TERMS } from './countedEvents.ts';

/** What happened after clearance in a period: items handed over, and the fate of the notices sent. */
export interface AfterClearanceCounts {
  delivered: number;
  notices: { sent: number; bounced: number; failed: number };
}

/** Cleared items still waiting for their recipient now, by how long they have waited. */
export interface WaitingItems {
  total: number;
  /** Waiting since less than a day, 1–3 days, 3–7 days, a week or more (since clearance: the item's last change). */
  byAge: { underDay: number; days1to3: number; days3to7: number; week: number };
  oldestSince: string | null;
}

/**
 * The dashboard's and the daily log's questions about the hand-over side (issue 14, point 5).
 * Live records only; an item returned to sender or delivered is no longer waiting.
 */
export interface AfterClearanceReadModel {
  /** In [fromIso, toIso), at one station if given (the daily log's), else at any. */
  counts(fromIso: string, toIso: string, station?: string): AfterClearanceCounts;
  /** Notices queued or being sent now (not yet sent, bounced or failed). */
  noticesPending(): number;
  waiting(now: Date): WaitingItems;
}

const DAY_MS = 86_400_000;

export class SqliteAfterClearanceReadModel implements AfterClearanceReadModel {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  counts(fromIso: string, toIso: string, station?: string): AfterClearanceCounts {
    // Read off the counted events' index alone, as the dashboard's other counts.
    const rows = this.#db
      .prepare(
        `SELECT kind, count(*) AS n FROM audit_events
          WHERE at >= ? AND at < ? AND ${COUNTED_EVENTS_TERMS} AND +subject_type IN ('item', 'notice')
            AND kind IN ('item.delivered', 'notice.sent', 'notice.bounced', 'notice.failed')
            AND (? IS NULL OR station = ?)
          GROUP BY kind`,
      )
      .all(fromIso, toIso, station ?? null, station ?? null) as Array<{ kind: string; n: number }>;
    const n = (kind: string) => rows.find((r) => r.kind === kind)?.n ?? 0;
    return { delivered: n('item.delivered'), notices: { sent: n('notice.sent'), bounced: n('notice.bounced'), failed: n('notice.failed') } };
  }

  noticesPending(): number {
    return (this.#db.prepare("SELECT count(*) FROM notice_jobs WHERE state IN ('queued', 'running') AND mode = 'live'").pluck().get() as number) ?? 0;
  }

  waiting(now: Date): WaitingItems {
    const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
    const row = this.#db
      .prepare(
        `SELECT count(*) AS total, min(updated_at) AS oldest,
                coalesce(sum(updated_at > @d1), 0) AS underDay,
                coalesce(sum(updated_at <= @d1 AND updated_at > @d3), 0) AS days1to3,
                coalesce(sum(updated_at <= @d3 AND updated_at > @d7), 0) AS days3to7,
                coalesce(sum(updated_at <= @d7), 0) AS week
           FROM items WHERE state = 'CLEARED' AND mode = 'live'`,
      )
      .get({ d1: ago(1), d3: ago(3), d7: ago(7) }) as { total: number; oldest: string | null; underDay: number; days1to3: number; days3to7: number; week: number };
    return { total: row.total, byAge: { underDay: row.underDay, days1to3: row.days1to3, days3to7: row.days3to7, week: row.week }, oldestSince: row.oldest };
  }
}
